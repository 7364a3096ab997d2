from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date

from dxnet.agencies.access import get_agency_for_user
from dxnet.agencies.models import Agency
from dxnet.core.filters import DatedSearchFilterSet
from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceModelFormView
from dxnet.geo.filters import ProvinceFilter

from . import services
from .filters import FocalPointFilterSet, JobPositionFilterSet, PersonFilterSet
from .forms import DutyForm, EndDesignationForm, FocalPointForm, JobPositionForm, PersonForm
from .models import FocalPoint, JobPosition, Person


class PersonListView(ScopedListView):
    model = Person
    related = ("agency", "job_position")
    filterset_class = PersonFilterSet
    title = "Cán bộ làm chuyển đổi số"
    columns = (("Họ và tên", "full_name"), ("Chức vụ", "position"), ("Cơ quan", "agency.name"),
               ("Điện thoại", "phone"), ("Vị trí việc làm", "job_position.name"))
    detail_url_name = "people:detail"
    export_kind = "people"

    actions = (("Thêm cán bộ", "people:create", "can_manage_registry"),)


class PersonDetailView(ScopedDetailView):
    model = Person
    related = ("agency", "job_position")

    def get_context_data(self, **kwargs):
        return super().get_context_data(duties=self.object.duties.all(),
                                        designations=self.object.designations.select_related("agency"), **kwargs)


class PersonCreateView(ServiceModelFormView):
    model = Person
    form_class = PersonForm
    service = services.do_save_person
    title = "Thêm cán bộ làm chuyển đổi số"

    def get_initial(self):
        if self.object:
            return super().get_initial()
        agency = self.request.user.agency
        return {"agency": self.request.GET.get("agency") or (agency.code if agency else "")}


class PersonUpdateView(PersonCreateView):
    title = "Sửa thông tin cán bộ"


class DutyCreateView(ServiceModelFormView):
    """Record a DX duty (dedicated or concurrent) for a person."""

    model = Person
    form_class = DutyForm
    title = "Ghi nhận nhiệm vụ chuyển đổi số"

    def get_form_kwargs(self):
        # The URL names the person; the form makes a new duty, not an edit of the person.
        return {**super().get_form_kwargs(), "instance": None}

    def versioned_object(self):
        return None

    def perform(self, form):
        services.do_add_duty(self.object, acting_user=self.request.user, **form.cleaned_data)
        return self.object


class FocalPointListView(ScopedListView):
    model = FocalPoint
    related = ("agency", "person")
    filterset_class = FocalPointFilterSet
    title = "Đầu mối chuyển đổi số"
    columns = (("Cán bộ", "person.full_name"), ("Cơ quan", "agency.name"), ("Điện thoại", "person.phone"),
               ("Quyết định", "decision_number"), ("Ngày quyết định", "decision_date"),
               ("Từ ngày", "valid_from"), ("Đến ngày", "valid_to"))
    detail_url_name = "people:focal-point"
    export_kind = "focal-points"

    actions = (("Cơ quan chưa có đầu mối", "people:missing-focal-points", ""),)


class FocalPointDetailView(ScopedDetailView):
    model = FocalPoint
    related = ("agency__admin_unit", "person")

    def get_context_data(self, **kwargs):
        from dxnet.network.services import network_of

        return super().get_context_data(network=network_of(self.object.agency), **kwargs)


class FocalPointCreateView(ServiceModelFormView):
    """Designate a focal point of the agency in the URL."""

    model = FocalPoint
    form_class = FocalPointForm
    title = "Giao đầu mối chuyển đổi số"

    def dispatch(self, request, *args, **kwargs):
        self.agency = get_agency_for_user(request.user, kwargs["agency"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent_link=(self.agency.name, self.agency.get_absolute_url()), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.do_designate_focal_point(
            self.agency, data["person"], decision_number=data["decision_number"], decision_date=data["decision_date"],
            valid_from=data["valid_from"], valid_to=data["valid_to"], acting_user=self.request.user)


class FocalPointEndView(ServiceModelFormView):
    model = FocalPoint
    form_class = EndDesignationForm
    title = "Kết thúc giao đầu mối"

    def get_initial(self):
        return {"ended_on": timezone.localdate()}

    def perform(self, form):
        return services.do_end_focal_point(self.object, ended_on=form.cleaned_data["ended_on"],
                                           acting_user=self.request.user, seen_version=self.seen_version)


class MissingFocalPointFilterSet(DatedSearchFilterSet):
    province = ProvinceFilter("admin_unit__path")

    class Meta:
        model = Agency
        fields = ["search", "kind", "province"]


class MissingFocalPointListView(ScopedListView):
    """Agencies that must have a DX focal point and have none active today (or on `as_of`)."""

    model = Agency
    related = ("parent",)
    filterset_class = MissingFocalPointFilterSet
    title = "Cơ quan chưa có đầu mối chuyển đổi số"
    columns = (("Cơ quan", "name"), ("Loại", "kind"), ("Cấp trên", "parent.name"))
    detail_url_name = "agencies:detail"

    def get_queryset(self):
        try:
            self.day = parse_date(self.request.GET.get("as_of", "")) or timezone.localdate()
        except ValueError:
            self.day = timezone.localdate()
        missing = services.agencies_without_focal_point(self.request.user, self.day).select_related("parent")
        self.filterset = self.filterset_class(self.request.GET or None, queryset=missing, request=self.request)
        return self.filterset.qs


class JobPositionListView(ScopedListView):
    model = JobPosition
    filterset_class = JobPositionFilterSet
    title = "Danh mục vị trí việc làm"
    columns = (("Tên vị trí việc làm", "name"), ("Nhóm", "group"), ("Căn cứ", "source"), ("Đang dùng", "is_active"))

    actions = (("Thêm vị trí", "people:job-position-create", "sees_everything"),)

    def get_context_data(self, **kwargs):
        if self.request.user.sees_everything:
            self.detail_url_name = "people:job-position-update"
        return super().get_context_data(**kwargs)


class JobPositionCreateView(ServiceModelFormView):
    model = JobPosition
    form_class = JobPositionForm
    service = services.do_save_job_position
    permission = "sees_everything"
    title = "Vị trí việc làm"

    def get_success_url(self, obj):
        return reverse("people:job-positions")
