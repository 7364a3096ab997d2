from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("can-bo/", views.PersonListView.as_view(), name="list"),
    path("can-bo/them/", views.PersonCreateView.as_view(), name="create"),
    path("can-bo/<int:pk>/", views.PersonDetailView.as_view(), name="detail"),
    path("can-bo/<int:pk>/sua/", views.PersonUpdateView.as_view(), name="update"),
    path("can-bo/<int:pk>/nhiem-vu/", views.DutyCreateView.as_view(), name="duty"),
    path("dau-moi/", views.FocalPointListView.as_view(), name="focal-points"),
    path("dau-moi/chua-co/", views.MissingFocalPointListView.as_view(), name="missing-focal-points"),
    path("dau-moi/<int:pk>/", views.FocalPointDetailView.as_view(), name="focal-point"),
    path("dau-moi/<int:pk>/ket-thuc/", views.FocalPointEndView.as_view(), name="focal-point-end"),
    path("co-quan/<int:agency>/giao-dau-moi/", views.FocalPointCreateView.as_view(), name="focal-point-create"),
    path("vi-tri-viec-lam/", views.JobPositionListView.as_view(), name="job-positions"),
    path("vi-tri-viec-lam/them/", views.JobPositionCreateView.as_view(), name="job-position-create"),
    path("vi-tri-viec-lam/<int:pk>/", views.JobPositionCreateView.as_view(), name="job-position-update"),
]
