from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceFormView

from . import lineage, services
from .access import get_agency_for_user, get_decision_for_user
from .filters import AgencyFilterSet
from .forms import AgencyDecisionForm, AgencyEditForm, AgencyForm
from .models import Agency
from .pages import agency_sections


class AgencyListView(ScopedListView):
    model = Agency
    related = ("parent", "admin_unit")
    filterset_class = AgencyFilterSet


def _tree_nodes(queryset, request):
    """Agencies of a tree level, in force today unless every period was asked for."""
    if request.GET.get("all") != "1":
        queryset = queryset.valid_on(timezone.localdate())
    return queryset.annotate(child_count=Count("children")).in_tree_order()


class AgencyTreeView(TemplateView):
    """The tree from the user's own agency down (from the Government for national users), with search."""

    template_name = "agencies/agency_tree.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible = Agency.objects.visible_to(user)
        roots = visible.filter(parent__isnull=True) if user.sees_everything else visible.filter(pk=user.agency_id)
        filterset = AgencyFilterSet(self.request.GET or None, queryset=visible, request=self.request)
        matches = None
        if filterset.is_bound and filterset.form.is_valid() and filterset.form.cleaned_data.get("search"):
            matches = list(filterset.qs.select_related("admin_unit")[:50])
            codes = {code for a in matches for code in a.path.strip("/").split("/")}
            names = dict(visible.filter(code__in=codes).values_list("code", "name"))
            for agency in matches:
                agency.lineage = [names[c] for c in agency.path.strip("/").split("/")[:-1] if c in names]
        return super().get_context_data(
            roots=_tree_nodes(roots, self.request), filter=filterset, matches=matches,
            show_all=self.request.GET.get("all") == "1", **kwargs,
        )


class AgencyChildrenView(TemplateView):
    """The children of one node, loaded when it is expanded."""

    template_name = "agencies/_tree_nodes.html"

    def get_context_data(self, **kwargs):
        agency = get_agency_for_user(self.request.user, self.kwargs["pk"])
        nodes = _tree_nodes(Agency.objects.visible_to(self.request.user).filter(parent=agency), self.request)
        return super().get_context_data(nodes=nodes, show_all=self.request.GET.get("all") == "1", **kwargs)


class AgencyDetailView(ScopedDetailView):
    model = Agency
    related = ("parent", "admin_unit", "successor")

    def get_context_data(self, **kwargs):
        agency = self.object
        user = self.request.user
        visible = Agency.objects.visible_to(user)
        today = timezone.localdate()
        return super().get_context_data(
            decisions=agency.decisions.all(),
            ancestors=agency.ancestors(within=visible),
            children_count=visible.filter(parent=agency).count(),
            predecessors=visible.filter(pk__in=[p.pk for p in lineage.predecessors(agency)]),
            # An open start (since founding) comes first in every database (PostgreSQL puts NULL last).
            names=agency.names.order_by(F("valid_from").asc(nulls_first=True)),
            parents=agency.parents.select_related("parent").order_by(F("valid_from").asc(nulls_first=True)),
            successor_visible=agency.successor_id and visible.filter(pk=agency.successor_id).exists(),
            users=agency.users.visible_to(user).filter(is_active=True),
            today=today, **agency_sections(agency, user, today), **kwargs,
        )


class _AgencyWriteMixin:
    def dispatch(self, request, *args, **kwargs):
        self.agency = get_agency_for_user(request.user, kwargs["pk"], action="change")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        cancel = reverse("agencies:detail", args=[self.agency.pk])
        return super().get_context_data(agency=self.agency, cancel_url=cancel, **kwargs)

    def get_success_url(self, agency):
        return reverse("agencies:detail", args=[agency.pk])


class AgencyCreateView(_AgencyWriteMixin, ServiceFormView):
    form_class = AgencyForm
    template_name = "agencies/agency_form.html"
    extra_context = {"title": "Thêm đơn vị trực thuộc"}

    def perform(self, form):
        agency = services.do_create_agency(self.agency, acting_user=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"Đã thêm “{agency.name}”.")
        return agency


class AgencyUpdateView(_AgencyWriteMixin, ServiceFormView):
    form_class = AgencyEditForm
    template_name = "agencies/agency_form.html"
    extra_context = {"title": "Sửa thông tin cơ quan"}

    def get_form_kwargs(self):
        # The form edits its own copy: the page around it (breadcrumb) shows the agency as stored.
        return {**super().get_form_kwargs(), "instance": Agency.objects.get(pk=self.agency.pk)}

    def versioned_object(self):
        return self.agency

    def perform(self, form):
        agency = services.do_update_agency(self.agency, acting_user=self.request.user,
                                           seen_version=self.seen_version, **form.cleaned_data)
        messages.success(self.request, "Đã lưu thay đổi.")
        return agency


class AgencyDeleteView(_AgencyWriteMixin, TemplateView):
    template_name = "agencies/agency_confirm_delete.html"

    def post(self, request, *args, **kwargs):
        parent_id = self.agency.parent_id
        try:
            services.do_delete_agency(self.agency, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("agencies:detail", self.agency.pk)
        messages.success(request, f"Đã xóa “{self.agency.name}”.")
        return redirect("agencies:detail", parent_id) if parent_id else redirect("agencies:list")


class AgencyDecisionCreateView(_AgencyWriteMixin, ServiceFormView):
    """Record a decision restructuring the agency or reinforcing its staffing."""

    form_class = AgencyDecisionForm
    template_name = "agencies/agency_form.html"
    extra_context = {"title": "Thêm quyết định kiện toàn, tăng cường nhân lực"}

    def perform(self, form):
        services.do_add_agency_decision(self.agency, acting_user=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Đã ghi nhận quyết định.")
        return self.agency


class AgencyDecisionFileView(View):
    """The scanned decision, to those who may see the agency."""

    def get(self, request, pk):
        decision = get_decision_for_user(request.user, pk)
        if not decision.file:
            raise Http404
        return FileResponse(decision.file.open("rb"), as_attachment=True,
                            filename=decision.file.name.rsplit("/", 1)[-1])
