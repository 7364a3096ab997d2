from django import forms

from .models import Agency

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["code", "name", "kind", "valid_from", "valid_to", "is_dx_lead"]
        widgets = {"valid_from": _DATE, "valid_to": _DATE}
        help_texts = {"code": "Chữ thường không dấu, số và dấu gạch ngang; không đổi về sau."}


class AgencyEditForm(AgencyForm):
    class Meta(AgencyForm.Meta):
        fields = ["name", "kind", "valid_from", "valid_to", "is_dx_lead"]
