from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "dxnet.plans"
    label = "plans"
    verbose_name = "Kế hoạch và nhiệm vụ"

    def ready(self):
        from dxnet.agencies.pages import register_agency_section
        from dxnet.agencies.reorganisation import register_movable
        from dxnet.core.spreadsheets import register
        from dxnet.monitoring.dashboard import Card, register_card, summed
        from dxnet.notifications.services import register_daily_source
        from dxnet.reporting.consolidation import Table, register_table

        from .dashboard import budget_card
        from .movables import MOVABLES
        from .notices import do_notify_task_deadlines
        from .report import consolidated_table
        from .services.reading import agency_section
        from .sheets import DisbursementSheet, IndicatorValueSheet

        register_daily_source("plans", do_notify_task_deadlines)
        register_movable(*MOVABLES)
        register_agency_section(agency_section)
        register(IndicatorValueSheet, DisbursementSheet)
        register_card(Card("budget", "plans/_dashboard_card.html", budget_card,
                           summed("projects", "approved", "disbursed", "over", "on", "off", "no_data", "indicators"),
                           reads=("plans.plan", "plans.task", "plans.project", "plans.disbursement", "plans.indicator",
                                  "plans.indicatorvalue")))
        register_table(Table("Chỉ tiêu, dự án và kinh phí", consolidated_table))

        from dxnet.core.pickers import register as register_picker

        from .pickers import LEAD_PICKER, PLAN_PICKER

        register_picker(PLAN_PICKER, LEAD_PICKER)
