from django.utils import timezone
from django.views.generic import TemplateView

from dxnet.agencies.models import Agency
from dxnet.core.filters import id_param
from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceModelFormView
from dxnet.geo.models import AdminUnit
from dxnet.people.models import FocalPoint

from . import services
from .access import get_team_for_user
from .filters import (
    TeamActivityFilterSet,
    TeamFilterSet,
    TeamMemberFilterSet,
    VillageFilterSet,
    VoluntaryMemberFilterSet,
)
from .forms import (
    NetworkForm,
    TeamActivityForm,
    TeamEditForm,
    TeamForm,
    TeamMemberForm,
    VillageForm,
    VoluntaryMemberForm,
)
from .models import CommunityTeam, Network, TeamActivity, TeamMember, Village, VoluntaryMember


class NetworkListView(ScopedListView):
    model = Network
    related = ("agency", "province")
    filterset_class = None
    title = "Mạng lưới chuyển đổi số"
    columns = (("Mạng lưới", "name"), ("Cơ quan điều phối", "agency.name"), ("Quyết định thành lập", "decision_number"),
               ("Ngày quyết định", "decision_date"))
    detail_url_name = "network:detail"

    actions = (("Danh bạ thành viên tự nguyện", "network:members", ""),
               ("Đầu mối (thành viên bắt buộc)", "people:focal-points", ""))


class NetworkDetailView(ScopedDetailView):
    model = Network
    related = ("agency", "province")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        mandatory = services.mandatory_members(self.object, today).filter(
            pk__in=FocalPoint.objects.visible_to(self.request.user).values("pk")).select_related("person", "agency")
        voluntary = VoluntaryMember.objects.visible_to(self.request.user).filter(network=self.object)
        return super().get_context_data(
            mandatory=mandatory.order_by("agency__name")[:50], mandatory_count=mandatory.count(),
            voluntary=voluntary[:50], voluntary_count=voluntary.count(), **kwargs)


class NetworkUpdateView(ServiceModelFormView):
    model = Network
    form_class = NetworkForm
    service = services.do_save_network
    title = "Quyết định thành lập mạng lưới"


class VoluntaryMemberListView(ScopedListView):
    model = VoluntaryMember
    related = ("network",)
    filterset_class = VoluntaryMemberFilterSet
    title = "Thành viên tự nguyện của Mạng lưới CĐS"
    columns = (("Tên thành viên", "name"), ("Loại", "kind"), ("Loại tổ chức", "organisation_kind"),
               ("Người liên hệ", "contact_person"), ("Điện thoại", "phone"), ("Thư điện tử", "email"),
               ("Mạng lưới", "network.name"))
    detail_url_name = "network:member"
    export_kind = "network-members"

    actions = (("Thêm thành viên", "network:member-create", "can_manage_registry"),)


class VoluntaryMemberDetailView(ScopedDetailView):
    model = VoluntaryMember
    related = ("network", "agency")
    facts = (("Loại thành viên", "kind"), ("Loại tổ chức", "organisation_kind"), ("Người liên hệ", "contact_person"),
             ("Điện thoại", "phone"), ("Thư điện tử", "email"), ("Lĩnh vực", "expertise"), ("Mạng lưới", "network"),
             ("Tham gia từ", "valid_from"), ("Đến", "valid_to"))
    edit_url_name = "network:member-update"

    def get_parent_link(self):
        return str(self.object.network), self.object.network.get_absolute_url()


class VoluntaryMemberCreateView(ServiceModelFormView):
    model = VoluntaryMember
    form_class = VoluntaryMemberForm
    service = services.do_save_voluntary_member
    title = "Thành viên tự nguyện của Mạng lưới CĐS"


class VillageListView(ScopedListView):
    model = Village
    related = ("agency", "team")
    filterset_class = VillageFilterSet
    title = "Thôn, tổ dân phố"
    columns = (("Tên", "name"), ("Loại", "kind"), ("Xã", "agency.name"), ("Tổ CNSCĐ", "team.decision_number"))
    detail_url_name = "network:village"
    export_kind = "villages"

    actions = (("Thêm thôn, tổ dân phố", "network:village-create", "can_manage_registry"),)


class VillageDetailView(ScopedDetailView):
    model = Village
    related = ("agency", "team")
    facts = (("Loại", "kind"), ("Xã", "agency.name"), ("Tổ CNSCĐ", "team"))
    edit_url_name = "network:village-update"

    def get_parent_link(self):
        return str(self.object.agency), self.object.agency.get_absolute_url()


class VillageCreateView(ServiceModelFormView):
    model = Village
    form_class = VillageForm
    service = services.do_save_village
    title = "Thôn, tổ dân phố"

    def get_initial(self):
        agency = self.request.user.agency
        if self.object or not agency or agency.kind != Agency.Kind.COMMUNE_PC:
            return super().get_initial()
        return {"agency": agency.code}


class TeamListView(ScopedListView):
    model = CommunityTeam
    related = ("village", "agency")
    filterset_class = TeamFilterSet
    title = "Tổ công nghệ số cộng đồng"
    columns = (("Tổ", "village.name"), ("Xã", "agency.name"), ("Quyết định thành lập", "decision_number"),
               ("Ngày quyết định", "decision_date"))
    detail_url_name = "network:team"
    export_kind = "teams"

    actions = (("Thành lập tổ", "network:team-create", "can_manage_registry"),
               ("Thống kê", "network:statistics", ""))


