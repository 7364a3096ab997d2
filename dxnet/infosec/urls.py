from django.urls import path

from . import views

app_name = "infosec"
urlpatterns = [
    path("", views.SystemListView.as_view(), name="list"),
    path("qua-han/", views.OverdueListView.as_view(), name="overdue"),
    path("bang-tong-hop/", views.SummaryView.as_view(), name="summary"),
    path("dang-ky/", views.SystemCreateView.as_view(), name="create"),
    path("<int:pk>/", views.SystemDetailView.as_view(), name="detail"),
    path("<int:pk>/sua/", views.SystemUpdateView.as_view(), name="update"),
    path("<int:pk>/phe-duyet/", views.SystemApproveView.as_view(), name="approve"),
    path("<int:pk>/ngung-hoat-dong/", views.SystemEndView.as_view(), name="end"),
    path("<int:pk>/danh-gia/", views.AssessmentCreateView.as_view(), name="assessment-create"),
    path("<int:pk>/nhan-tin-nhiem/", views.TrustLabelCreateView.as_view(), name="label-create"),
    path("<int:pk>/tep/<str:which>/", views.SystemFileView.as_view(), name="file"),
    path("dien-tap/", views.DrillListView.as_view(), name="drills"),
    path("dien-tap/them/", views.DrillCreateView.as_view(), name="drill-create"),
    path("dien-tap/<int:pk>/", views.DrillDetailView.as_view(), name="drill"),
    path("dien-tap/<int:pk>/sua/", views.DrillUpdateView.as_view(), name="drill-update"),
]
