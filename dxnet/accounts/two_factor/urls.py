from django.urls import path

from . import views

app_name = "two_factor"
urlpatterns = [
    path("", views.TwoFactorOverviewView.as_view(), name="overview"),
    path("dang-ky/", views.TwoFactorEnrolView.as_view(), name="enrol"),
    path("dang-ky/ma-qr.svg", views.TwoFactorQrView.as_view(), name="qr"),
]
