from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.RoundListView.as_view(), name="rounds"),
    path("yeu-cau/", views.RoundCreateView.as_view(), name="round-create"),
    path("<int:pk>/", views.RoundDetailView.as_view(), name="round"),
    path("<int:pk>/nhac-viec/", views.RoundRemindView.as_view(), name="round-remind"),
    path("<int:pk>/tong-hop/", views.ConsolidateView.as_view(), name="consolidate"),
    path("tong-hop/<int:pk>/", views.ConsolidationView.as_view(), name="consolidation"),
    path("tong-hop/<int:pk>/trang-thai/", views.ConsolidationStatusView.as_view(), name="consolidation-status"),
    path("tong-hop/<int:pk>/<str:fmt>/", views.ConsolidationFileView.as_view(), name="consolidation-file"),
    path("bao-cao/<int:pk>/", views.SubmissionView.as_view(), name="submission"),
    path("bao-cao/<int:pk>/xem-xet/", views.SubmissionReviewView.as_view(), name="submission-review"),
    path("tep/<int:pk>/", views.SubmissionFileView.as_view(), name="file"),
]
