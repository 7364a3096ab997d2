"""The pages' forms; the rules (bounds, dates, who writes) live in the models and the services."""

from dxnet.agencies.forms import ScopedAgencyField, ScopedForm
from dxnet.agencies.models import Agency
from dxnet.people.forms import DATE
from dxnet.people.models import Person

from .models import HEADCOUNT_MESSAGE, PLANNED_MESSAGE, Course, TrainingPlan, TrainingRecord, TrainingSession

FILE_HELP = "Không bắt buộc. PDF, Word, Excel, ảnh hoặc ZIP; tối đa 20 MB."


class TrainingRecordForm(ScopedForm):
    class Meta:
        model = TrainingRecord
        fields = ["person", "session", "course", "provider", "completed_on", "hours", "evaluation", "post_test",
                  "certificate"]
        widgets = {"completed_on": DATE}
        help_texts = {"session": "Chọn lớp của kế hoạch: tên khóa, đơn vị tổ chức lấy theo lớp.",
                      "certificate": FILE_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.visible_to(self.user).select_related("agency")
        self.fields["session"].queryset = TrainingSession.objects.visible_to(self.user).select_related("course")


class ParticipantForm(ScopedForm):
    """A participant of the session in the URL: a person of the registry, their completion and scores."""

    class Meta:
        model = TrainingRecord
        fields = ["person", "completed_on", "evaluation", "post_test", "certificate"]
        widgets = {"completed_on": DATE}
        help_texts = {"certificate": FILE_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.visible_to(self.user).select_related("agency")


class CourseForm(ScopedForm):
    agency = ScopedAgencyField(label="Cơ quan xây dựng khóa học", required=False,
                               help_text="Để trống: khóa học của danh mục quốc gia (quản trị quốc gia).")

    class Meta:
        model = Course
        fields = ["code", "title", "audience", "form", "hours", "provider", "agency", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "agency" in self.fields and not self.user.sees_everything:
            # Only the national administrator writes the national catalogue: others name their agency.
            self.fields["agency"].required = True
            self.fields["agency"].help_text = "Cơ quan trong phạm vi của bạn xây dựng khóa học."


class CourseEditForm(CourseForm):
    class Meta(CourseForm.Meta):
        fields = ["title", "audience", "form", "hours", "provider", "source"]


class TrainingPlanForm(ScopedForm):
    agency = ScopedAgencyField(label="Bộ, ngành hoặc Ủy ban nhân dân tỉnh",
                               kinds=(*Agency.MINISTRY_LEVEL_KINDS, Agency.Kind.PROVINCIAL_PC))

    class Meta:
        model = TrainingPlan
        fields = ["agency", "year", "document_number", "document_date", "approved_on", "file"]
        widgets = {"document_date": DATE, "approved_on": DATE}
        help_texts = {"file": FILE_HELP}


class TrainingPlanEditForm(TrainingPlanForm):
    class Meta(TrainingPlanForm.Meta):
        fields = ["document_number", "document_date", "approved_on", "file"]


class TrainingSessionForm(ScopedForm):
    organiser = ScopedAgencyField(label="Cơ quan tổ chức", required=False,
                                  help_text="Để trống: cơ quan của kế hoạch.")

    class Meta:
        model = TrainingSession
        fields = ["course", "starts_on", "ends_on", "online", "place", "organiser", "planned_participants",
                  "citizens_headcount"]
        widgets = {"starts_on": DATE, "ends_on": DATE}
        # A negative number: the model's message, not the form field's generic one.
        error_messages = {"planned_participants": {"min_value": PLANNED_MESSAGE},
                          "citizens_headcount": {"min_value": HEADCOUNT_MESSAGE}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.order_by("agency_id", "title")
