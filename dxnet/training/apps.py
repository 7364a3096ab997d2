from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "dxnet.training"
    label = "training"
    verbose_name = "Bồi dưỡng, tập huấn"

    def ready(self):
        from dxnet.core.spreadsheets import register
        from dxnet.monitoring.dashboard import Card, register_card
        from dxnet.reporting.consolidation import Table, register_table

        from .dashboard import READS, add_up, compute_card
        from .report import consolidated_table
        from .sheets import TrainingSheet

        register(TrainingSheet)
        register_card(Card("training", "training/_dashboard_card.html", compute_card, add_up, reads=READS))
        register_table(Table("Bồi dưỡng, tập huấn", consolidated_table))
