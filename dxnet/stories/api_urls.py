"""This app's API routes, included under /api/v1/ by dxnet/urls.py."""

from rest_framework.routers import SimpleRouter

from .api import SuccessStoryViewSet

router = SimpleRouter()
router.register("success-stories", SuccessStoryViewSet, basename="success-story")
urlpatterns = [*router.urls]
