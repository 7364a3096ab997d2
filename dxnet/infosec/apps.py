from django.apps import AppConfig


class InfosecConfig(AppConfig):
    name = "dxnet.infosec"
    label = "infosec"
    verbose_name = "An toàn thông tin theo cấp độ"

    def ready(self):
        from django.db.models.signals import pre_delete

        from dxnet.agencies.reorganisation import register_movable
        from dxnet.core.spreadsheets import register
        from dxnet.monitoring import services as milestones
        from dxnet.monitoring.dashboard import Card, register_card
        from dxnet.reporting.consolidation import Table, register_table

        from . import dashboard
        from .models import InformationSystem
        from .movables import MOVABLES
        from .report import consolidated_table
        from .services import MILESTONE_CODE
        from .sheets import InformationSystemSheet

        register(InformationSystemSheet)
        register_movable(*MOVABLES)  # a merged agency's systems live on with its successor
        register_card(Card("infosec", "infosec/_dashboard_card.html", dashboard.compute, dashboard.add_up,
                           reads=("infosec.informationsystem", "infosec.securityassessment", "infosec.securitydrill",
                                  "infosec.trustlabel")))
        register_table(Table("An toàn thông tin theo cấp độ", consolidated_table))
        # The milestone follows the register: nobody enters it by hand, and a system deleted withdraws it.
        milestones.DERIVED_ONLY[MILESTONE_CODE] = "sổ hệ thống thông tin theo cấp độ"
        pre_delete.connect(milestones.withdraw_when_source_deleted, sender=InformationSystem,
                           dispatch_uid="milestones-information-system")
