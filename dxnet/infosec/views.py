"""The pages of the register: systems (list, overdue list, page, forms), drills, and the table per province or
ministry for a day (the dashboard card's drill-down)."""

from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceFormView, ServiceModelFormView, local_path

from . import rules, services
from .access import get_drill_for_user, get_system_for_user
from .filters import InformationSystemFilterSet, SecurityDrillFilterSet
from .forms import (
    ApprovalForm,
    AssessmentForm,
    DrillForm,
    EndForm,
    SummaryForm,
    SystemForm,
    TrustLabelForm,
)
from .models import InformationSystem, SecurityAssessment, SecurityDrill, TrustLabel


def _with_due(systems, day) -> None:
    """Each row's next due date, from the annotations of `rules.with_assessment`."""
    for system in systems:
        system.next_due = rules.next_assessment_due(system.approved_level, system.dossier_date,
                                                    system.last_assessed_on)


class SystemListView(ScopedListView):
    model = InformationSystem
    related = ("agency",)
    filterset_class = InformationSystemFilterSet
    title = "Hệ thống thông tin theo cấp độ"
    template_name = "infosec/system_list.html"
    export_kind = "information-systems"
    actions = (("Đăng ký hệ thống", "infosec:create", "can_manage_registry"),
               ("Quá hạn kiểm tra, đánh giá", "infosec:overdue", ""), ("Bảng theo tỉnh, bộ", "infosec:summary", ""),
               ("Diễn tập", "infosec:drills", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = self.filterset.day
        _with_due(context["object_list"], day)
        context.update(day=day, counts=rules.figures(InformationSystem.objects.visible_to(self.request.user), day))
        return context


class OverdueListView(SystemListView):
    """The systems whose periodic assessment is overdue on the day, the longest overdue first."""

    title = "Hệ thống quá hạn kiểm tra, đánh giá định kỳ"
    actions = (("Tất cả hệ thống", "infosec:list", ""),)

    def get_queryset(self):
        return super().get_queryset().filter(is_overdue=True).order_by(Coalesce("last_assessed_on", "dossier_date"),
                                                                       "pk")


class SystemDetailView(ScopedDetailView):
    model = InformationSystem
    related = ("agency",)
    template_name = "infosec/system_detail.html"

    def get_parent_link(self):
        return "Hệ thống thông tin theo cấp độ", reverse("infosec:list")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        system = rules.with_assessment(InformationSystem.objects.filter(pk=self.object.pk), today).get()
        return super().get_context_data(
            today=today, overdue=system.is_overdue, last_assessed_on=system.last_assessed_on,
            next_due=rules.next_assessment_due(system.approved_level, system.dossier_date, system.last_assessed_on),
            cycle=rules.CYCLE_MONTHS.get(system.approved_level), assessments=self.object.assessments.all(),
            labels=[(label, label.is_valid_on(today)) for label in self.object.trust_labels.all()],
            drills=self.object.drills.select_related("agency"),
            may_write=self.request.user.can_manage_registry, **kwargs)


class SystemCreateView(ServiceModelFormView):
    model = InformationSystem
    form_class = SystemForm
    service = services.do_register_system
    title = "Đăng ký hệ thống thông tin"


class _SystemChangeView(ServiceModelFormView):
    model = InformationSystem

    def get_object(self):
        return get_system_for_user(self.request.user, self.kwargs["pk"], action="change")

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent_link=(str(self.object), self.object.get_absolute_url()), **kwargs)


class SystemUpdateView(_SystemChangeView):
    form_class = SystemForm
    service = services.do_update_system
    title = "Cập nhật hệ thống thông tin"


class SystemApproveView(_SystemChangeView):
    form_class = ApprovalForm
    service = services.do_approve_level
    title = "Phê duyệt hồ sơ đề xuất cấp độ"


class SystemEndView(_SystemChangeView):
    form_class = EndForm
    service = services.do_end_system
    title = "Ngừng hoạt động hệ thống"


class _OnSystemFormView(ServiceFormView):
    """A record about the system in the URL (an assessment, a trust label): 404 out of scope, 403 without the role."""

    template_name = "generic_form.html"
    model = None
    title = ""

    def dispatch(self, request, *args, **kwargs):
        self.system = get_system_for_user(request.user, kwargs["pk"], action="change")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.model(system=self.system)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, parent_link=(str(self.system),
                                                                       self.system.get_absolute_url()),
                                        cancel_url=self.system.get_absolute_url(), **kwargs)

    def get_success_url(self, result):
        return self.system.get_absolute_url()


