from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.TrainingRecordListView.as_view(), name="records"),
    path("them/", views.TrainingRecordEditView.as_view(), name="record-create"),
    path("<int:pk>/", views.TrainingRecordDetailView.as_view(), name="record"),
    path("<int:pk>/sua/", views.TrainingRecordEditView.as_view(), name="record-update"),
    path("<int:pk>/chung-nhan/", views.CertificateView.as_view(), name="certificate"),
    path("khoa-hoc/", views.CourseListView.as_view(), name="courses"),
    path("khoa-hoc/them/", views.CourseCreateView.as_view(), name="course-create"),
    path("khoa-hoc/<int:pk>/", views.CourseDetailView.as_view(), name="course"),
    path("khoa-hoc/<int:pk>/sua/", views.CourseUpdateView.as_view(), name="course-update"),
    path("ke-hoach/", views.TrainingPlanListView.as_view(), name="plans"),
    path("ke-hoach/them/", views.TrainingPlanCreateView.as_view(), name="plan-create"),
    path("ke-hoach/<int:pk>/", views.TrainingPlanDetailView.as_view(), name="plan"),
    path("ke-hoach/<int:pk>/sua/", views.TrainingPlanUpdateView.as_view(), name="plan-update"),
    path("ke-hoach/<int:pk>/tep/", views.TrainingPlanFileView.as_view(), name="plan-file"),
    path("ke-hoach/<int:pk>/lop/", views.TrainingSessionCreateView.as_view(), name="session-create"),
    path("lop/<int:pk>/", views.TrainingSessionDetailView.as_view(), name="session"),
    path("lop/<int:pk>/sua/", views.TrainingSessionUpdateView.as_view(), name="session-update"),
    path("lop/<int:pk>/hoc-vien/", views.ParticipantCreateView.as_view(), name="participant-create"),
    path("chat-luong/", views.QualityView.as_view(), name="quality"),
]
