from django import forms

from dxnet.core.forms import ModelForm

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


class ScopedAgencyField(forms.CharField):
    """An agency named by its code, among those the form's user may see (and of `kinds`, when given)."""

    def __init__(self, *, kinds=(), **kwargs):
        kwargs.setdefault("label", "Mã cơ quan")
        kwargs.setdefault("help_text", "Mã hiện ở trang chi tiết của cơ quan, ví dụ ubnd-xa-02647.")
        super().__init__(max_length=60, **kwargs)
        self.kinds = kinds
        self.user = None

    def prepare_value(self, value):
        """Show the code, whether the form holds an agency, its id (from an instance) or typed text."""
        if isinstance(value, Agency):
            return value.code
        if isinstance(value, int):
            return Agency.objects.filter(pk=value).values_list("code", flat=True).first()
        return value

    def clean(self, value):
        code = super().clean(value).strip()
        if not code and not self.required:
            return None
        agencies = Agency.objects.visible_to(self.user).filter(code=code)
        if self.kinds:
            agencies = agencies.filter(kind__in=self.kinds)
        agency = agencies.first()
        if agency is None:
            raise forms.ValidationError(f"Không có cơ quan mã “{code}” phù hợp trong phạm vi của bạn.")
        return agency


class ScopedForm(ModelForm):
    """A model form whose agency fields and choices are limited to what its user may see."""

    needs = ("user",)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, ScopedAgencyField):
                field.user = user


class AgencyDecisionForm(ModelForm):
    class Meta:
        model = AgencyDecision
        fields = ["purpose", "number", "issued_on", "issuer", "summary", "file"]
        widgets = {"issued_on": _DATE}


class AgencyCodesField(forms.CharField):
    """Several agencies named by their codes (comma or line separated), any period, anywhere in the tree."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Mã hiện ở trang chi tiết của cơ quan; nhiều mã cách nhau bằng dấu phẩy.")
        super().__init__(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), **kwargs)

    def clean(self, value):
        codes = [code.strip() for code in super().clean(value).replace("\n", ",").split(",") if code.strip()]
        found = {a.code: a for a in Agency.objects.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise forms.ValidationError(f"Không có cơ quan mã: {', '.join(missing)}.")
        return [found[code] for code in dict.fromkeys(codes)]


class ReorganisationEventForm(forms.Form):
    """A merger, split, rename or transfer to preview and apply later (national administrators)."""

    kind = forms.ChoiceField(label="Loại sắp xếp", choices=ReorganisationEvent.Kind.choices)
    effective_on = forms.DateField(label="Ngày có hiệu lực", widget=_DATE)
    basis = forms.CharField(label="Căn cứ", max_length=300, help_text="Ví dụ: Nghị quyết 202/2025/QH15.")
    predecessors = AgencyCodesField(label="Cơ quan trước sắp xếp")
    successors = AgencyCodesField(label="Cơ quan sau sắp xếp (hợp nhất, chia tách)", required=False)
    new_name = forms.CharField(label="Tên mới (đổi tên)", max_length=300, required=False)
    new_parent = forms.CharField(label="Mã cơ quan cấp trên mới (chuyển)", max_length=60, required=False)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)

    def clean_new_parent(self):
        code = self.cleaned_data["new_parent"].strip()
        if not code:
            return None
        parent = Agency.objects.filter(code=code).first()
        if parent is None:
            raise forms.ValidationError(f"Không có cơ quan mã “{code}”.")
        return parent
