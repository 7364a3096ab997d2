from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "dxnet.training"
    label = "training"
    verbose_name = "Bồi dưỡng, tập huấn"
