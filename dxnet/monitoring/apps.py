from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "dxnet.monitoring"
    label = "monitoring"
    verbose_name = "Giám sát, đánh giá"

    def ready(self):
        from dxnet.core.spreadsheets import register

        from .sheets import MilestoneSheet

        register(MilestoneSheet)
