from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("mang-luoi/", views.NetworkListView.as_view(), name="list"),
    path("mang-luoi/<int:pk>/", views.NetworkDetailView.as_view(), name="detail"),
    path("mang-luoi/<int:pk>/sua/", views.NetworkUpdateView.as_view(), name="update"),
    path("mang-luoi/thanh-vien/", views.VoluntaryMemberListView.as_view(), name="members"),
    path("mang-luoi/thanh-vien/them/", views.VoluntaryMemberCreateView.as_view(), name="member-create"),
    path("mang-luoi/thanh-vien/<int:pk>/", views.VoluntaryMemberDetailView.as_view(), name="member"),
    path("mang-luoi/thanh-vien/<int:pk>/sua/", views.VoluntaryMemberCreateView.as_view(), name="member-update"),
    path("thon/", views.VillageListView.as_view(), name="villages"),
    path("thon/them/", views.VillageCreateView.as_view(), name="village-create"),
    path("thon/<int:pk>/", views.VillageDetailView.as_view(), name="village"),
    path("thon/<int:pk>/sua/", views.VillageCreateView.as_view(), name="village-update"),
    path("to-cnscd/", views.TeamListView.as_view(), name="teams"),
    path("to-cnscd/thanh-lap/", views.TeamCreateView.as_view(), name="team-create"),
    path("to-cnscd/thong-ke/", views.StatisticsView.as_view(), name="statistics"),
    path("to-cnscd/<int:pk>/", views.TeamDetailView.as_view(), name="team"),
    path("to-cnscd/<int:pk>/sua/", views.TeamUpdateView.as_view(), name="team-update"),
    path("to-cnscd/<int:team>/thanh-vien/them/", views.TeamMemberCreateView.as_view(), name="team-member-create"),
    path("to-cnscd/<int:team>/hoat-dong/them/", views.TeamActivityCreateView.as_view(), name="activity-create"),
    path("to-cnscd/thanh-vien/", views.TeamMemberListView.as_view(), name="team-members"),
    path("to-cnscd/thanh-vien/<int:pk>/", views.TeamMemberDetailView.as_view(), name="team-member"),
    path("to-cnscd/thanh-vien/<int:pk>/sua/", views.TeamMemberUpdateView.as_view(), name="team-member-update"),
    path("to-cnscd/hoat-dong/", views.TeamActivityListView.as_view(), name="activities"),
    path("to-cnscd/hoat-dong/<int:pk>/", views.TeamActivityDetailView.as_view(), name="activity"),
]
