"""Every rule about plans, one module per section; the names callers use are gathered here."""

from ..access import may_manage_plan, require_in_subtree, require_manage
from .budget import (
    amount_text,
    do_declare_budget,
    do_record_disbursement,
    do_save_project,
    over_approved,
    over_warning,
    spending,
)
from .building import (
    Resolution,
    check_plan,
    do_create_plan,
    fill,
    resolution_day,
    resolve_role,
    unresolved_roles,
)
from .managing import do_issue_plan, do_save_task, do_settle_role, do_withdraw_plan
from .measures import (
    comparison,
    do_declare_indicator_value,
    do_save_indicator,
    plan_statuses,
    roll_up,
    statuses,
)
from .reading import GroupRollup, assignable_agencies, rollup, tasks_of_agency
from .redating import check_deadlines_confirmed, do_confirm_deadlines, unconfirmed_deadlines
from .templates import (
    TEMPLATES_DIR,
    check_template_document,
    do_save_template,
    load_reference_templates,
    read_template_file,
)
from .updates import do_bulk_status, do_record_update, do_save_assessment, may_set_status

__all__ = [
    "GroupRollup", "Resolution", "TEMPLATES_DIR", "assignable_agencies", "check_plan", "check_template_document",
    "do_bulk_status", "do_create_plan", "do_issue_plan", "do_record_update", "do_save_assessment", "do_save_task",
    "do_save_template", "do_settle_role", "do_withdraw_plan", "fill", "load_reference_templates", "may_manage_plan",
    "may_set_status", "read_template_file", "require_in_subtree", "require_manage", "resolution_day", "resolve_role",
    "rollup", "tasks_of_agency", "unresolved_roles",
    "check_deadlines_confirmed", "do_confirm_deadlines", "unconfirmed_deadlines",
    "amount_text", "do_declare_budget", "do_record_disbursement", "do_save_project", "over_approved", "over_warning",
    "spending", "comparison", "do_declare_indicator_value", "do_save_indicator", "plan_statuses", "roll_up",
    "statuses",
]
