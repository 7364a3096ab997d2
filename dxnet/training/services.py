from dxnet.core.services import require_role, save_in_scope

from .models import TrainingRecord


def do_record_training(record: TrainingRecord, *, acting_user, **fields) -> TrainingRecord:
    """A person completed a course; the record belongs to the person's agency."""
    require_role(acting_user.can_manage_registry)
    person = fields.get("person") or record.person
    fields["agency"] = person.agency
    return save_in_scope(record, acting_user=acting_user, **fields)
