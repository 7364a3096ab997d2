from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceFormView

from . import services
from .access import get_inspected_agency_for_user, get_inspection_for_user
from .forms import FindingsForm, FollowUpForm, InspectionForm
from .models import FollowUp, InspectedAgency, Inspection, checklist


class InspectionListView(ScopedListView):
    model = Inspection
    related = ("agency",)
    title = "Đoàn kiểm tra"
    columns = (("Đoàn kiểm tra", "title"), ("Cơ quan kiểm tra", "agency.name"), ("Từ ngày", "starts_on"),
               ("Đến ngày", "ends_on"))
    detail_url_name = "inspections:detail"
    actions = (("Lập đoàn kiểm tra", "inspections:create", "can_manage_plans"),
               ("Độ bao phủ kiểm tra", "inspections:coverage", ""))


class InspectionDetailView(ScopedDetailView):
    """The inspected agencies the user may see, each with its status, findings and follow-up tasks."""

    model = Inspection
    related = ("agency",)
    template_name = "inspections/detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        targets = (InspectedAgency.objects.visible_to(user).filter(inspection=self.object)
                   .select_related("agency", "inspection")
                   .prefetch_related(Prefetch("followups", FollowUp.objects.select_related("task__plan"))))
        may_change = services.may_inspect(user) and services.scope_of(user).covers(self.object.agency.path)
        return super().get_context_data(targets=targets, may_change=may_change,
                                        members=self.object.members.select_related("agency"), **kwargs)


class InspectionFormView(ServiceFormView):
    """Create (no pk) or edit an inspection: phone-first, one column."""

    form_class = InspectionForm
    template_name = "generic_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.object = (get_inspection_for_user(request.user, kwargs["pk"], action="change") if "pk" in kwargs
                       else None)
        services.require_inspect(request.user)
        return super().dispatch(request, *args, **kwargs)

    def versioned_object(self):
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        if self.object is None:
            return {"agency": getattr(self.request.user.agency, "code", ""), "starts_on": timezone.localdate()}
        obj = self.object
        return {"agency": obj.agency.code, "title": obj.title, "starts_on": obj.starts_on, "ends_on": obj.ends_on,
                "inspected": ", ".join(obj.targets.values_list("agency__code", flat=True)),
                "members": list(obj.members.all()), "conclusion_number": obj.conclusion_number,
                "conclusion_date": obj.conclusion_date}

    def get_context_data(self, **kwargs):
        title = "Sửa đoàn kiểm tra" if self.object else "Lập đoàn kiểm tra"
        cancel = self.object.get_absolute_url() if self.object else reverse("inspections:list")
        return super().get_context_data(title=title, cancel_url=cancel, **kwargs)

    def perform(self, form):
        data = dict(form.cleaned_data)
        if not data.get("conclusion_file"):
            data.pop("conclusion_file", None)
        return services.do_save_inspection(self.object or Inspection(), acting_user=self.request.user,
                                           seen_version=self.seen_version, **data)

    def get_success_url(self, inspection):
        return inspection.get_absolute_url()


class FindingsView(ServiceFormView):
    """The six questions for one inspected agency (the inspecting side writes; the inspected agency reads)."""

    form_class = FindingsForm
    template_name = "inspections/findings.html"

    def dispatch(self, request, *args, **kwargs):
        self.target = get_inspected_agency_for_user(request.user, kwargs["pk"])
        self.may_change = (services.may_inspect(request.user)
                           and services.scope_of(request.user).covers(self.target.inspection.agency.path))
        if request.method == "POST" and not self.may_change:
            services.require_change(self.target.inspection, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"inspected_on": self.target.inspected_on or timezone.localdate(), **self.target.findings}

    def get_context_data(self, **kwargs):
        return super().get_context_data(target=self.target, may_change=self.may_change,
                                        followup_form=FollowUpForm(), **kwargs)

    def perform(self, form):
        data = dict(form.cleaned_data)
        inspected_on = data.pop("inspected_on")
        return services.do_record_findings(self.target, acting_user=self.request.user, inspected_on=inspected_on,
                                           findings={code: data.get(code, "") for code, _ in checklist()})

    def get_success_url(self, target):
        messages.success(self.request, "Đã ghi kết quả kiểm tra.")
        return target.get_absolute_url()


class FollowUpsView(View):
    """Recommendations typed one a line become tasks of the inspected agency."""

    def post(self, request, pk):
        target = get_inspected_agency_for_user(request.user, pk, action="change")
        form = FollowUpForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors.get("items", ["Kiến nghị không hợp lệ."]))
            made = services.do_add_followups(target, acting_user=request.user, items=form.cleaned_data["items"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Đã giao {len(made)} kiến nghị thành nhiệm vụ của {target.agency}.")
        return redirect(target.get_absolute_url())


class ConclusionFileView(View):
    def get(self, request, pk):
        inspection = get_inspection_for_user(request.user, pk)
        if not inspection.conclusion_file:
            raise Http404
        return FileResponse(inspection.conclusion_file.open("rb"), as_attachment=True,
                            filename=inspection.conclusion_file.name.rsplit("/", 1)[-1])


class CoverageView(TemplateView):
    """National view: x/N provinces and ministries inspected in the year."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    template_name = "inspections/coverage.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        year = self.request.GET.get("year", "")
        year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else today.year
        return super().get_context_data(year=year, tables=[services.coverage(tier, year, today)
                                                           for tier in services.TIERS], **kwargs)
