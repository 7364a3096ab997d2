from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "dxnet.reporting"
    label = "reporting"
    verbose_name = "Báo cáo định kỳ"

    def ready(self):
        from dxnet.notifications.services import register_daily_source

        from .services import do_send_reminders

        register_daily_source("reporting", do_send_reminders)
