from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dxnet.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
