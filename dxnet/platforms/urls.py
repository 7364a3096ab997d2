from django.urls import path

from . import views

app_name = "platforms"
urlpatterns = [
    path("", views.PlatformUsageListView.as_view(), name="usages"),
    path("them/", views.PlatformUsageEditView.as_view(), name="usage-create"),
    path("<int:pk>/", views.PlatformUsageDetailView.as_view(), name="usage"),
    path("<int:pk>/sua/", views.PlatformUsageEditView.as_view(), name="usage-update"),
]
