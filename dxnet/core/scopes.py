"""Versions of the data by part of the country, so that a write in one province leaves the cached figures of the
others standing.

Every audited write moves the version of the parts its object belongs to (`bump`, called by the audit writer in the
write's transaction): "a:<top agency path>" for the agency tree under the Government (a province's People's
Committee, a ministry, the centre), "u:<province path>" for the territory its agency stands in (a ministry's
office in a province counts in that province's figures), "app:<app label>" for its app (`app_key`), and "" for
rows of no part (catalogues, rounds, rows seen in more than one way) — "" is part of every cached view's version,
so such a write still refreshes everything. Each part's version also has one per model, "<part>@<app>.<model>"
(`model_key`), so that figures reading a few models stand while other models of their part are written.

The audit chain's head is already locked by every audited transaction until it commits (dxnet.core.chain), so the
one upsert per part adds no queue of its own.

A view reads the versions of the parts it depends on (`version_of`) through the same database router as its
figures, so that a replica's cache key never runs ahead of its data.
"""

from collections.abc import Iterable

from django.db import connection, models

from .models import ScopeVersion
from .scoping import ScopedQuerySet, scope_of

NATIONAL = ""  # rows of no part: every view depends on them
_TABLE = ScopeVersion._meta.db_table


def app_key(model: type[models.Model]) -> str:
    """The version of everything an app stores, moved by every write of its rows besides their parts: for figures
    that span the country but read few apps (the national page's tables of milestones, steering, inspections)."""
    return f"app:{model._meta.app_label}"


def model_key(part: str, label: str) -> str:
    """The version of a model's rows (`label`: "app.model") in a part."""
    return f"{part}@{label}"


def written(model: type[models.Model], pks: Iterable) -> set[str]:
    """What a write of rows `pks` of `model` moves: their parts, the model in each of them, and the model's app."""
    parts = keys_of(model, pks)
    label = model._meta.label_lower
    return parts | {model_key(part, label) for part in parts - {NATIONAL}} | {app_key(model)}


def agency_key(path: str) -> str | None:
    """The part of an agency path: its top agency under the root (None for the root itself)."""
    parts = [p for p in path.split("/") if p]
    return f"a:{parts[0]}/{parts[1]}/" if len(parts) >= 2 else None


def unit_key(path: str) -> str:
    return f"u:{path.split('/', 1)[0]}/"


def _unit_lookup(agency_lookup: str) -> str:
    return agency_lookup.removesuffix("path") + "admin_unit__path"


def _agency_lookups(queryset: ScopedQuerySet) -> tuple[str, ...] | None:
    """Every agency path through which a row is seen: the queryset's `scope_lookups` when it names them, else its
    `agency_path_lookup` unless it overrides how rows are seen (None: not known)."""
    declared = getattr(queryset, "scope_lookups", None)
    if declared is not None:
        return declared
    kind = type(queryset)
    if kind.within is not ScopedQuerySet.within or kind.visible_to is not ScopedQuerySet.visible_to:
        return None
    return (queryset.agency_path_lookup,) if queryset.agency_path_lookup else ()


def keys_of(model: type[models.Model], pks: Iterable) -> set[str]:
    """The parts rows `pks` of `model` belong to; {""} when the model belongs to none, or is seen in ways its
    queryset does not name (`scope_lookups`), or when its rows are gone."""
    pks = list(pks)
    queryset = model._default_manager.all()
    lookups = _agency_lookups(queryset) if isinstance(queryset, ScopedQuerySet) else None
    if not pks or lookups is None:
        return {NATIONAL}
    keys: set[str] = set()
    for lookup in lookups:
        rows = queryset.filter(pk__any_of=pks).values_list(lookup, _unit_lookup(lookup)).distinct()
        for agency_path, unit_path in rows:  # no agency on that side (a task without a lead): not seen through it
            keys |= {agency_key(agency_path) or NATIONAL} if agency_path else set()
            keys |= {unit_key(unit_path)} if unit_path else set()
    if not lookups and queryset.unit_path_lookup:
        rows = queryset.filter(pk__any_of=pks).values_list(queryset.unit_path_lookup, flat=True).distinct()
        keys |= {unit_key(path) for path in rows if path} | {NATIONAL}  # a territory renamed shows everywhere
    return keys or {NATIONAL}


def bump(keys: Iterable[str]) -> None:
    """Move the versions of `keys`, in the current transaction (one statement)."""
    keys = sorted(set(keys))  # one order for every writer: no deadlock between two of them
    if not keys:
        return
    values = ", ".join(["(%s, 1)"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {_TABLE} (key, version) VALUES {values} "  # noqa: S608 - fixed names
                       f"ON CONFLICT (key) DO UPDATE SET version = {_TABLE}.version + 1", keys)


def keys_for(user, province_path: str | None = None, roots: Iterable[str] = ()) -> set[str] | None:
    """The parts a view of `user` (narrowed to a province or to agency subtrees) may read; None: every part (the
    user sees everything and the view reads beyond the narrowing, or a subtree spans several parts)."""
    seen = scope_of(user)
    if seen.everything:
        return None
    if seen.nothing:
        return {NATIONAL}
    own = agency_key(seen.agency_path or "")
    if own is None:
        return None
    keys = {NATIONAL, own}
    if province_path:
        keys.add(unit_key(province_path))
    for root in roots:
        key = agency_key(root)
        if key is None:
            return None
        keys.add(key)
    return keys


def versions(keys: set[str]) -> dict[str, int]:
    """The version of each of `keys` (0: never written), read through the router like the figures they version."""
    found = dict(ScopeVersion.objects.filter(key__in=keys).values_list("key", "version"))
    return {key: found.get(key, 0) for key in keys}


def version_of(keys: set[str]) -> str:
    """The versions of `keys`, as one cache-key piece."""
    found = versions(keys)
    return ",".join(f"{key}={found[key]}" for key in sorted(keys))
