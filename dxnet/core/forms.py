
from django import forms

from .privacy import secret_fields
from .validators import DAY_RANGE_MESSAGE, EARLIEST_DAY, LATEST_DAY

BLANK = "— Chọn —"
KEEP_SECRET = "để trống nếu không đổi"


class AsOfField(forms.DateField):
    """The day figures are computed on (dd/mm/yyyy or yyyy-mm-dd), within the years the platform has data for:
    a day like 01/01/0001 is a typing error, and computing months before it would fail."""

    earliest, latest = EARLIEST_DAY, LATEST_DAY

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not self.earliest <= value <= self.latest:
            raise forms.ValidationError(DAY_RANGE_MESSAGE, code="out_of_range")


class ModelForm(forms.ModelForm):
    """A model form whose empty choice reads in Vietnamese, not "---------".

    Editing, the model's secret fields (a national ID) are not pre-filled: left empty, the stored value stays.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_secrets = set()
        if self.instance.pk is not None:
            for name in secret_fields(type(self.instance)) & self.fields.keys():
                self.kept_secrets.add(name)
                self.initial[name] = ""
                stored = getattr(self.instance, f"masked_{name}", "")
                self.fields[name].help_text = f"Đang lưu {stored}; {KEEP_SECRET}." if stored else \
                    f"Chưa có; {KEEP_SECRET}."
                self.fields[name].widget.attrs["autocomplete"] = "off"
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label is not None:
                    field.empty_label = BLANK
            elif isinstance(field, forms.ChoiceField):
                field.choices = [(value, BLANK if value == "" else label) for value, label in field.choices]

    def clean(self):
        cleaned = super().clean()
        for name in self.kept_secrets:
            if cleaned.get(name) in ("", None):  # the instance still holds the stored value here
                cleaned[name] = getattr(self.instance, name)
        return cleaned
