"""Training pages: the course catalogue, plans with the two seed-004 rules and their laggards, a plan's sessions, a
session's participants and scores, quality per course and provider, and the participation records."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from dxnet.agencies.models import Agency
from dxnet.core.forms import AsOfField
from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceModelFormView

from . import services
from .access import get_course_for_user, get_plan_for_user, get_record_for_user, get_session_for_user
from .filters import CourseFilterSet, TrainingPlanFilterSet, TrainingRecordFilterSet
from .forms import (
    CourseEditForm,
    CourseForm,
    ParticipantForm,
    TrainingPlanEditForm,
    TrainingPlanForm,
    TrainingRecordForm,
    TrainingSessionForm,
)
from .models import Course, TrainingPlan, TrainingRecord, TrainingSession
from .services import LABELS


def day_param(request) -> tuple[datetime.date, str]:
    """The day asked for (`as_of`), or today with the reason a bad one was set aside."""
    raw = request.GET.get("as_of")
    if not raw:
        return timezone.localdate(), ""
    try:
        return AsOfField().clean(raw), ""
    except ValidationError as error:
        return timezone.localdate(), " ".join(error.messages)


# --- Participation records (the existing register, extended) ---------------------------------------------------

class TrainingRecordListView(ScopedListView):
    model = TrainingRecord
    related = ("agency", "person", "session__course")
    filterset_class = TrainingRecordFilterSet
    title = "Kết quả bồi dưỡng, tập huấn về chuyển đổi số"
    columns = (("Cán bộ", "person.full_name"), ("Cơ quan", "agency.name"), ("Khóa", "course_title"),
               ("Ngày hoàn thành", "completed_on"), ("Số giờ", "hours"), ("Đánh giá (1–5)", "evaluation"),
               ("Điểm kiểm tra", "post_test"))
    detail_url_name = "training:record"
    export_kind = "trainings"
    actions = (("Ghi nhận kết quả", "training:record-create", "can_manage_registry"),
               ("Danh mục khóa học", "training:courses", ""), ("Kế hoạch bồi dưỡng", "training:plans", ""),
               ("Chất lượng khóa học", "training:quality", ""))


class TrainingRecordDetailView(ScopedDetailView):
    model = TrainingRecord
    related = ("agency", "person", "session__course", "session__organiser")
    template_name = "training/trainingrecord_detail.html"
    facts = (("Cán bộ", "person.full_name"), ("Cơ quan", "agency.name"), ("Khóa", "course_title"),
             ("Đơn vị tổ chức", "provider_shown"), ("Ngày hoàn thành", "completed_on"), ("Số giờ", "hours"),
             ("Điểm đánh giá khóa học (1–5)", "evaluation"), ("Điểm kiểm tra sau khóa học", "post_test"))
    edit_url_name = "training:record-update"

    def get_parent_link(self):
        session = self.object.session
        return (str(session), session.get_absolute_url()) if session else None


class TrainingRecordEditView(ServiceModelFormView):
    model = TrainingRecord
    form_class = TrainingRecordForm
    service = services.do_record_training
    title = "Kết quả bồi dưỡng, tập huấn"


class CertificateView(View):
    """A participant's certificate, to whoever sees the record."""

    def get(self, request, pk):
        record = get_record_for_user(request.user, pk)
        if not record.certificate:
            raise Http404
        return FileResponse(record.certificate.open("rb"), as_attachment=True,
                            filename=record.certificate.name.rsplit("/", 1)[-1])


# --- The course catalogue --------------------------------------------------------------------------------------

class CourseListView(ScopedListView):
    model = Course
    related = ("agency",)
    filterset_class = CourseFilterSet
    title = "Danh mục khóa bồi dưỡng, tập huấn kỹ năng số"
    columns = (("Khóa học", "title"), ("Đối tượng", "audience"), ("Hình thức", "form"),
               ("Số giờ", "hours"), ("Đơn vị cung cấp", "provider"), ("Thuộc", "owner"), ("Nguồn", "source_shown"))
    detail_url_name = "training:course"
    actions = (("Thêm khóa học", "training:course-create", "can_manage_registry"),)


class CourseDetailView(ScopedDetailView):
    model = Course
    related = ("agency",)
    template_name = "training/course_detail.html"
    facts = (("Mã", "code"), ("Đối tượng", "audience"), ("Hình thức", "form"),
             ("Số giờ", "hours"), ("Đơn vị cung cấp", "provider"), ("Thuộc", "owner"), ("Nguồn", "source_shown"))

    def get_context_data(self, **kwargs):
        sessions = (TrainingSession.objects.visible_to(self.request.user).filter(course=self.object)
                    .select_related("plan__agency", "organiser").order_by("-starts_on")[:50])
        records = TrainingRecord.objects.visible_to(self.request.user).filter(
            Q(session__course=self.object) | Q(session__isnull=True, course=self.object.title))
        context = super().get_context_data(sessions=sessions, scores=services.averages(records), **kwargs)
        user = self.request.user
        owner_ok = user.sees_everything if self.object.is_national else user.can_manage_registry
        context["may_edit"] = owner_ok
        return context


class CourseCreateView(ServiceModelFormView):
    model = Course
    form_class = CourseForm
    service = services.do_save_course
    title = "Thêm khóa bồi dưỡng, tập huấn"


class CourseUpdateView(ServiceModelFormView):
    model = Course
    form_class = CourseEditForm
    service = services.do_save_course
    title = "Sửa khóa bồi dưỡng, tập huấn"

    def get_object(self):
        return get_course_for_user(self.request.user, self.kwargs["pk"], action="change")


# --- Plans and their rules -------------------------------------------------------------------------------------

