"""The pages' forms: each hands its data to a service; the rules (levels 1–5, past days, the approval) live in the
model and the service, so the form, the API and the sheet answer with the same Vietnamese message."""

from django import forms

from dxnet.agencies.forms import ScopedAgencyField, ScopedForm
from dxnet.core.forms import AsOfField, ModelForm
from dxnet.people.forms import DATE

from . import rules
from .models import InformationSystem, SecurityAssessment, SecurityDrill, TrustLabel

LEVEL = forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 5})
FILE_HELP = "Không bắt buộc. PDF, Word, Excel, ảnh hoặc ZIP; tối đa 20 MB."


class SystemForm(ScopedForm):
    """Register (or describe) a system; its agency only when registering."""

    agency = ScopedAgencyField(label="Cơ quan chủ quản")
    url = forms.URLField(label="Địa chỉ truy cập", max_length=300, required=False, assume_scheme="https")

    class Meta:
        model = InformationSystem
        fields = ["agency", "name", "purpose", "operator", "hosting", "url", "public_facing", "proposed_level",
                  "approved_level", "dossier_number", "dossier_date", "dossier_approver", "dossier_file",
                  "protection_implemented_on", "valid_from"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}), "dossier_date": DATE,
                   "protection_implemented_on": DATE, "valid_from": DATE, "proposed_level": LEVEL,
                   "approved_level": LEVEL}
        help_texts = {"dossier_file": FILE_HELP, "valid_from": "Để trống: hôm nay.",
                      "approved_level": "Chỉ ghi khi hồ sơ đề xuất cấp độ đã được phê duyệt."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False  # the model says what is missing, as in the API and the sheet
        if self.instance.pk:
            del self.fields["agency"]


class ApprovalForm(ModelForm):
    """The approval of the level dossier (hồ sơ đề xuất cấp độ)."""

    class Meta:
        model = InformationSystem
        fields = ["approved_level", "dossier_number", "dossier_date", "dossier_approver", "dossier_file"]
        widgets = {"dossier_date": DATE, "approved_level": LEVEL}
        help_texts = {"dossier_file": FILE_HELP}


class EndForm(ModelForm):
    class Meta:
        model = InformationSystem
        fields = ["valid_to"]
        widgets = {"valid_to": DATE}
        labels = {"valid_to": "Ngày ngừng hoạt động"}


class AssessmentForm(ModelForm):
    class Meta:
        model = SecurityAssessment
        fields = ["assessed_on", "assessor", "result", "notes", "file"]
        widgets = {"assessed_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"file": FILE_HELP}


class TrustLabelForm(ModelForm):
    class Meta:
        model = TrustLabel
        fields = ["number", "issued_on", "expires_on"]
        widgets = {"issued_on": DATE, "expires_on": DATE}


class DrillForm(ScopedForm):
    agency = ScopedAgencyField(label="Ủy ban nhân dân tỉnh hoặc bộ tổ chức", kinds=SecurityDrill.BODY_KINDS)

    class Meta:
        model = SecurityDrill
        fields = ["agency", "date", "live_fire", "scenario", "result", "systems"]
        widgets = {"date": DATE, "scenario": forms.Textarea(attrs={"rows": 3}),
                   "result": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"systems": "Hệ thống của tỉnh, bộ tham gia diễn tập; ưu tiên hệ thống cấp độ 3 trở lên."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["systems"].queryset = InformationSystem.objects.visible_to(self.user).select_related("agency")
        self.fields["systems"].required = False
        self.fields["systems"].label_from_instance = lambda s: f"{s.name} ({s.agency.name}, cấp độ {s.level or '?'})"


class SummaryForm(forms.Form):
    tier = forms.ChoiceField(label="Cấp", choices=list(rules.TIERS.items()), initial="province")
    as_of = AsOfField(label="Tính đến ngày")
