from django.utils import timezone
from django.views.generic import TemplateView

from dxnet.agencies.models import Agency
from dxnet.geo.models import AdminUnit
from dxnet.monitoring import dashboard
from dxnet.monitoring.targets import DX_STAFF_RATIO_2022, Scope
from dxnet.network.models import CommunityTeam, TeamMember
from dxnet.people.services import agencies_without_focal_point, focal_point_required_kinds
from dxnet.plans.models import Task


class HomeView(TemplateView):
    """The signed-in user's starting page: their agency and what lies in their scope today."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        units = AdminUnit.objects.visible_to(user).valid_on(today)
        agencies = Agency.objects.visible_to(user).valid_on(today)
        required = agencies.filter(kind__in=focal_point_required_kinds())
        return super().get_context_data(
            today=today,
            focal_point_required=required.count(),
            focal_point_missing=agencies_without_focal_point(user, today).count(),
            team_count=CommunityTeam.objects.visible_to(user).valid_on(today).count(),
            member_count=TeamMember.objects.visible_to(user).valid_on(today).count(),
            agency_count=agencies.count(),
            province_count=units.provinces().count(),
            commune_count=units.communes().count(),
            commune_pc_count=agencies.filter(kind=Agency.Kind.COMMUNE_PC).count(),
            **dashboard.summary(Scope(user, today), national=user.sees_everything),
            ratio_reference=DX_STAFF_RATIO_2022,
            task_count=Task.objects.visible_to(user).count(),
            overdue_count=Task.objects.visible_to(user).overdue(today).count(),
            **kwargs,
        )
