from django.apps import AppConfig


class ObstaclesConfig(AppConfig):
    name = "dxnet.obstacles"
    label = "obstacles"
    verbose_name = "Vướng mắc, kiến nghị"

    def ready(self):
        from dxnet.agencies.reorganisation import register_movable
        from dxnet.notifications.services import register_daily_source

        from .movables import MOVABLES
        from .services import daily

        # `dxnet notify`: answers older than 30 days close, overdue obstacles notify their handler (once per level).
        register_daily_source("obstacles", daily)
        register_movable(*MOVABLES)
