from django.apps import AppConfig


class PlatformsConfig(AppConfig):
    name = "dxnet.platforms"
    label = "platforms"
    verbose_name = "Nền tảng số dùng chung"

    def ready(self):
        from dxnet.core.spreadsheets import register

        from .sheets import PlatformUsageSheet

        register(PlatformUsageSheet)
