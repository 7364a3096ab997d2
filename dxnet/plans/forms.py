from django import forms

from dxnet.agencies.forms import ScopedAgenciesField, ScopedAgencyField, ScopedForm
from dxnet.core.forms import BLANK, ModelForm
from dxnet.core.pickers import PickerField
from dxnet.people.forms import DATE

from .models import (
    YEAR_BOUNDS,
    AssessmentEntry,
    BudgetDeclaration,
    Disbursement,
    Indicator,
    IndicatorValue,
    Plan,
    PlanTemplate,
    Project,
    Task,
    TaskUpdate,
)
from .services.measures import COMPUTED_CHOICES


class PlanCreateForm(ScopedForm):
    """A plan of an agency of the user's scope, from a template, for a year (or several)."""

    agency = ScopedAgencyField(label="Cơ quan ban hành")
    until_year = forms.IntegerField(label="Đến năm", required=False, min_value=2000, max_value=2100,
                                    help_text="Để trống nếu kế hoạch chỉ trong một năm.")

    class Meta:
        model = Plan
        fields = ["template", "agency", "year", "until_year", "title"]
        help_texts = {"title": "Để trống để dùng tên của mẫu."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].required = True
        self.fields["template"].queryset = PlanTemplate.objects.visible_to(self.user)
        self.fields["title"].required = False


class PlanIssueForm(ModelForm):
    class Meta:
        model = Plan
        fields = ["number", "issued_on", "place", "signer_title", "signer_name"]
        widgets = {"issued_on": DATE}
        help_texts = {"signer_title": "Ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True


class PlanWithdrawForm(forms.Form):
    """Why an issued plan is withdrawn (the milestone it recorded goes with it)."""

    reason = forms.CharField(label="Lý do thu hồi", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Hãy ghi lý do thu hồi kế hoạch."},
                             help_text="Ví dụ: “Thay thế bằng Kế hoạch số 140/KH-UBND”.")


class TaskForm(ScopedForm):
    """A task of a plan: what, who leads, who cooperates, by when, and the project columns."""

    lead = ScopedAgencyField(label="Cơ quan chủ trì", required=False)
    cooperating = ScopedAgenciesField(label="Các cơ quan phối hợp", required=False)

    class Meta:
        model = Task
        fields = ["group", "parent", "code", "title", "content", "lead", "cooperating", "deadline_text", "support",
                  "novelty", "objective", "scale"]
        help_texts = {"deadline_text": "Như trong văn bản: “Quý II/2025”, “Năm 2024”, “30/3/2024”, "
                                       "“Thường xuyên”, “trước ngày 30 tháng 11 hàng năm”…"}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["group"].queryset = plan.groups.all()
        self.fields["parent"].queryset = plan.tasks.filter(parent__isnull=True).exclude(pk=self.instance.pk)


class TaskUpdateForm(ModelForm):
    """A report on a task: results, optionally a new status and progress, and evidence."""

    class Meta:
        model = TaskUpdate
        fields = ["text", "status", "progress", "document_number", "document_date", "document_title", "file"]
        widgets = {"document_date": DATE, "text": forms.Textarea(attrs={"rows": 4})}
        labels = {"status": "Hiện trạng mới", "progress": "Tiến độ mới (%)"}
        help_texts = {"status": "Để trống nếu chỉ báo cáo kết quả, minh chứng.",
                      "file": "Văn bản, ảnh chụp… (tối đa 20 MB)."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "— Không đổi —"), *Task.Status.choices]
        self.fields["progress"].widget.attrs.update(min=0, max=100)


class BulkStatusForm(forms.Form):
    tasks = forms.ModelMultipleChoiceField(queryset=Task.objects.none(), label="Nhiệm vụ",
                                           error_messages={"required": "Chọn ít nhất một nhiệm vụ."})
    status = forms.ChoiceField(label="Hiện trạng", choices=[("", BLANK), *Task.Status.choices])

    def __init__(self, *args, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = tasks


class SettleRoleForm(forms.Form):
    """The agency that carries out a template's role: one of the plan's agency and those below it, in force on the
    plan's day, picked by name."""

    role = forms.CharField(widget=forms.HiddenInput)
    agency = PickerField("co-quan", label="Cơ quan", error_messages={"required": "Chọn cơ quan thực hiện."})

    def __init__(self, *args, plan: Plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.params = {"thuoc": str(plan.agency_id), "ngay": plan.resolved_on.isoformat()}
        field.bind_user(user)
        field.widget.attrs["aria-label"] = "Cơ quan thực hiện"


class AssessmentForm(ModelForm):
    class Meta:
        model = AssessmentEntry
        fields = ["achieved", "shortcomings"]


class TemplateImportForm(forms.Form):
    file = forms.FileField(label="Tệp mẫu kế hoạch (JSON)",
                           help_text="Cùng định dạng với tệp tải về từ trang của một mẫu.")


# --- Indicators, projects, budget ---------------------------------------------------------------

class IndicatorForm(ModelForm):
    """An objective of the plan, quantified (Appendix III, II)."""

    computed_from = forms.ChoiceField(label="Tính từ số liệu của dxnet", required=False, choices=COMPUTED_CHOICES,
                                      help_text="Chỉ khi nguồn số liệu là “Tính từ dữ liệu của dxnet”.")

    class Meta:
        model = Indicator
        fields = ["code", "name", "unit", "baseline_value", "baseline_on", "target_value", "target_on", "frequency",
                  "source", "computed_from"]
        widgets = {"baseline_on": DATE, "target_on": DATE}


class IndicatorValueForm(ModelForm):
    """A value as of a day; a second value for the same day says why."""

    class Meta:
        model = IndicatorValue
        fields = ["on", "value", "note"]
        widgets = {"on": DATE}


class _YearsInOneMessage:
    """Year fields bounded by the model's YEAR_BOUNDS alone: one Vietnamese message ("Năm phải trong khoảng…"),
    not also the form field's own "at least 0" for a positive number."""

    year_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.year_fields:
            field = self.fields[name]
            field.min_value = field.max_value = None
            field.validators = list(YEAR_BOUNDS)
            field.widget.attrs.update(min=2000, max=2100)


class ProjectForm(_YearsInOneMessage, ModelForm):
    """The money side of a task (Appendix III, VII): approved total, funding source, period, stage."""

    year_fields = ("start_year", "end_year")

    class Meta:
        model = Project
        fields = ["kind", "start_year", "end_year", "approved_total", "funding_source", "funding_detail", "stage",
                  "approval"]


class _ReplacingForm(_YearsInOneMessage, ModelForm):
    """A form for a row that is one per key (a year): a second one replaces the first, through the service."""

    year_fields = ("year",)

    def validate_unique(self):
        return


class DisbursementForm(_ReplacingForm):
    class Meta:
        model = Disbursement
        fields = ["year", "amount", "declared_on"]
        widgets = {"declared_on": DATE}
        help_texts = {"year": "Nhập lại một năm đã có thì số mới thay số cũ (lịch sử vẫn được lưu)."}


class BudgetDeclarationForm(ScopedForm, _ReplacingForm):
    agency = ScopedAgencyField(label="Cơ quan")

    class Meta:
        model = BudgetDeclaration
        fields = ["agency", "year", "total", "declared_on", "document"]
        widgets = {"declared_on": DATE}
