from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "dxnet.training"
    label = "training"
    verbose_name = "Bồi dưỡng, tập huấn"

    def ready(self):
        from dxnet.core.spreadsheets import register
        from dxnet.monitoring.dashboard import Card, register_card

        from .dashboard import compute_card
        from .sheets import TrainingSheet

        register(TrainingSheet)
        register_card(Card("training", "training/_dashboard_card.html", compute_card))
