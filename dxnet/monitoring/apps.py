from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "dxnet.monitoring"
    label = "monitoring"
    verbose_name = "Giám sát, đánh giá"

    def ready(self):
        from dxnet.core.spreadsheets import register

        from .sheets import MilestoneSheet

        register(MilestoneSheet)

        from django.db.models.signals import pre_delete

        from dxnet.network.models import Network
        from dxnet.plans.models import Plan

        from .services import withdraw_when_source_deleted

        for source in (Plan, Network):  # the sources of derived milestones
            pre_delete.connect(withdraw_when_source_deleted, sender=source, dispatch_uid=f"milestones-{source}")
