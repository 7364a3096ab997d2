from django.urls import path

from . import views

app_name = "obstacles"
urlpatterns = [
    path("", views.ObstacleListView.as_view(), name="list"),
    path("neu/", views.ObstacleRaiseView.as_view(), name="raise"),
    path("hoi-dap/", views.FaqListView.as_view(), name="faq"),
    path("bao-cao-chinh-phu.docx", views.GovernmentAnnexView.as_view(), name="annex"),
    path("<int:pk>/", views.ObstacleDetailView.as_view(), name="detail"),
    path("<int:pk>/xu-ly/<str:step>/", views.ObstacleActionView.as_view(), name="act"),
    path("<int:pk>/tep/<str:which>/", views.ObstacleFileView.as_view(), name="file"),
]
