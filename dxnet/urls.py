from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from dxnet.accounts.two_factor.views import TwoFactorVerifyView
from dxnet.agencies.api import AgencyViewSet
from dxnet.core import probe_views
from dxnet.core.access_views import AccessLogExportView, AccessLogListView
from dxnet.core.api_schema import ApiDocsView
from dxnet.core.pickers import PickerView
from dxnet.geo.api import AdminUnitViewSet
from dxnet.inspections.api import InspectionViewSet
from dxnet.monitoring.api import ComplianceView, MilestoneViewSet, OpenDataView
from dxnet.monitoring.views import OpenDataFileView, OpenDataPageView
from dxnet.network.api import (
    TeamActivityViewSet,
    TeamMemberViewSet,
    TeamViewSet,
    VillageViewSet,
    VoluntaryMemberViewSet,
)
from dxnet.notifications.api import NotificationViewSet
from dxnet.obstacles.api import CategoryViewSet, FaqViewSet, ObstacleViewSet
from dxnet.people.api import FocalPointViewSet, PersonViewSet
from dxnet.plans.api import PlanTemplateViewSet, PlanViewSet, TaskUpdateViewSet, TaskViewSet
from dxnet.portal.views import HomeView
from dxnet.steering.api import MeetingViewSet, SteeringCommitteeViewSet, SteeringComplianceView

router = DefaultRouter()
router.register("admin-units", AdminUnitViewSet, basename="admin-unit")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("people", PersonViewSet, basename="person")
router.register("focal-points", FocalPointViewSet, basename="focal-point")
router.register("network-members", VoluntaryMemberViewSet, basename="network-member")
router.register("villages", VillageViewSet, basename="village")
router.register("teams", TeamViewSet, basename="team")
router.register("team-members", TeamMemberViewSet, basename="team-member")
router.register("team-activities", TeamActivityViewSet, basename="team-activity")
router.register("plan-templates", PlanTemplateViewSet, basename="plan-template")
router.register("plans", PlanViewSet, basename="plan")
router.register("tasks", TaskViewSet, basename="task")
router.register("task-updates", TaskUpdateViewSet, basename="task-update")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("obstacle-categories", CategoryViewSet, basename="obstacle-category")
router.register("obstacles", ObstacleViewSet, basename="obstacle")
router.register("faq", FaqViewSet, basename="faq")
router.register("steering-committees", SteeringCommitteeViewSet, basename="steering-committee")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    # For the service manager, the load balancer and Prometheus: no login, no data (docs/deploy.md).
    path("healthz", probe_views.healthz, name="healthz"),
    path("readyz", probe_views.readyz, name="readyz"),
    path("metrics", probe_views.metrics, name="metrics"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # The second step of signing in, and one's own second factor (enrol, recovery codes).
    path("dang-nhap/ma-xac-thuc/", TwoFactorVerifyView.as_view(), name="two-factor-verify"),
    path("xac-thuc-hai-buoc/", include("dxnet.accounts.two_factor.urls")),
    path("co-quan/", include("dxnet.agencies.urls")),
    path("don-vi-hanh-chinh/", include("dxnet.geo.urls")),
    path("tai-khoan/", include("dxnet.accounts.urls")),
    path("", include("dxnet.people.urls")),
    path("", include("dxnet.network.urls")),
    path("", include("dxnet.plans.urls")),
    path("giam-sat/", include("dxnet.monitoring.urls")),
    path("nen-tang/", include("dxnet.platforms.urls")),
    path("boi-duong/", include("dxnet.training.urls")),
    path("dot-bao-cao/", include("dxnet.reporting.urls")),
    path("vuong-mac/", include("dxnet.obstacles.urls")),
    path("nhap-xuat/", include("dxnet.portal.exchange_urls")),
    path("kiem-tra/", include("dxnet.inspections.urls")),
    path("thong-bao/", include("dxnet.notifications.urls")),
    path("ban-chi-dao/", include("dxnet.steering.urls")),
    path("an-toan-thong-tin/", include("dxnet.infosec.urls")),
    path("mo-hinh-hay/", include("dxnet.stories.urls")),
    path("nhat-ky-truy-cap/", AccessLogListView.as_view(), name="access-log"),
    path("chon/<slug:kind>/", PickerView.as_view(), name="picker"),
    path("nhat-ky-truy-cap/xuat/", AccessLogExportView.as_view(), name="access-log-export"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The interactive documentation: for a signed-in person (the sign-in page otherwise); docs/api.md is the guide.
    path("api/v1/tai-lieu/", login_required(ApiDocsView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/v1/compliance/", ComplianceView.as_view(), name="compliance"),
    # Before the router, whose detail route would read "compliance" as a committee's id.
    path("api/v1/steering-committees/compliance/", SteeringComplianceView.as_view(),
         name="steering-committee-compliance"),
    path("api/v1/open-data/", OpenDataView.as_view(), name="open-data"),
    path("du-lieu-mo/", OpenDataPageView.as_view(), name="open-data-page"),
    path("du-lieu-mo/tinh.<str:fmt>", OpenDataFileView.as_view(), name="open-data-file"),
    # Each app's own API routes (api_urls.py), then the shared router.
    *[path("api/v1/", include(f"dxnet.{app}.api_urls"))
      for app in ("plans", "platforms", "training", "infosec", "stories")],
    path("api/v1/", include(router.urls)),
]

handler400 = "dxnet.core.error_pages.bad_request"
handler403 = "dxnet.core.error_pages.permission_denied"
handler404 = "dxnet.core.error_pages.page_not_found"
handler500 = "dxnet.core.error_pages.server_error"
