"""This app's API routes, included under /api/v1/ by dxnet/urls.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("information-systems", api.InformationSystemViewSet, basename="information-system")
router.register("security-assessments", api.SecurityAssessmentViewSet, basename="security-assessment")
router.register("security-drills", api.SecurityDrillViewSet, basename="security-drill")
router.register("trust-labels", api.TrustLabelViewSet, basename="trust-label")
urlpatterns = [path("infosec/summary/", api.InfosecSummaryView.as_view(), name="infosec-summary"), *router.urls]
