"""What of DX staff moves when their agency ends in a reorganisation: designations in force and the people."""

from django.db.models import Q

from dxnet.agencies.reorganisation import Movable

from .models import FocalPoint, Person


def _phone_clashes(people, receiver) -> list[str]:
    """A phone is one person's within an agency: two people of the merged bodies with one phone are for a person
    to settle first."""
    errors = []
    phones = set(Person.objects.filter(agency=receiver).values_list("phone", flat=True))
    for person in people.select_related("agency").order_by("agency__path", "pk"):
        if person.phone in phones:
            errors.append(f"“{receiver.name}” sẽ có hai người cùng số điện thoại của {person.full_name} "
                          f"({person.agency.name}); hãy sửa một người trước.")
        phones.add(person.phone)
    return errors


MOVABLES = (
    Movable("focal_points", "Quyết định cử đầu mối CĐS đang hiệu lực",
            lambda olds, day: FocalPoint.objects.filter(agency__in=olds).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=day))),
    Movable("people", "Cán bộ, công chức làm công tác CĐS", lambda olds, day: Person.objects.filter(agency__in=olds),
            check=_phone_clashes),
)
