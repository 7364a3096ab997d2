from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from dxnet.core.scoping import get_for_user
from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceModelFormView

from . import services
from .filters import MilestoneFilterSet
from .forms import ComplianceForm, MilestoneForm
from .models import Milestone, MilestoneKind


class ComplianceView(TemplateView):
    """Seed 003's tables for any milestone and day: x/N, the earliest with their dates, those without."""

    template_name = "monitoring/compliance.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        first = MilestoneKind.objects.first()
        form = ComplianceForm(self.request.GET or {"kind": first.pk if first else None, "as_of": today,
                                                   "earliest": 5, "year": today.year})
        tables = []
        if form.is_valid():
            data = form.cleaned_data
            tables = [services.compliance(form.code, tier, data["as_of"], data["earliest"])
                      for tier in ("ministry", "province")]
        return super().get_context_data(form=form, tables=tables, **kwargs)


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
             ("Văn bản", "document"), ("Cơ quan ban hành văn bản", "issuer"))
    edit_url_name = "monitoring:milestone-update"
    template_name = "monitoring/milestone_detail.html"

    def get_parent_link(self):
        return "Mốc đã đạt", reverse("monitoring:milestones")


class MilestoneEditView(ServiceModelFormView):
    model = Milestone
    form_class = MilestoneForm
    service = services.do_record_milestone
    title = "Ghi nhận mốc"


class MilestoneFileView(View):
    """The document behind a milestone, to those who may see the agency's milestones."""

    def get(self, request, pk):
        milestone = get_for_user(Milestone.objects, request.user, pk=pk)
        if not milestone.file:
            raise Http404
        return FileResponse(milestone.file.open("rb"), as_attachment=True,
                            filename=milestone.file.name.rsplit("/", 1)[-1])
