from django.apps import AppConfig


class ObstaclesConfig(AppConfig):
    name = "dxnet.obstacles"
    label = "obstacles"
    verbose_name = "Vướng mắc, kiến nghị"
