"""Personal data (Nghị định 13/2023/NĐ-CP): what is secret, what is masked for whom, and the log of bulk reads.

Models declare it once:
- `secret_fields`: fields never written in clear to the audit, never shown, never pre-filled (a national ID);
- `personal_data_kind`: the name under which reads of the model in bulk are logged ("people", "team-members");
  the same name as the model's spreadsheet kind, so exports and reads are reviewed together.
Phones — every attribute named `phone` — are masked for those who may not see contacts (the viewer role).
"""

import functools
from collections.abc import Iterable

from django.apps import apps
from django.db import models

MASK = "•"
PHONE = "phone"
# A list page or an API list up to this many rows is ordinary browsing; above it, a bulk read that is logged.
DEFAULT_PAGE = 50


def secret_fields(model: type[models.Model] | None) -> frozenset[str]:
    return frozenset(getattr(model, "secret_fields", ()))


def personal_data_kind(model: type[models.Model] | None) -> str:
    return getattr(model, "personal_data_kind", "")


@functools.cache
def personal_data_kinds() -> list[tuple[str, str]]:
    """(kind, Vietnamese name) of every model holding personal data, for filters."""
    kinds = []
    for model in apps.get_models():
        if kind := personal_data_kind(model):
            name = str(model._meta.verbose_name_plural)
            kinds.append((kind, name[:1].upper() + name[1:]))
    return sorted(kinds)


def mask_phone(phone: str) -> str:
    """0912345678 → 0912•••678: enough to tell two numbers apart, not to call one."""
    if not phone:
        return phone
    return f"{phone[:4]}{MASK * 3}{phone[-3:]}" if len(phone) > 7 else MASK * len(phone)


def sees_contacts(user) -> bool:
    return bool(getattr(user, "sees_contacts", False))


def shown_phone(phone: str, user) -> str:
    return phone if sees_contacts(user) else mask_phone(phone)


def is_phone_path(path: str) -> bool:
    """A dotted attribute path (`person.phone`) that ends on a phone."""
    return path.rsplit(".", 1)[-1] == PHONE


def masked_paths(paths: Iterable[str], user) -> frozenset[str]:
    """The paths among `paths` whose values `user` sees masked."""
    return frozenset() if sees_contacts(user) else frozenset(p for p in paths if is_phone_path(p))


def is_bulk(page_size: int | None, rows: int) -> bool:
    return rows > 0 and (rows > DEFAULT_PAGE or (page_size or 0) > DEFAULT_PAGE)


def record_access(user, *, kind: str, rows: int, filters: dict, channel: str):
    """Log one read of personal data in bulk: who, what, how many rows, under which filters, through where."""
    from .models import AccessLog

    signed_in = user is not None and user.pk
    agency = getattr(user, "agency", None) if signed_in else None
    return AccessLog.objects.create(
        actor=user if signed_in else None, actor_name=user.get_username() if signed_in else "Hệ thống",
        actor_path=agency.path if agency else "", kind=kind, channel=channel, row_count=rows,
        filters={_printable(k): _printable(v) for k, v in filters.items() if v and k not in ("page", "page_size")})


def _printable(text) -> str:
    """A filter as typed, without the control characters PostgreSQL's JSON refuses (a hostile NUL)."""
    return "".join(ch for ch in str(text) if ch.isprintable())[:200]
