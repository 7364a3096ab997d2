from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dxnet.core"
    label = "core"
    verbose_name = "Lõi hệ thống"
