import datetime
import json
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView, TemplateView

from dxnet.core.pagination import IdPaginator
from dxnet.core.services import require_role
from dxnet.core.views import CheckedPageMixin, ScopedDetailView, ScopedListView, ServiceFormView, local_path

from . import exports, services
from .access import (
    get_assessment_entry_for_user,
    get_plan_for_user,
    get_task_for_user,
    get_task_update_for_user,
    get_template_for_user,
)
from .filters import PlanFilterSet, TaskFilterSet
from .forms import (
    AssessmentForm,
    BulkStatusForm,
    PlanCreateForm,
    PlanIssueForm,
    PlanWithdrawForm,
    SettleRoleForm,
    TaskForm,
    TaskUpdateForm,
    TemplateImportForm,
)
from .models import AssessmentEntry, Plan, PlanTemplate, Task


def _first_error(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Templates ---------------------------------------------------------------------------------

class PlanTemplateListView(ScopedListView):
    model = PlanTemplate
    title = "Mẫu kế hoạch"
    columns = (("Mẫu", "title"), ("Phiên bản", "version"), ("Dùng cho", "tier"), ("Số nhóm", "group_count"),
               ("Số nhiệm vụ", "task_count"), ("Nguồn", "source"))
    detail_url_name = "plans:template"
    actions = (("Thêm mẫu từ tệp", "plans:template-import", "sees_everything"),
               ("Lập kế hoạch", "plans:create", "can_manage_plans"))


class PlanTemplateDetailView(ScopedDetailView):
    model = PlanTemplate
    template_name = "plans/plantemplate_detail.html"

    def get_context_data(self, **kwargs):
        roles = self.object.document.get("roles", {})
        for group in self.object.document["groups"]:
            for task in [t for top in group.get("tasks", []) for t in [top, *top.get("subtasks", [])]]:
                task["lead_label"] = roles.get(task.get("lead") or "", {}).get("label", "—")
        return super().get_context_data(**kwargs)


class PlanTemplateDownloadView(View):
    """The template's document, in the format an administrator imports."""

    def get(self, request, pk):
        template = get_template_for_user(request.user, pk)
        response = HttpResponse(json.dumps(template.document, ensure_ascii=False, indent=1),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{template.code}-{template.version}.json"'
        return response


class PlanTemplateImportView(ServiceFormView):
    form_class = TemplateImportForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user.sees_everything, "Chỉ quản trị quốc gia được thêm mẫu kế hoạch.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="Thêm mẫu kế hoạch từ tệp", cancel_url=reverse("plans:templates"),
                                        **kwargs)

    def perform(self, form):
        data = services.read_template_file(form.cleaned_data["file"].read())
        template, created = services.do_save_template(data, acting_user=self.request.user)
        messages.success(self.request, f"Đã {'thêm' if created else 'cập nhật'} mẫu “{template.title}”.")
        return template

    def get_success_url(self, template):
        return template.get_absolute_url()


# --- Plans -------------------------------------------------------------------------------------

class PlanListView(ScopedListView):
    model = Plan
    related = ("agency", "template")
    filterset_class = PlanFilterSet
    title = "Kế hoạch"
    columns = (("Kế hoạch", "title"), ("Cơ quan ban hành", "agency.name"), ("Năm", "years"),
               ("Số, ký hiệu", "number"), ("Trạng thái", "status"))
    detail_url_name = "plans:detail"
    actions = (("Lập kế hoạch từ mẫu", "plans:create", "can_manage_plans"), ("Mẫu kế hoạch", "plans:templates", ""),
               ("Nhiệm vụ của cơ quan tôi", "plans:my-tasks", ""), ("Lịch thời hạn", "plans:timeline", ""),
               ("Chỉ tiêu", "plans:indicators", ""), ("Dự án, kinh phí", "plans:projects", ""),
               ("Tỷ lệ chi cho CNTT", "plans:spending", ""))


class PlanCreateView(ServiceFormView):
    form_class = PlanCreateForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user.can_manage_plans, "Vai trò của bạn không được lập kế hoạch.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"year": timezone.localdate().year, "agency": getattr(self.request.user.agency, "code", ""),
                "template": self.request.GET.get("template")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="Lập kế hoạch từ mẫu", cancel_url=reverse("plans:list"), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.do_create_plan(data["template"], data["agency"], data["year"], acting_user=self.request.user,
                                       until_year=data["until_year"], title=data["title"])

    def get_success_url(self, plan):
        return plan.get_absolute_url()


class PlanDetailView(ScopedDetailView):
    """The plan laid out like seed 000's roadmap: each group, its tasks, ✓ / Đ / ✗ and the roll-ups."""

    model = Plan
    related = ("agency", "template")
    template_name = "plans/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan, user = self.object, self.request.user
        today = timezone.localdate()
        tasks = Task.objects.filter(plan=plan).select_related("lead").prefetch_related("cooperating")
        # The roll-ups count the whole plan; the rows are the tasks this user may open.
        visible = tasks.visible_to(user)
        filterset = TaskFilterSet.for_plan(plan, self.request.GET or None, visible, self.request)
        shown = list(filterset.qs.order_by("order"))
        groups, total = services.rollup(list(tasks.order_by("order")), list(plan.groups.all()), today)
        shown_ids = {t.pk for t in shown}
        for row in groups:
            row.shown = [t for t in row.tasks if t.pk in shown_ids]
        may_manage = services.may_manage_plan(plan, user)
        unresolved = services.unresolved_roles(plan)
        settle_forms = [(role, SettleRoleForm(initial={"role": role["role"]}, plan=plan, user=user,
                                              auto_id=f"id_{role['role']}_%s"))
                        for role in unresolved] if may_manage else []
        return super().get_context_data(
            groups=groups, total=total, filter=filterset, may_manage=may_manage,
            hidden=sum(len(row.tasks) for row in groups) - visible.count(),
            unresolved=unresolved, settle_forms=settle_forms,
            to_confirm=sum(t.deadline_to_confirm for row in groups for t in row.tasks),
            review=plan.document.get("review", []), reworded=plan.document.get("reworded", []),
            may_report=user.can_manage_registry, statuses=Task.Status.choices, today=today,
            assessment=plan.assessment.all(), **self.measures(plan, today), **kwargs)

    @staticmethod
    def measures(plan: Plan, today) -> dict:
        """The plan's indicators on the day (x of N on track) and its projects with what they disbursed."""
        indicator_rows = services.plan_statuses(plan, today)
        projects = exports.projects_of(plan)
        for project in projects:
            project.warning = services.over_warning(project, project.disbursed or 0)
        return {"indicator_rows": indicator_rows, "indicator_track": services.roll_up(indicator_rows),
                "projects": projects,
                "approved_total": sum((p.approved_total or 0 for p in projects), start=0),
                "disbursed_total": sum((p.disbursed or 0 for p in projects), start=0)}


class PlanActionView(View):
    """A POST on a plan the user may see (`action` "view") or change ("change"); the service decides the rest."""

    action = "view"

    def post(self, request, pk):
        plan = get_plan_for_user(request.user, pk, action=self.action)
        try:
            message = self.act(plan, request)
        except ValidationError as error:
            messages.error(request, _first_error(error))
        else:
            messages.success(request, message)
        return redirect(local_path(request.POST.get("next"), plan.get_absolute_url()))

    def act(self, plan, request) -> str:
        raise NotImplementedError


class PlanSettleRoleView(PlanActionView):
    action = "change"

    def act(self, plan, request):
        form = SettleRoleForm(request.POST, plan=plan, user=request.user)
        if not form.is_valid():
            raise ValidationError("Chọn cơ quan thực hiện.")
        count = services.do_settle_role(plan, form.cleaned_data["role"], form.cleaned_data["agency"],
                                        acting_user=request.user)
        return f"Đã giao {count} nhiệm vụ cho {form.cleaned_data['agency']}."


class PlanConfirmDeadlinesView(PlanActionView):
    """"Xác nhận các thời hạn đã chuyển": the plan's manager accepts every deadline moved to the plan's year."""

    action = "change"

    def act(self, plan, request):
        count = services.do_confirm_deadlines(plan, acting_user=request.user)
        return f"Đã xác nhận thời hạn của {count} nhiệm vụ."


class PlanBulkStatusView(PlanActionView):
    def act(self, plan, request):
        require_role(request.user.can_manage_registry, "Vai trò của bạn không được báo cáo nhiệm vụ.")
        form = BulkStatusForm(request.POST, tasks=Task.objects.visible_to(request.user).filter(plan=plan))
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        count = services.do_bulk_status(list(form.cleaned_data["tasks"]), form.cleaned_data["status"],
                                        acting_user=request.user)
        return f"Đã cập nhật hiện trạng {count} nhiệm vụ."


class PlanIssueView(ServiceFormView):
    form_class = PlanIssueForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_plan_for_user(request.user, kwargs["pk"], action="change")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Plan.objects.get(pk=self.plan.pk)}

    def get_initial(self):
        place = self.plan.agency.admin_unit.name if self.plan.agency.admin_unit else "Hà Nội"
        return {"place": self.plan.place or place.removeprefix("Tỉnh ").removeprefix("Thành phố "),
                "issued_on": self.plan.issued_on or timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"Ban hành: {self.plan.title}", cancel_url=self.plan.get_absolute_url(),
                                        parent_link=(str(self.plan.agency), self.plan.get_absolute_url()), **kwargs)

    def perform(self, form):
        return services.do_issue_plan(self.plan, acting_user=self.request.user, **form.cleaned_data)

    def get_success_url(self, plan):
        return plan.get_absolute_url()