class TeamDetailView(ScopedDetailView):
    model = CommunityTeam
    related = ("village", "agency")

    def get_context_data(self, **kwargs):
        team = self.object
        return super().get_context_data(
            members=team.members.valid_on(timezone.localdate()).order_by("full_name"),
            activities=team.activities.select_related("skill_area")[:30],
            stats=services.team_statistics(self.request.user, team=team), **kwargs)


class TeamCreateView(ServiceModelFormView):
    model = CommunityTeam
    form_class = TeamForm
    title = "Thành lập Tổ công nghệ số cộng đồng"

    def perform(self, form):
        data = form.cleaned_data
        return services.do_register_team(data["village"], decision_number=data["decision_number"],
                                         decision_date=data["decision_date"], acting_user=self.request.user)


class TeamUpdateView(ServiceModelFormView):
    model = CommunityTeam
    form_class = TeamEditForm
    service = services.do_save_team
    title = "Sửa thông tin tổ"


class _TeamChildCreateView(ServiceModelFormView):
    """A member or an activity of the team in the URL."""

    permission = "can_record_team_work"

    def dispatch(self, request, *args, **kwargs):
        self.team = get_team_for_user(request.user, kwargs["team"], action="change")
        return super().dispatch(request, *args, **kwargs)

    def new_object(self):
        return self.model(team=self.team)

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent_link=(str(self.team), self.team.get_absolute_url()), **kwargs)

    def get_success_url(self, obj):
        return self.team.get_absolute_url()


class TeamMemberListView(ScopedListView):
    model = TeamMember
    related = ("team__village", "agency")
    filterset_class = TeamMemberFilterSet
    title = "Thành viên Tổ công nghệ số cộng đồng"
    columns = (("Họ và tên", "full_name"), ("Điện thoại", "phone"), ("Vai trò", "role"), ("Thôn", "team.village.name"),
               ("Xã", "agency.name"))
    detail_url_name = "network:team-member"
    export_kind = "team-members"


class TeamMemberDetailView(ScopedDetailView):
    model = TeamMember
    related = ("team__village", "agency")
    facts = (("Điện thoại", "phone"), ("Vai trò", "role"), ("Tổ", "team"), ("Xã", "agency.name"),
             ("Tham gia từ", "valid_from"), ("Đến", "valid_to"))
    edit_url_name = "network:team-member-update"
    edit_permission = "can_record_team_work"

    def get_parent_link(self):
        return str(self.object.team), self.object.team.get_absolute_url()


class TeamMemberCreateView(_TeamChildCreateView):
    model = TeamMember
    form_class = TeamMemberForm
    service = services.do_save_team_member
    title = "Thêm thành viên tổ"


class TeamMemberUpdateView(ServiceModelFormView):
    model = TeamMember
    form_class = TeamMemberForm
    service = services.do_save_team_member
    permission = "can_record_team_work"
    title = "Sửa thành viên tổ"


class TeamActivityListView(ScopedListView):
    model = TeamActivity
    related = ("team__village", "agency", "skill_area")
    filterset_class = TeamActivityFilterSet
    title = "Hoạt động của Tổ công nghệ số cộng đồng"
    columns = (("Ngày", "date"), ("Tổ", "team.village.name"), ("Xã", "agency.name"), ("Kỹ năng", "skill_area.name"),
               ("Số người", "people_helped"), ("Số hộ", "households_helped"))
    detail_url_name = "network:activity"
    export_kind = "team-activities"


class TeamActivityDetailView(ScopedDetailView):
    model = TeamActivity
    related = ("team__village", "agency", "skill_area")
    facts = (("Ngày", "date"), ("Kỹ năng", "skill_area.name"), ("Số người được hỗ trợ", "people_helped"),
             ("Số hộ được hỗ trợ", "households_helped"), ("Ghi chú", "notes"))

    def get_parent_link(self):
        return str(self.object.team), self.object.team.get_absolute_url()


class TeamActivityCreateView(_TeamChildCreateView):
    model = TeamActivity
    form_class = TeamActivityForm
    service = services.do_record_activity
    title = "Ghi nhận hoạt động hỗ trợ người dân"

    def get_initial(self):
        return {"date": timezone.localdate()}


class StatisticsView(TemplateView):
    """Village coverage, teams, members and people helped, for the user's scope, a province or a commune."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    template_name = "network/statistics.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        province = AdminUnit.objects.visible_to(user).provinces().filter(
            pk=id_param(self.request, "province") or 0).first()
        commune = Agency.objects.visible_to(user).filter(kind=Agency.Kind.COMMUNE_PC,
                                                         pk=id_param(self.request, "commune") or 0).first()
        return super().get_context_data(
            stats=services.team_statistics(user, province=province, commune=commune),
            province=province, commune=commune,
            provinces=AdminUnit.objects.visible_to(user).provinces().valid_on(timezone.localdate()),
            by_commune=services.coverage_by_commune(user, province) if province else None,
            **kwargs)
