from django.utils import timezone
from django.views.generic import TemplateView

from . import home
from .navigation import COMMUNE, audience


class HomeView(TemplateView):
    """The signed-in user's starting page, by audience: a commune's next actions and its own figures, a province's
    pending work and its cards, the national level's dashboard of the day (see dxnet.portal.home)."""

    TEMPLATES = {COMMUNE: "portal/home_commune.html"}

    def get_template_names(self):
        return [self.TEMPLATES.get(audience(self.request.user), "portal/home_scope.html")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(**home.context_for(self.request.user, timezone.localdate()), **kwargs)
