from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("tuan-thu/", views.ComplianceView.as_view(), name="compliance"),
    path("chi-tieu/", views.TargetsView.as_view(), name="targets"),
    path("chi-tieu/<slug:code>/", views.TargetRowsView.as_view(), name="target"),
    path("moc/", views.MilestoneListView.as_view(), name="milestones"),
    path("moc/them/", views.MilestoneEditView.as_view(), name="milestone-create"),
    path("moc/<int:pk>/", views.MilestoneDetailView.as_view(), name="milestone"),
    path("moc/<int:pk>/sua/", views.MilestoneEditView.as_view(), name="milestone-update"),
    path("moc/<int:pk>/tep/", views.MilestoneFileView.as_view(), name="milestone-file"),
]
