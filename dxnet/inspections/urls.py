from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.InspectionListView.as_view(), name="list"),
    path("moi/", views.InspectionFormView.as_view(), name="create"),
    path("bao-phu/", views.CoverageView.as_view(), name="coverage"),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="detail"),
    path("<int:pk>/sua/", views.InspectionFormView.as_view(), name="update"),
    path("<int:pk>/ket-luan/", views.ConclusionFileView.as_view(), name="conclusion-file"),
    path("co-quan/<int:pk>/", views.FindingsView.as_view(), name="findings"),
    path("co-quan/<int:pk>/kien-nghi/", views.FollowUpsView.as_view(), name="followups"),
]
