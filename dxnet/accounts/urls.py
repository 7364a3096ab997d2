from django.urls import path

from . import views
from .two_factor.views import TwoFactorResetView

app_name = "accounts"
urlpatterns = [
    path("", views.UserListView.as_view(), name="list"),
    path("them/", views.UserCreateView.as_view(), name="create"),
    path("cua-toi/", views.MyAccountView.as_view(), name="me"),
    path("cua-toi/ma-truy-cap/", views.MyTokenView.as_view(), name="me-token"),
    path("cua-toi/mat-khau/", views.MyPasswordView.as_view(), name="me-password"),
    path("<int:pk>/", views.UserDetailView.as_view(), name="detail"),
    path("<int:pk>/sua/", views.UserUpdateView.as_view(), name="update"),
    path("<int:pk>/mat-khau/", views.UserPasswordView.as_view(), name="password"),
    path("<int:pk>/xac-thuc-hai-buoc/dat-lai/", TwoFactorResetView.as_view(), name="two-factor-reset"),
]
