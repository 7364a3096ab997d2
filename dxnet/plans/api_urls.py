"""This app's API routes, included under /api/v1/ by dxnet/urls.py."""

from rest_framework.routers import SimpleRouter

from .measure_api import BudgetDeclarationViewSet, IndicatorViewSet, ProjectViewSet

router = SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("projects", ProjectViewSet, basename="project")
router.register("budget-declarations", BudgetDeclarationViewSet, basename="budget-declaration")
urlpatterns = [*router.urls]