class PlanWithdrawView(ServiceFormView):
    """Withdraw an issued plan, with the reason; the milestone it recorded is withdrawn with it."""

    form_class = PlanWithdrawForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_plan_for_user(request.user, kwargs["pk"], action="change")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"Thu hồi: {self.plan.title}", cancel_url=self.plan.get_absolute_url(),
                                        parent_link=(str(self.plan.agency), self.plan.get_absolute_url()), **kwargs)

    def perform(self, form):
        plan = services.do_withdraw_plan(self.plan, acting_user=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Đã thu hồi kế hoạch.")
        return plan

    def get_success_url(self, plan):
        return plan.get_absolute_url()


class PlanExportView(View):
    """The plan as an official DOCX (Nghị định 30/2020/NĐ-CP) or as an XLSX with one row per task."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    def get(self, request, pk, fmt):
        plan = get_plan_for_user(request.user, pk)
        return exports.response(plan, fmt, request.user)


class AssessmentEditView(ServiceFormView):
    form_class = AssessmentForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.entry = get_assessment_entry_for_user(request.user, kwargs["pk"], action="change")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": AssessmentEntry.objects.get(pk=self.entry.pk)}

    def versioned_object(self):
        return self.entry

    def get_context_data(self, **kwargs):
        plan = self.entry.plan
        return super().get_context_data(title=f"Đánh giá: {self.entry}", cancel_url=plan.get_absolute_url(),
                                        parent_link=(plan.title, plan.get_absolute_url()), **kwargs)

    def perform(self, form):
        return services.do_save_assessment(self.entry, acting_user=self.request.user,
                                           seen_version=self.seen_version, **form.cleaned_data)

    def get_success_url(self, entry):
        return entry.plan.get_absolute_url() + "#danh-gia"


# --- Tasks -------------------------------------------------------------------------------------

class TaskListView(ScopedListView):
    model = Task
    related = ("plan", "lead", "group")
    filterset_class = TaskFilterSet
    paginator_class = IdPaginator
    title = "Nhiệm vụ"
    columns = (("Nhiệm vụ", "title"), ("Số", "code"), ("Kế hoạch", "plan.title"), ("Chủ trì", "lead.name"),
               ("Thời hạn", "deadline_text"), ("Hạn", "due_date"), ("Hiện trạng", "status"),
               ("Tiến độ (%)", "progress"))
    detail_url_name = "plans:task"
    actions = (("Nhiệm vụ của cơ quan tôi", "plans:my-tasks", ""), ("Lịch thời hạn", "plans:timeline", ""),
               ("Kế hoạch", "plans:list", ""))

    def visible(self):
        return Task.objects.listed_for(self.request.user)

    def get_queryset(self):
        # The newest plans first, each plan's tasks in their order: by the plan's id rather than its agency's name
        # and title, which would join every visible task (53,000 for a province at 3×) to its plan's agency to sort.
        return super().get_queryset().order_by("-plan__year", "plan_id", "order")


class MyTasksView(TemplateView):
    """The tasks the user's agency leads, and those it cooperates on."""

    template_name = "plans/my_tasks.html"

    def get_context_data(self, **kwargs):
        agency = self.request.user.agency
        leading, cooperating = services.tasks_of_agency(agency, self.request.user) if agency else ([], [])
        return super().get_context_data(agency=agency, leading=leading, cooperating=cooperating,
                                        today=timezone.localdate(), **kwargs)


class TimelineView(CheckedPageMixin, ListView):
    """Tasks by month of their due date, the earliest (overdue) first, among the filtered tasks the user may see:
    pages of 200, put in order by the tasks' ids and dates alone (a province holds 53,000 tasks at 3×)."""

    template_name = "plans/timeline.html"
    paginate_by = 200
    paginator_class = IdPaginator

    def get_queryset(self):
        tasks = Task.objects.listed_for(self.request.user).filter(due_date__isnull=False).select_related(
            "plan", "lead")
        self.filterset = TaskFilterSet(self.request.GET or None, queryset=tasks, request=self.request)
        return self.filterset.qs.order_by("due_date", "plan_id", "order")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for task in context["object_list"]:
            task.overdue = task.is_overdue(today)
        months = [(datetime.date(y, m, 1), list(items)) for (y, m), items in
                  groupby(context["object_list"], key=lambda t: (t.due_date.year, t.due_date.month))]
        query = self.request.GET.copy()
        query.pop("page", None)
        return {**context, "filter": self.filterset, "months": months, "today": today,
                "query_without_page": query.urlencode()}


class TaskDetailView(ScopedDetailView):
    model = Task
    related = ("plan", "plan__agency", "lead", "group", "parent", "project")
    template_name = "plans/task_detail.html"

    def get_context_data(self, **kwargs):
        task, user = self.object, self.request.user
        today = timezone.localdate()
        subtasks = list(task.subtasks.select_related("lead"))
        for sub in subtasks:
            sub.overdue = sub.is_overdue(today)
        return super().get_context_data(
            overdue=task.is_overdue(today), cooperating=task.cooperating.order_by("name"), subtasks=subtasks,
            periods=task.periods.all(), updates=task.updates.select_related("agency", "author"),
            may_report=user.can_manage_registry, may_set_status=services.may_set_status(task, user),
            may_edit=services.may_manage_plan(task.plan, user), form=TaskUpdateForm(),
            project=getattr(task, "project", None), **kwargs)


class TaskUpdateCreateView(ServiceFormView):
    form_class = TaskUpdateForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.task = get_task_for_user(request.user, kwargs["pk"])
        require_role(request.user.can_manage_registry, "Vai trò của bạn không được báo cáo nhiệm vụ.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"Báo cáo nhiệm vụ {self.task}", cancel_url=self.task.get_absolute_url(),
                                        parent_link=(self.task.plan.title, self.task.plan.get_absolute_url()),
                                        **kwargs)

    def perform(self, form):
        return services.do_record_update(self.task, acting_user=self.request.user, **form.cleaned_data)

    def get_success_url(self, update):
        messages.success(self.request, "Đã ghi nhận báo cáo.")
        return self.task.get_absolute_url()


class TaskEditView(ServiceFormView):
    """Add a task to a plan (`plan`) or change one (`pk`): the plan's own agency only."""

    form_class = TaskForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs:
            self.task = get_task_for_user(request.user, kwargs["pk"], action="change")
            self.plan = self.task.plan
        else:
            self.plan = get_plan_for_user(request.user, kwargs["plan"], action="change")
            self.task = Task(plan=self.plan)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        instance = Task.objects.get(pk=self.task.pk) if self.task.pk else None
        return {**super().get_form_kwargs(), "user": self.request.user, "plan": self.plan, "instance": instance}

    def versioned_object(self):
        return self.task if self.task.pk else None

    def get_context_data(self, **kwargs):
        title = f"Sửa nhiệm vụ {self.task}" if self.task.pk else "Thêm nhiệm vụ"
        return super().get_context_data(title=title, cancel_url=self.plan.get_absolute_url(),
                                        parent_link=(self.plan.title, self.plan.get_absolute_url()), **kwargs)

    def perform(self, form):
        return services.do_save_task(self.task, acting_user=self.request.user, seen_version=self.seen_version,
                                     **form.cleaned_data)

    def get_success_url(self, task):
        return task.get_absolute_url()


class EvidenceFileView(View):
    """An evidence file, to those who may see its task."""

    def get(self, request, pk):
        update = get_task_update_for_user(request.user, pk)
        if not update.file:
            raise Http404
        return FileResponse(update.file.open("rb"), as_attachment=True, filename=update.file.name.rsplit("/", 1)[-1])