class TrainingPlanListView(ScopedListView):
    """The plans in scope, and above them the two rules of the day per ministry or province, with laggards."""

    model = TrainingPlan
    related = ("agency",)
    filterset_class = TrainingPlanFilterSet
    template_name = "training/trainingplan_list.html"
    title = "Kế hoạch bồi dưỡng, tập huấn kỹ năng số"
    columns = (("Kế hoạch", "year_label"), ("Cơ quan", "agency.name"), ("Số văn bản", "document_number"),
               ("Ngày phê duyệt", "approved_on"))
    detail_url_name = "training:plan"
    actions = (("Thêm kế hoạch", "training:plan-create", "can_manage_registry"),
               ("Chất lượng khóa học", "training:quality", ""))

    def get_context_data(self, **kwargs):
        on, error = day_param(self.request)
        tier = self.request.GET.get("tier") or "province"
        if tier not in services.TIERS:
            tier, error = "province", "Cấp không hợp lệ; đang xem cấp tỉnh."
        bodies = Agency.objects.visible_to(self.request.user).valid_on(on)
        table = services.plan_compliance(bodies, tier=tier, on=on)
        return super().get_context_data(table=table, tiers=services.TIERS, labels=LABELS, day_error=error,
                                        on=on, **kwargs)


class TrainingPlanDetailView(ScopedDetailView):
    model = TrainingPlan
    related = ("agency",)
    template_name = "training/trainingplan_detail.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        # A past year's plan is judged at the end of its year; this year's, today.
        on = today if self.object.year >= today.year else datetime.date(self.object.year, 12, 31)
        sessions = self.object.sessions.select_related("course", "organiser").order_by("starts_on", "pk")
        sessions = sessions.annotate(people=Count("participants"))
        return super().get_context_data(standing=services.plan_standing(self.object, on), sessions=sessions,
                                        labels=LABELS, on=on, **kwargs)


class TrainingPlanCreateView(ServiceModelFormView):
    model = TrainingPlan
    form_class = TrainingPlanForm
    service = services.do_save_plan
    title = "Thêm kế hoạch bồi dưỡng, tập huấn kỹ năng số"


class TrainingPlanUpdateView(ServiceModelFormView):
    model = TrainingPlan
    form_class = TrainingPlanEditForm
    service = services.do_save_plan
    title = "Cập nhật kế hoạch bồi dưỡng, tập huấn"

    def get_object(self):
        return get_plan_for_user(self.request.user, self.kwargs["pk"], action="change")


class TrainingPlanFileView(View):
    def get(self, request, pk):
        plan = get_plan_for_user(request.user, pk)
        if not plan.file:
            raise Http404
        return FileResponse(plan.file.open("rb"), as_attachment=True, filename=plan.file.name.rsplit("/", 1)[-1])


# --- Sessions and participants ---------------------------------------------------------------------------------

class TrainingSessionCreateView(ServiceModelFormView):
    """A class of the plan in the URL."""

    model = TrainingSession
    form_class = TrainingSessionForm
    service = services.do_save_session
    title = "Thêm lớp bồi dưỡng, tập huấn"

    def get_object(self):
        self.plan = get_plan_for_user(self.request.user, self.kwargs["pk"], action="change")
        services.require_manage(self.plan.agency, self.request.user)
        return

    def new_object(self):
        return TrainingSession(plan=self.plan)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.new_object()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent_link=(str(self.plan), self.plan.get_absolute_url()), **kwargs)

    def perform(self, form):
        return services.do_save_session(self.new_object(), acting_user=self.request.user, plan=self.plan,
                                        **form.cleaned_data)


class TrainingSessionUpdateView(ServiceModelFormView):
    model = TrainingSession
    form_class = TrainingSessionForm
    service = services.do_save_session
    title = "Sửa lớp bồi dưỡng, tập huấn"

    def get_object(self):
        return get_session_for_user(self.request.user, self.kwargs["pk"], action="change")


class TrainingSessionDetailView(ScopedDetailView):
    model = TrainingSession
    related = ("plan__agency", "course", "organiser")
    template_name = "training/trainingsession_detail.html"

    def get_context_data(self, **kwargs):
        participants = self.object.participants.select_related("person", "agency").order_by("person__full_name")
        return super().get_context_data(participants=participants, scores=services.averages(participants),
                                        may_edit=self.request.user.can_manage_registry, **kwargs)


class ParticipantCreateView(ServiceModelFormView):
    """A participant of the session in the URL, with their completion and scores."""

    model = TrainingRecord
    form_class = ParticipantForm
    service = services.do_record_training
    title = "Thêm học viên"

    def get_object(self):
        self.session = get_session_for_user(self.request.user, self.kwargs["pk"], action="change")
        return

    def new_object(self):
        return TrainingRecord(session=self.session)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.new_object()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent_link=(str(self.session), self.session.get_absolute_url()), **kwargs)

    def perform(self, form):
        return services.do_record_training(self.new_object(), acting_user=self.request.user, session=self.session,
                                           **form.cleaned_data)

    def get_success_url(self, record):
        return self.session.get_absolute_url()


# --- Quality ---------------------------------------------------------------------------------------------------

class QualityView(TemplateView):
    """Seed 000, task 5: is training real and effective? Participants' evaluation and post-test per course and
    per provider, over the records the user sees, for a year."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    template_name = "training/quality.html"

    def get_context_data(self, **kwargs):
        raw = self.request.GET.get("year", "")
        year = int(raw) if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year
        records = TrainingRecord.objects.visible_to(self.request.user).filter(
            completed_on__year=year)
        return super().get_context_data(year=year, courses=services.quality(records, "course"),
                                        providers=services.quality(records, "provider"),
                                        scores=services.averages(records), **kwargs)
