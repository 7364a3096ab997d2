"""Pages of a plan's indicators (Appendix III, II), projects and disbursements (VII), and the IT spending ratio
(I.11): lists with drill-down, forms that call the services, the comparison across provinces."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from dxnet.core.services import require_role
from dxnet.core.views import ScopedDetailView, ServiceFormView

from . import services
from .access import get_indicator_for_user, get_plan_for_user, get_project_for_user, get_task_for_user
from .filters import IndicatorPageFilterForm
from .forms import BudgetDeclarationForm, DisbursementForm, IndicatorForm, IndicatorValueForm, ProjectForm
from .models import Indicator, Plan, Project
from .services.budget import with_disbursed
from .services.measures import COMPUTED_SOURCES, PLAN_TEXT, Track, figure_text

ROW_LIMIT = 500  # a list page shows this many rows at most; filters narrow it


def _year(request, default: int) -> int:
    raw = request.GET.get("year") or request.GET.get("nam") or ""
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100):
        raise BadRequest("Năm không hợp lệ.")
    return int(raw)


# --- Indicators -------------------------------------------------------------------------------------

class IndicatorEditView(ServiceFormView):
    """Add an indicator to a plan (`plan`) or change one (`pk`): the plan's own agency only."""

    form_class = IndicatorForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs:
            self.indicator = get_indicator_for_user(request.user, kwargs["pk"], action="change")
            self.plan = self.indicator.plan
        else:
            self.plan = get_plan_for_user(request.user, kwargs["plan"], action="change")
            self.indicator = Indicator(plan=self.plan)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        instance = Indicator.objects.get(pk=self.indicator.pk) if self.indicator.pk else Indicator(plan=self.plan)
        return {**super().get_form_kwargs(), "instance": instance}

    def versioned_object(self):
        return self.indicator if self.indicator.pk else None

    def get_context_data(self, **kwargs):
        title = f"Sửa chỉ tiêu: {self.indicator}" if self.indicator.pk else "Thêm chỉ tiêu"
        return super().get_context_data(title=title, cancel_url=self.plan.get_absolute_url() + "#chi-tieu",
                                        parent_link=(self.plan.title, self.plan.get_absolute_url()), **kwargs)

    def perform(self, form):
        return services.do_save_indicator(self.indicator, acting_user=self.request.user,
                                          seen_version=self.seen_version, **form.cleaned_data)

    def get_success_url(self, indicator):
        return indicator.get_absolute_url()


class IndicatorDetailView(ScopedDetailView):
    """An indicator: baseline, target, where it stands today, and every value ever declared."""

    model = Indicator
    related = ("plan__agency",)
    template_name = "plans/indicator_detail.html"

    def get_context_data(self, **kwargs):
        indicator, user = self.object, self.request.user
        (status,) = services.statuses([indicator], timezone.localdate())
        may_manage = services.may_manage_plan(indicator.plan, user)
        return super().get_context_data(
            status=status, values=indicator.values.select_related("declared_by"), may_manage=may_manage,
            source_label=COMPUTED_SOURCES.get(indicator.computed_from, ("",))[0],
            form=IndicatorValueForm(initial={"on": timezone.localdate()}) if may_manage else None, **kwargs)


class IndicatorValueCreateView(ServiceFormView):
    form_class = IndicatorValueForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.indicator = get_indicator_for_user(request.user, kwargs["pk"], action="change")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"Kê khai giá trị: {self.indicator}",
                                        cancel_url=self.indicator.get_absolute_url(),
                                        parent_link=(str(self.indicator), self.indicator.get_absolute_url()), **kwargs)

    def perform(self, form):
        row = services.do_declare_indicator_value(self.indicator, acting_user=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"Đã ghi giá trị {figure_text(row.value)} tính đến ngày {row.on:%d/%m/%Y}.")
        return row

    def get_success_url(self, row):
        return self.indicator.get_absolute_url()


class FilteredPageMixin:
    """A page whose query goes through IndicatorPageFilterForm: a value the form refuses (a control character in
    the code) is a 400 page saying why, before any query."""

    refused_template = "plans/filter_refused.html"

    def get(self, request, *args, **kwargs):
        self.filters = IndicatorPageFilterForm(request.GET)
        if not self.filters.is_valid():
            return render(request, self.refused_template, {"title": "Bộ lọc không hợp lệ",
                                                           "message": self.filters.first_error(),
                                                           "back_url": request.path}, status=400)
        return super().get(request, *args, **kwargs)


class IndicatorListView(FilteredPageMixin, TemplateView):
    """The indicators of the plans the user sees, on a day, filtered by track (the dashboard's drill-down)."""

    template_name = "plans/indicator_list.html"

    def get_context_data(self, **kwargs):
        request, today = self.request, timezone.localdate()
        indicators = (Indicator.objects.visible_to(request.user).exclude(plan__status=Plan.Status.WITHDRAWN)
                      .select_related("plan__agency").defer(*PLAN_TEXT)
                      .order_by("plan__agency__name", "plan", "order"))
        code = self.filters.cleaned_data["code"].strip()
        if code:
            indicators = indicators.filter(code=code)
        if request.GET.get("year"):
            year = _year(request, today.year)
            indicators = indicators.filter(plan__year__lte=year, plan__until_year__gte=year)
        track = request.GET.get("track", "")
        if track and track not in Track.LABELS:
            raise BadRequest("Trạng thái không hợp lệ.")
        rows = services.statuses(list(indicators[:ROW_LIMIT * 4]), today)
        if track:
            rows = [row for row in rows if row.track == track]
        return super().get_context_data(rows=rows[:ROW_LIMIT], truncated=len(rows) > ROW_LIMIT, today=today,
                                        track=track, tracks=Track.LABELS, code=code, title="Chỉ tiêu của kế hoạch",
                                        **kwargs)


