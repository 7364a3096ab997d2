from django import forms

from dxnet.core.forms import ModelForm
from dxnet.core.pickers import PICK_HELP, PickerField, PickerMultipleField, bind_pickers

from .models import Agency, AgencyDecision, ReorganisationEvent

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgencyForm(ModelForm):
    class Meta:
        model = Agency
        fields = ["code", "name", "kind", "valid_from", "valid_to", "is_dx_lead"]
        widgets = {"valid_from": _DATE, "valid_to": _DATE}
        help_texts = {"code": "Chữ thường không dấu, số và dấu gạch ngang; không đổi về sau."}


class AgencyEditForm(AgencyForm):
    class Meta(AgencyForm.Meta):
        fields = ["name", "kind", "valid_from", "valid_to", "is_dx_lead", "headcount", "is_dedicated_dx_unit",
                  "has_dx_division"]


class ScopedAgencyField(PickerField):
    """An agency of the form user's scope (of `kinds`, when given), chosen by typing part of its name: a picker.

    Its code, typed or posted (the API, older links), is still accepted."""

    def __init__(self, *, kinds=(), **kwargs):
        kwargs.setdefault("label", "Cơ quan")
        kwargs.setdefault("help_text", PICK_HELP)
        super().__init__("co-quan", params={"loai": list(kinds)} if kinds else None, **kwargs)
        self.kinds = tuple(kinds)


class ScopedAgenciesField(PickerMultipleField):
    """Several agencies of the form user's scope, picked one by one (or typed by name or code)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Gõ một phần tên cơ quan (không cần dấu) rồi chọn; chọn lần lượt từng cơ quan, "
                                       "bỏ đánh dấu để bỏ một cơ quan.")
        super().__init__("co-quan", **kwargs)


class ScopedForm(ModelForm):
    """A model form whose agency fields and choices are limited to what its user may see.

    A new object's agency starts as the user's own, when it may be chosen there."""

    needs = ("user",)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bind_pickers(self, user)
        own = getattr(user, "agency", None)
        if self.instance.pk is None and own is not None and not self.is_bound:
            for name, field in self.fields.items():
                if isinstance(field, ScopedAgencyField) and field.required and self.initial.get(name) in (None, "") \
                        and (not field.kinds or own.kind in field.kinds):
                    self.initial[name] = own


class AgencyDecisionForm(ModelForm):
    class Meta:
        model = AgencyDecision
        fields = ["purpose", "number", "issued_on", "issuer", "summary", "file"]
        widgets = {"issued_on": _DATE}


class ReorganisationEventForm(forms.Form):
    """A merger, split, rename or transfer to preview and apply later (national administrators)."""

    kind = forms.ChoiceField(label="Loại sắp xếp", choices=ReorganisationEvent.Kind.choices)
    effective_on = forms.DateField(label="Ngày có hiệu lực", widget=_DATE)
    basis = forms.CharField(label="Căn cứ", max_length=300, help_text="Ví dụ: Nghị quyết 202/2025/QH15.")
    predecessors = ScopedAgenciesField(label="Cơ quan trước sắp xếp")
    successors = ScopedAgenciesField(label="Cơ quan sau sắp xếp (hợp nhất, chia tách)", required=False)
    new_name = forms.CharField(label="Tên mới (đổi tên)", max_length=300, required=False)
    new_parent = ScopedAgencyField(label="Cơ quan cấp trên mới (chuyển)", required=False)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        bind_pickers(self, user)  # a national administrator's: every agency, of any period
