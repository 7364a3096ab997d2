from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "dxnet.training"
    label = "training"
    verbose_name = "Bồi dưỡng, tập huấn"

    def ready(self):
        from dxnet.core.spreadsheets import register

        from .sheets import TrainingSheet

        register(TrainingSheet)
