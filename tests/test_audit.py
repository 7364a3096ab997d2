import pytest
from django.db import DatabaseError, connection, transaction

from dxnet.core.models import AppendOnlyError, AuditEntry

pytestmark = pytest.mark.django_db


def test_the_application_cannot_change_or_remove_audit_entries():
    entry = AuditEntry.objects.first()
    entry.actor_name = "someone else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(actor_name="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@pytest.mark.parametrize("statement", [
    "UPDATE core_auditentry SET actor_name = 'x'",
    "DELETE FROM core_auditentry",
])
def test_the_database_refuses_raw_updates_and_deletes(statement):
    count = AuditEntry.objects.count()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.count() == count
