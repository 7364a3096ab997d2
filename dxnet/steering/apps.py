from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "dxnet.steering"
    label = "steering"
    verbose_name = "Ban Chỉ đạo chuyển đổi số"

    def ready(self):
        from django.db.models.signals import pre_delete

        from dxnet.monitoring.services import withdraw_when_source_deleted

        from .models import SteeringCommittee

        # Deleting a committee (a shell, the admin) withdraws the “steering-committee” milestone it recorded.
        pre_delete.connect(withdraw_when_source_deleted, sender=SteeringCommittee,
                           dispatch_uid="milestones-steering-committee")
