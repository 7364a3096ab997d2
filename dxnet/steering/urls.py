from django.urls import path

from . import views

app_name = "steering"
urlpatterns = [
    path("", views.CommitteeListView.as_view(), name="list"),
    path("tuan-thu/", views.ComplianceView.as_view(), name="compliance"),
    path("them/", views.CommitteeCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CommitteeDetailView.as_view(), name="detail"),
    path("<int:pk>/sua/", views.CommitteeUpdateView.as_view(), name="update"),
    path("<int:pk>/thanh-vien/", views.MemberCreateView.as_view(), name="member-create"),
    path("<int:pk>/phien-hop/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("phien-hop/<int:pk>/ket-luan/", views.ConclusionCreateView.as_view(), name="conclusion-create"),
    path("phien-hop/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
]
