"""What a person field offers: the people of the registry within the user's scope."""

from django.db.models import Q

from dxnet.core.phone import normalise_phone
from dxnet.core.pickers import PickerSource

from .models import Person


def person_choices(user, params: dict):
    return Person.objects.visible_to(user)


def person_hint(person: Person) -> str:
    return " · ".join(part for part in (person.position, person.agency.name) if part)


def by_phone(text: str) -> Q | None:
    """A typed phone number, in any of the forms people write it."""
    if sum(ch.isdigit() for ch in text) < 9:
        return None
    try:
        return Q(phone=normalise_phone(text))
    except ValueError:
        return None


PERSON_PICKER = PickerSource("can-bo", person_choices, label=lambda p: p.full_name, hint=person_hint, exact=by_phone,
                             related=("agency",))
