from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("", views.AdminUnitListView.as_view(), name="list"),
    path("<int:pk>/", views.AdminUnitDetailView.as_view(), name="detail"),
]
