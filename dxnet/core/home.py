from django.utils import timezone
from django.views.generic import TemplateView

from dxnet.agencies.models import Agency
from dxnet.geo.models import AdminUnit


class HomeView(TemplateView):
    """The signed-in user's starting page: their agency and what lies in their scope today."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        units = AdminUnit.objects.visible_to(user).valid_on(today)
        agencies = Agency.objects.visible_to(user).valid_on(today)
        return super().get_context_data(
            today=today,
            agency_count=agencies.count(),
            province_count=units.provinces().count(),
            commune_count=units.communes().count(),
            commune_pc_count=agencies.filter(kind=Agency.Kind.COMMUNE_PC).count(),
            **kwargs,
        )
