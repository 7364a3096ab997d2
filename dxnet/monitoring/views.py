import csv

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import TemplateView

from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceModelFormView

from . import dashboard, open_data, services, targets
from .access import get_milestone_for_user
from .filters import MilestoneFilterSet
from .forms import ComplianceForm, MilestoneForm, TargetScopeForm
from .models import Milestone, MilestoneKind


class ComplianceView(TemplateView):
    """Seed 003's tables for any milestone and day: x/N, the earliest with their dates, those without."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    template_name = "monitoring/compliance.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        first = MilestoneKind.objects.first()
        # A link that leaves out the day, the count or the rule takes today's table; a bare page, this year's.
        defaults = {"as_of": today, "earliest": 5, "carry": "none"}
        if not self.request.GET:
            defaults |= {"kind": first.pk if first else None, "year": today.year}
        form = ComplianceForm({**defaults, **self.request.GET.dict()})
        tables = []
        if form.is_valid():
            data = form.cleaned_data
            tables = [services.compliance(form.code, tier, data["as_of"], data["earliest"], carry=data["carry"])
                      for tier in ("ministry", "province")]
        return super().get_context_data(form=form, tables=tables, **kwargs)


def _target_scope(request) -> tuple[TargetScopeForm, targets.Scope | None]:
    form = TargetScopeForm({"as_of": timezone.localdate(), **request.GET.dict()}, user=request.user)
    if not form.is_valid():
        return form, None
    province, ministry = form.cleaned_data["province"], form.cleaned_data["ministry"]
    return form, targets.Scope(request.user, form.cleaned_data["as_of"], province.path if province else None,
                               roots=(ministry.path,) if ministry else ())


class DashboardView(TemplateView):
    """Where things stand for the user's scope: targets, milestones, reporting, overdue tasks, trend, ranking."""

    reads_from_replica = True

    template_name = "monitoring/dashboard.html"

    def get_context_data(self, **kwargs):
        form, scope = _target_scope(self.request)
        if scope is None:
            return super().get_context_data(form=form, **kwargs)
        national = self.request.user.sees_everything and not (scope.province_path or scope.roots)
        return super().get_context_data(form=form, scope=scope, query=self.request.GET.urlencode(),
                                        ratio_reference=targets.DX_STAFF_RATIO_2022,
                                        **dashboard.summary(scope, national), **kwargs)


class TargetsView(TemplateView):
    """The Đề án's targets computed from the registry for the user's scope on a day."""

    reads_from_replica = True

    template_name = "monitoring/targets.html"

    def get_context_data(self, **kwargs):
        form, scope = _target_scope(self.request)
        return super().get_context_data(
            form=form, targets=targets.compute(scope) if scope else [],
            indicators=targets.indicators(scope) if scope else [], approved=targets.APPROVED,
            ratio=targets.staff_ratio(scope) if scope else None, ratio_reference=targets.DX_STAFF_RATIO_2022,
            query=self.request.GET.urlencode(), **kwargs)


class TargetRowsView(TemplateView):
    """The rows behind one target: those counted and those still missing."""

    reads_from_replica = True

    template_name = "monitoring/target_rows.html"

    def get_context_data(self, **kwargs):
        build = targets.EVERY.get(self.kwargs["code"])
        if build is None:
            raise Http404
        form, scope = _target_scope(self.request)
        return super().get_context_data(form=form, target=build(scope) if scope else None, **kwargs)


class MilestoneListView(ScopedListView):
    model = Milestone
    related = ("agency", "kind")
    filterset_class = MilestoneFilterSet
    title = "Mốc đã đạt"
    columns = (("Cơ quan", "agency.name"), ("Mốc", "kind_label"), ("Ngày đạt", "achieved_on"),
               ("Văn bản", "document"))
    detail_url_name = "monitoring:milestone"
    export_kind = "milestones"
    actions = (("Ghi nhận mốc", "monitoring:milestone-create", "can_manage_registry"),
               ("Bảng tuân thủ", "monitoring:compliance", ""))


class MilestoneDetailView(ScopedDetailView):
    model = Milestone
    related = ("agency", "kind")
    facts = (("Cơ quan", "agency.name"), ("Mốc", "kind_label"), ("Mã mốc", "code"), ("Ngày đạt", "achieved_on"),
             ("Văn bản", "document"), ("Ngày văn bản", "document_date"), ("Cơ quan ban hành văn bản", "issuer"))
    edit_url_name = "monitoring:milestone-update"
    template_name = "monitoring/milestone_detail.html"

    def get_parent_link(self):
        return "Mốc đã đạt", reverse("monitoring:milestones")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.derived:  # changed at its source, never by hand
            context["edit_url"] = ""
        return context


class MilestoneEditView(ServiceModelFormView):
    model = Milestone
    form_class = MilestoneForm
    service = services.do_record_milestone
    title = "Ghi nhận mốc"


class MilestoneFileView(View):
    """The document behind a milestone, to those who may see the agency's milestones."""

    def get(self, request, pk):
        milestone = get_milestone_for_user(request.user, pk)
        if not milestone.file:
            raise Http404
        return FileResponse(milestone.file.open("rb"), as_attachment=True,
                            filename=milestone.file.name.rsplit("/", 1)[-1])


@method_decorator(login_not_required, name="dispatch")
class OpenDataPageView(TemplateView):
    """The public page of aggregated figures per province, with CSV and JSON downloads."""

    reads_from_replica = True

    template_name = "monitoring/open_data.html"

    def get_context_data(self, **kwargs):
        rows = open_data.province_figures(timezone.localdate())
        return super().get_context_data(rows=rows, fields=open_data.FIELDS, totals=open_data.national_totals(rows),
                                        today=timezone.localdate(), stories=open_data.published_stories(), **kwargs)


@method_decorator(login_not_required, name="dispatch")
class OpenDataFileView(View):
    reads_from_replica = True

    def get(self, request, fmt):
        day = timezone.localdate()
        rows = open_data.province_figures(day)
        if fmt == "json":
            response = JsonResponse({"as_of": day.isoformat(), "fields": dict(open_data.FIELDS), "provinces": rows,
                                     "success_stories": open_data.published_stories()},
                                    json_dumps_params={"ensure_ascii": False})
        elif fmt == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response.write("\ufeff")  # Excel opens UTF-8 CSV with its byte-order mark
            writer = csv.writer(response)
            writer.writerow([header for _, header in open_data.FIELDS])
            writer.writerows([row[key] for key, _ in open_data.FIELDS] for row in rows)
        else:
            raise Http404
        response["Content-Disposition"] = f'attachment; filename="du-lieu-mo-cds-{day:%Y-%m-%d}.{fmt}"'
        return response
