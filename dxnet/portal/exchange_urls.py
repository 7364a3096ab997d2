from django.urls import path

from . import exchange_views as views

app_name = "exchange"
urlpatterns = [
    path("", views.ExchangeIndexView.as_view(), name="index"),
    path("<slug:kind>/mau/", views.TemplateDownloadView.as_view(), name="template"),
    path("<slug:kind>/nhap/", views.ImportView.as_view(), name="import"),
    path("<slug:kind>/xuat/", views.ExportView.as_view(), name="export"),
    path("lan-nhap/that-bai/", views.FailedImportJobsView.as_view(), name="failed-jobs"),
    path("lan-nhap/<int:pk>/", views.ImportJobView.as_view(), name="job"),
    path("lan-nhap/<int:pk>/trang-thai/", views.ImportJobStatusView.as_view(), name="job-status"),
    path("lan-nhap/<int:pk>/tep-loi/", views.AnnotatedFileView.as_view(), name="job-annotated"),
    path("lan-nhap/<int:pk>/thu-lai/", views.ImportJobRetryView.as_view(), name="job-retry"),
]
