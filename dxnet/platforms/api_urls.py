"""This app's API routes, included under /api/v1/ by dxnet/urls.py."""

from rest_framework.routers import SimpleRouter

from .api import SharedPlatformViewSet

router = SimpleRouter()
router.register("platforms", SharedPlatformViewSet, basename="platform")
urlpatterns = [*router.urls]