class IndicatorCompareView(FilteredPageMixin, TemplateView):
    """One indicator code across the provinces (and other bodies) whose plans the user sees."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    template_name = "plans/indicator_compare.html"

    def get_context_data(self, **kwargs):
        request, today = self.request, timezone.localdate()
        codes = (Indicator.objects.visible_to(request.user).order_by("code").values_list("code", "name")
                 .distinct())
        names: dict[str, str] = {}
        for code, name in codes[:2000]:
            names.setdefault(code, name)
        code = self.filters.cleaned_data["code"].strip()
        year = _year(request, today.year) if request.GET.get("year") else None
        rows = services.comparison(code, request.user, today, year) if code else []
        return super().get_context_data(codes=sorted(names.items()), code=code, name=names.get(code, ""), rows=rows,
                                        year=year, today=today, **kwargs)


# --- Projects and disbursements ---------------------------------------------------------------------

class ProjectEditView(ServiceFormView):
    """A task's project row: created the first time, changed after (the plan's own agency only)."""

    form_class = ProjectForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.task = get_task_for_user(request.user, kwargs["pk"], action="change")
        self.project = Project.objects.filter(task=self.task).first()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.project or Project(task=self.task)}

    def versioned_object(self):
        return self.project

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"Kinh phí, dự án: {self.task}", cancel_url=self.task.get_absolute_url(),
                                        parent_link=(str(self.task), self.task.get_absolute_url()), **kwargs)

    def perform(self, form):
        return services.do_save_project(self.task, acting_user=self.request.user, seen_version=self.seen_version,
                                        **form.cleaned_data)

    def get_success_url(self, project):
        return project.get_absolute_url()


class ProjectDetailView(ScopedDetailView):
    model = Project
    related = ("task__plan__agency", "task__lead")
    template_name = "plans/project_detail.html"

    def get_context_data(self, **kwargs):
        project = self.object
        may_manage = services.may_manage_plan(project.task.plan, self.request.user)
        disbursements = list(project.disbursements.select_related("declared_by"))
        disbursed = sum((d.amount for d in disbursements), start=0)
        return super().get_context_data(
            disbursements=disbursements, disbursed=disbursed, warning=services.over_warning(project, disbursed),
            may_manage=may_manage, form=DisbursementForm(initial={
                "year": timezone.localdate().year, "declared_on": timezone.localdate()}) if may_manage else None,
            **kwargs)


class DisbursementCreateView(ServiceFormView):
    form_class = DisbursementForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.project = get_project_for_user(request.user, kwargs["pk"], action="change")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"year": timezone.localdate().year, "declared_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        url = self.project.get_absolute_url()
        return super().get_context_data(title=f"Ghi giải ngân: {self.project}", cancel_url=url,
                                        parent_link=(str(self.project), url), **kwargs)

    def perform(self, form):
        row, warning = services.do_record_disbursement(self.project, acting_user=self.request.user,
                                                       **form.cleaned_data)
        messages.success(self.request, f"Đã ghi giải ngân năm {row.year}: {services.amount_text(row.amount)} "
                                       "triệu đồng.")
        if warning:
            messages.warning(self.request, warning)
        return row

    def get_success_url(self, row):
        return self.project.get_absolute_url()


class ProjectListView(TemplateView):
    """Projects and budgeted tasks of the plans the user sees; `over=1` keeps those disbursed over approved."""

    template_name = "plans/project_list.html"

    def get_context_data(self, **kwargs):
        request = self.request
        projects = with_disbursed(Project.objects.visible_to(request.user)).select_related(
            "task__plan__agency", "task__lead").order_by("task__plan__agency__name", "task__plan", "task__order")
        over = request.GET.get("over", "") in ("1", "true")
        if over:
            projects = services.over_approved(projects)
        year = _year(request, 0) if request.GET.get("year") else None
        if year:
            projects = projects.filter(task__plan__year__lte=year, task__plan__until_year__gte=year)
        rows = list(projects[:ROW_LIMIT])
        for project in rows:
            project.warning = services.over_warning(project, project.disbursed or 0)
        return super().get_context_data(rows=rows, over=over, year=year, title="Dự án, nhiệm vụ có kinh phí",
                                        **kwargs)


# --- The IT spending ratio ---------------------------------------------------------------------------

class SpendingView(TemplateView):
    """Per body and year: IT spending (disbursed, budgeted tasks) against the declared total state budget."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    template_name = "plans/spending.html"

    def get_context_data(self, **kwargs):
        year = _year(self.request, timezone.localdate().year)
        return super().get_context_data(rows=services.spending(self.request.user, year), year=year,
                                        may_declare=self.request.user.can_manage_plans, **kwargs)


class BudgetDeclareView(ServiceFormView):
    form_class = BudgetDeclarationForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user.can_manage_plans, "Vai trò của bạn không được kê khai ngân sách.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        today = timezone.localdate()
        return {"agency": getattr(self.request.user.agency, "code", ""), "year": today.year, "declared_on": today}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="Kê khai tổng vốn ngân sách nhà nước trong năm",
                                        cancel_url=reverse("plans:spending"), **kwargs)

    def perform(self, form):
        data = dict(form.cleaned_data)
        row = services.do_declare_budget(data.pop("agency"), acting_user=self.request.user, **data)
        messages.success(self.request, f"Đã ghi tổng vốn ngân sách năm {row.year} của {row.agency}.")
        return row

    def get_success_url(self, row):
        return row.get_absolute_url()
