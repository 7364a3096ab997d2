"""This app's API routes, included under /api/v1/ by dxnet/urls.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import CourseViewSet, TrainingPlanViewSet, TrainingSessionViewSet, TrainingSummaryView

router = SimpleRouter()
router.register("courses", CourseViewSet, basename="course")
router.register("training-plans", TrainingPlanViewSet, basename="training-plan")
router.register("training-sessions", TrainingSessionViewSet, basename="training-session")
urlpatterns = [
    path("training/summary/", TrainingSummaryView.as_view(), name="training-summary"),
    *router.urls,
]
