"""This app's API routes, included under /api/v1/ by dxnet/urls.py."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()
urlpatterns = [*router.urls]
