from django.urls import path

from . import views

app_name = "platforms"
urlpatterns = [
    path("", views.PlatformUsageListView.as_view(), name="usages"),
    path("them/", views.PlatformUsageEditView.as_view(), name="usage-create"),
    path("<int:pk>/", views.PlatformUsageDetailView.as_view(), name="usage"),
    path("<int:pk>/sua/", views.PlatformUsageEditView.as_view(), name="usage-update"),
    path("danh-muc/", views.SharedPlatformListView.as_view(), name="catalogue"),
    path("danh-muc/them/", views.SharedPlatformCreateView.as_view(), name="platform-create"),
    path("danh-muc/<int:pk>/", views.SharedPlatformDetailView.as_view(), name="platform"),
    path("danh-muc/<int:pk>/sua/", views.SharedPlatformUpdateView.as_view(), name="platform-update"),
    path("danh-muc/<int:pk>/ket-thuc/", views.SharedPlatformEndView.as_view(), name="platform-end"),
]
