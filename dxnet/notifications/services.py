"""The one notification centre: in-app notices, e-mail by preference, and the daily sources of notices."""

import datetime
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import EmailPreference, Kind, Notification

logger = logging.getLogger(__name__)

# Daily notice sources, registered by each app in its AppConfig.ready() so that this app imports no domain app.
# A source takes the day and returns how many notices it created.
DailySource = Callable[[datetime.date], int]
_daily_sources: dict[str, DailySource] = {}


def register_daily_source(name: str, source: DailySource) -> None:
    """Declare a daily notice source (`dxnet notify` runs them all, in registration order)."""
    _daily_sources[name] = source


def daily_sources() -> dict[str, DailySource]:
    return dict(_daily_sources)


def users_acting_for(agency):
    """Who acts for an agency: the active coordinators whose scope covers it and its own focal points."""
    from dxnet.accounts.models import Role, User

    parts = agency.path.strip("/").split("/")
    covering_paths = ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]
    return User.objects.filter(is_active=True).filter(
        Q(role=Role.COORDINATOR, agency__path__in=covering_paths) | Q(role=Role.FOCAL_POINT, agency=agency)
    ).distinct()


def _wants_email(users: list, kind: str) -> list:
    refused = set(EmailPreference.objects.filter(user__in=users, kind=kind, email=False)
                  .values_list("user_id", flat=True))
    return [user for user in users if user.email and user.pk not in refused]


def do_notify(users: Iterable, *, kind: str, title: str, body: str = "", url: str = "", key: str) -> int:
    """Notify each user once per `key` (a notice already given is skipped); e-mail on commit to those who chose it.

    `key` names the event (e.g. "task-due-soon:123:2026-11-26"); the user is appended, so one key serves many users.
    Returns how many notices were created.
    """
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    users = {user.pk: user for user in users if user is not None and user.is_active}
    if not users:
        return 0
    keys = {pk: f"{key}:u{pk}"[:200] for pk in users}
    existing = set(Notification.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    fresh = [users[pk] for pk, k in keys.items() if k not in existing]
    if not fresh:
        return 0
    Notification.objects.bulk_create(
        [Notification(user=user, kind=kind, title=title[:300], body=body, url=url[:500], key=keys[user.pk])
         for user in fresh],
        ignore_conflicts=True,  # a concurrent run that created the same key first wins
    )
    recipients = _wants_email(fresh, kind)
    if recipients:
        link = f"\n\n{settings.SITE_URL.rstrip('/')}{url}" if url and getattr(settings, "SITE_URL", "") else ""
        messages = [(f"[dxnet] {title}", f"{body}{link}".strip() or title, None, [user.email]) for user in recipients]
        transaction.on_commit(lambda: _send(messages))
    return len(fresh)


def _send(messages) -> None:
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:  # e-mail is best effort: the in-app notice is already there
        logger.exception("Sending %d notification e-mails failed", len(messages))


@transaction.atomic
def do_mark_read(user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notices read (the given ones, or all); returns how many changed."""
    notices = Notification.objects.visible_to(user).unread()
    if ids is not None:
        notices = notices.filter(pk__in=list(ids))
    return notices.update(read_at=timezone.now())


@transaction.atomic
def do_set_email_preferences(user, chosen: Iterable[str]) -> None:
    """The kinds the user wants by e-mail; the others are kept in the app only."""
    chosen = set(chosen)
    for kind in Kind.values:
        EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in chosen})


def email_kinds(user) -> set[str]:
    refused = set(EmailPreference.objects.filter(user=user, email=False).values_list("kind", flat=True))
    return set(Kind.values) - refused


class DailyRunFailed(Exception):
    """Some daily sources failed (logged); the others ran and kept their notices."""

    def __init__(self, results: dict[str, int], failed: list[str]):
        super().__init__(", ".join(failed))
        self.results, self.failed = results, failed


def do_run_daily(today: datetime.date, only: Iterable[str] | None = None) -> dict[str, int]:
    """Run the registered daily sources for `today` (idempotent: notices carry a key per day or per event).

    Each source runs in its own transaction: one that fails does not stop the others (DailyRunFailed at the end)."""
    results, failed = {}, []
    for name, source in daily_sources().items():
        if only is not None and name not in only:
            continue
        try:
            with transaction.atomic():
                results[name] = source(today)
        except Exception:
            logger.exception("Daily notice source %s failed", name)
            failed.append(name)
    if failed:
        raise DailyRunFailed(results, failed)
    return results
