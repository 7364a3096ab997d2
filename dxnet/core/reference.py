"""Idempotent, audited bulk upserts on a natural key: reference loaders and spreadsheet imports."""

from django.db import models

from .audit import record_bulk, snapshot

_CHUNK = 500


def upsert(model: type[models.Model], rows: list[dict], *, key: str | tuple[str, ...], actor,
           queryset: models.QuerySet | None = None) -> tuple[int, int]:
    """Create the rows whose key is new and update the ones that differ; return (created, updated).

    Rows use attribute names (`parent_id`, not `parent`); `key` names one or more of them. Running it twice
    changes nothing. Every created and changed row is audited in one insert.
    """
    keys = (key,) if isinstance(key, str) else tuple(key)
    source = getattr(model, "search_source", None)
    if source:  # a bulk write skips save(): the search name is set here as save() would
        for row in rows:
            if source in row:
                row["search_name"] = model.search_text_of(row[source])
    queryset = model.objects.all() if queryset is None else queryset
    firsts = list({row[keys[0]] for row in rows})
    existing = {}
    for start in range(0, len(firsts), _CHUNK):
        for obj in queryset.filter(**{f"{keys[0]}__in": firsts[start:start + _CHUNK]}):
            existing[tuple(getattr(obj, k) for k in keys)] = obj
    created, updated, changed_fields = [], [], set()
    for row in rows:
        obj = existing.get(tuple(row[k] for k in keys))
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
