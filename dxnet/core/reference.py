"""Idempotent, audited bulk loading of reference rows (units, agencies, catalogues)."""

from django.db import models

from .audit import record_bulk, snapshot


def upsert(model: type[models.Model], rows: list[dict], *, key: str, actor) -> tuple[int, int]:
    """Create the rows whose `key` is new and update the ones that differ; return (created, updated).

    Rows use attribute names (`parent_id`, not `parent`). Running it twice changes nothing.
    """
    existing = model.objects.in_bulk([row[key] for row in rows], field_name=key)
    created, updated, changed_fields = [], [], set()
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            created.append(model(**row))
            continue
        changed = [name for name, value in row.items() if getattr(obj, name) != value]
        if changed:
            before = snapshot(obj)
            for name in changed:
                setattr(obj, name, row[name])
            updated.append((obj, before))
            changed_fields.update(changed)
    model.objects.bulk_create(created, batch_size=1000)
    if updated:
        model.objects.bulk_update([obj for obj, _ in updated], sorted(changed_fields), batch_size=500)
    record_bulk(created=created, updated=updated, actor=actor)
    return len(created), len(updated)
