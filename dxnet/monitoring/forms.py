from django import forms

from dxnet.agencies.forms import ScopedAgencyField, ScopedForm
from dxnet.agencies.models import Agency
from dxnet.core.forms import AsOfField
from dxnet.core.scoping import scope_of
from dxnet.geo.filters import ProvinceField, asked_day
from dxnet.geo.models import AdminUnit
from dxnet.people.forms import DATE

from .models import Milestone, MilestoneKind


class MilestoneForm(ScopedForm):
    agency = ScopedAgencyField(label="Cơ quan")

    class Meta:
        model = Milestone
        fields = ["agency", "kind", "year", "achieved_on", "document", "document_date", "issuer", "file"]
        widgets = {"achieved_on": DATE, "document_date": DATE}
        help_texts = {"year": "Chỉ với mốc theo từng năm (Kế hoạch chuyển đổi số năm …).",
                      "kind": "Kế hoạch CĐS năm, Kế hoạch thực hiện Đề án 1690 và Mạng lưới CĐS được ghi tự động khi "
                              "ban hành kế hoạch, ghi quyết định thành lập mạng lưới; chỉ nhập tay sự kiện trước khi "
                              "có hệ thống."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].required = False


class ComplianceForm(forms.Form):
    """Which milestone, on which day, how many earliest: the question of a compliance table."""

    kind = forms.ModelChoiceField(MilestoneKind.objects.all(), label="Mốc", empty_label=None)
    year = forms.IntegerField(label="Năm (mốc theo năm)", required=False, min_value=2000, max_value=2100)
    as_of = AsOfField(label="Tính đến ngày")
    earliest = forms.IntegerField(label="Số đơn vị sớm nhất", min_value=0, max_value=100, initial=5)
    carry = forms.ChoiceField(label="Cơ quan sau sắp xếp", required=False, initial="none", choices=[
        ("none", "Chỉ tính mốc của chính cơ quan"),
        ("any", "Tính kế thừa khi một cơ quan trước sắp xếp đã thực hiện"),
        ("all", "Tính kế thừa khi tất cả cơ quan trước sắp xếp đã thực hiện")], error_messages={
        "invalid_choice": "Quy tắc kế thừa “%(value)s” không có; chọn một trong các quy tắc trong danh sách."})

    def clean(self):
        data = super().clean()
        data["carry"] = data.get("carry") or "none"
        kind = data.get("kind")
        if kind is not None and kind.yearly and not data.get("year"):
            self.add_error("year", f"Mốc “{kind.name}” cần ghi năm.")
        return data

    @property
    def code(self) -> str:
        kind, year = self.cleaned_data["kind"], self.cleaned_data.get("year")
        return f"{kind.code}-{year}" if kind.yearly else kind.code


class TargetScopeForm(forms.Form):
    as_of = AsOfField(label="Tính đến ngày")
    province = ProvinceField(AdminUnit.objects.provinces(), label="Tỉnh, thành phố", required=False,
                             empty_label="Toàn bộ phạm vi của tôi")
    ministry = forms.ModelChoiceField(Agency.objects.ministry_level().filter(valid_to__isnull=True), required=False,
                                      label="Bộ, ngành", empty_label="—")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        province = self.fields["province"]
        province.queryset = AdminUnit.objects.provinces().visible_to(user)
        province.asked_day, province.chosen = asked_day(self.data), self.data.get("province")
        if scope_of(user).unit_path:  # one province or less: nothing to choose (a province in the URL is checked)
            province.widget = forms.HiddenInput()
        self.fields["ministry"].queryset = Agency.objects.visible_to(user).ministry_level().filter(
            valid_to__isnull=True)
