from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "dxnet.geo"
    label = "geo"
    verbose_name = "Đơn vị hành chính"

    def ready(self):
        from dxnet.core.pickers import register

        from .pickers import UNIT_PICKER

        register(UNIT_PICKER)