class AssessmentCreateView(_OnSystemFormView):
    model = SecurityAssessment
    form_class = AssessmentForm
    title = "Ghi nhận kiểm tra, đánh giá an toàn thông tin"

    def perform(self, form):
        return services.do_record_assessment(SecurityAssessment(), acting_user=self.request.user, system=self.system,
                                             **form.cleaned_data)


class TrustLabelCreateView(_OnSystemFormView):
    model = TrustLabel
    form_class = TrustLabelForm
    title = "Ghi nhận nhãn tín nhiệm mạng"

    def perform(self, form):
        return services.do_record_trust_label(TrustLabel(), acting_user=self.request.user, system=self.system,
                                              **form.cleaned_data)


class SystemFileView(View):
    """The dossier's file, or an assessment's report, to those who see the system."""

    def get(self, request, pk, which):
        system = get_system_for_user(request.user, pk)
        if which == "ho-so":
            file = system.dossier_file
        elif which.isdigit():
            assessment = system.assessments.filter(pk=int(which)).first() if len(which) < 19 else None
            file = assessment.file if assessment else None
        else:
            file = None
        if not file:
            raise Http404
        return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


class DrillListView(ScopedListView):
    model = SecurityDrill
    related = ("agency",)
    filterset_class = SecurityDrillFilterSet
    title = "Diễn tập an toàn thông tin"
    columns = (("Ngày", "date"), ("Tỉnh, bộ", "agency.name"), ("Diễn tập", "__str__"), ("Kịch bản", "scenario"))
    detail_url_name = "infosec:drill"
    actions = (("Ghi nhận diễn tập", "infosec:drill-create", "can_manage_registry"),
               ("Hệ thống thông tin", "infosec:list", ""))


class DrillDetailView(ScopedDetailView):
    model = SecurityDrill
    related = ("agency",)
    template_name = "infosec/drill_detail.html"

    def get_parent_link(self):
        return "Diễn tập an toàn thông tin", reverse("infosec:drills")

    def get_context_data(self, **kwargs):
        return super().get_context_data(systems=self.object.systems.select_related("agency"), **kwargs)


class DrillCreateView(ServiceModelFormView):
    model = SecurityDrill
    form_class = DrillForm
    service = services.do_record_drill
    title = "Ghi nhận diễn tập an toàn thông tin"


class DrillUpdateView(DrillCreateView):
    title = "Cập nhật diễn tập"

    def get_object(self):
        return get_drill_for_user(self.request.user, self.kwargs["pk"], action="change")


class SummaryView(TemplateView):
    """Per province or ministry on a day: systems, approved, protected, overdue, drills, each rule met or not."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    template_name = "infosec/summary.html"

    def get_context_data(self, **kwargs):
        form = SummaryForm(self.request.GET or {"tier": "province",
                                                "as_of": timezone.localdate().isoformat()})
        table = None
        if form.is_valid():
            table = rules.summary(self.request.user, tier=form.cleaned_data["tier"], as_of=form.cleaned_data["as_of"])
        return super().get_context_data(form=form, table=table, totals=table.totals if table else None,
                                        back=local_path(self.request.GET.get("next"), reverse("infosec:list")),
                                        deadlines=(rules.DOSSIER_DEADLINE, rules.PROTECTION_DEADLINE), **kwargs)
