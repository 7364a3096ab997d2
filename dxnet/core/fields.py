"""Model fields that own their normalisation, so every door (form, API, spreadsheet, command) stores one form."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from .phone import normalise_phone


def canonical_phone(value) -> str:
    """The stored form of a typed phone; a Vietnamese ValidationError when it is not one."""
    try:
        return normalise_phone(value)
    except ValueError as error:
        raise ValidationError(str(error), code="invalid_phone") from None


class PhoneFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return value if value in self.empty_values else canonical_phone(value)


class PhoneField(models.CharField):
    """A Vietnamese phone number, stored as 0 followed by 9 or 10 digits whatever was typed ("+84 912 345 678", or
    "912345678" when a spreadsheet dropped the leading 0): `core.phone.normalise_phone` is the one rule."""

    description = "Số điện thoại"
    default_validators = [canonical_phone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 15)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value if value in self.empty_values else canonical_phone(value)

    def get_prep_value(self, value):
        """Saved and looked up in the canonical form, so "+84 912 345 678" finds 0912345678."""
        value = super().get_prep_value(value)
        if value:
            try:
                return normalise_phone(value)
            except ValueError:
                return value  # not a phone: stored rows were validated; a lookup simply finds nothing
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneFormField, "max_length": 20, **kwargs})
