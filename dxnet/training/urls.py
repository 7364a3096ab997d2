from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.TrainingRecordListView.as_view(), name="records"),
    path("them/", views.TrainingRecordEditView.as_view(), name="record-create"),
    path("<int:pk>/", views.TrainingRecordDetailView.as_view(), name="record"),
    path("<int:pk>/sua/", views.TrainingRecordEditView.as_view(), name="record-update"),
]
