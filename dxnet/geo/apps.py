from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "dxnet.geo"
    label = "geo"
    verbose_name = "Đơn vị hành chính"
