from django.db.models import F

from dxnet.core.views import ScopedDetailView, ScopedListView

from .filters import AdminUnitFilterSet
from .models import AdminUnit


class AdminUnitListView(ScopedListView):
    model = AdminUnit
    related = ("parent", "successor")
    filterset_class = AdminUnitFilterSet


class AdminUnitDetailView(ScopedDetailView):
    model = AdminUnit
    related = ("parent", "successor")

    def get_context_data(self, **kwargs):
        user = self.request.user
        unit = self.object
        return super().get_context_data(
            children=AdminUnit.objects.visible_to(user).filter(parent=unit).order_by("code"),
            predecessors=AdminUnit.objects.visible_to(user).filter(successor=unit),
            agencies=unit.agencies.visible_to(user).order_by("path"),
            names=unit.names.order_by(F("valid_from").asc(nulls_first=True)),
            **kwargs,
        )
