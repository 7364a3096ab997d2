from django.urls import path

from . import views

app_name = "steering"
urlpatterns = [
    path("", views.CommitteeListView.as_view(), name="list"),
    path("tuan-thu/", views.ComplianceView.as_view(), name="compliance"),
    path("<int:pk>/", views.CommitteeDetailView.as_view(), name="detail"),
    path("phien-hop/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
]
