from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("da-doc/", views.MarkReadView.as_view(), name="mark-read"),
    path("e-mail/", views.EmailPreferencesView.as_view(), name="preferences"),
]
