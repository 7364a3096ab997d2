from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "dxnet.reporting"
    label = "reporting"
    verbose_name = "Báo cáo định kỳ"
