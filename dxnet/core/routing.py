"""Reads that may come from a streaming standby (DATABASE_REPLICA_URL): dashboards, reports, exports, open data.

Everything reads the primary unless a code path opts in with `reading_from_replica()` (a view class says
`reads_from_replica = True`); writes always go to the primary. Inside the block the router still answers "default"
for accounts and sessions (who is signing in must exist), for the job queue, and while a transaction is open on the
primary (a service reading what it is about to write). A browser that has just written (a successful POST, PUT,
PATCH or DELETE less than DXNET_READ_YOUR_WRITES_SECONDS ago, remembered by a cookie) reads the primary everywhere,
so its author sees a change at once. A page whose replica cannot be reached is served from the primary.

Cached figures are keyed on `audit.data_version()`, which goes through this router too: inside the block the version
and the figures come from the same database, version first. A standby a few seconds behind therefore stores its
figures under its own, older version, never stale figures under the primary's newer one.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
WROTE_COOKIE = "dxnet_wrote"
# Apps whose rows a page needs as of now, whatever the page: accounts, sessions, sign-in locks, tokens, the queue.
PRIMARY_ONLY = frozenset({"accounts", "auth", "sessions", "axes", "authtoken", "two_factor", "django_otp", "otp_totp",
                          "django_tasks_database"})

_reading: ContextVar[bool] = ContextVar("dxnet_reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_from_replica(*, only_if_caught_up: bool = False) -> Iterator[bool]:
    """Reads inside the block may come from the replica; yields whether they do. With `only_if_caught_up`, the
    primary is kept when the replica has not yet replayed the newest write (an official report as of now)."""
    if not replica_configured():
        yield False
        return
    from . import audit

    newest = audit.data_version() if only_if_caught_up else 0  # on the primary: outside the block
    token = _reading.set(True)
    try:
        usable = not only_if_caught_up or audit.data_version() >= newest  # on the replica
    except (OperationalError, InterfaceError) as error:
        logger.warning("Không đọc được máy chủ CSDL đọc, dùng máy chính: %s", error)
        usable = False
    if not usable:
        _reading.reset(token)
        yield False
        return
    try:
        yield True
    finally:
        _reading.reset(token)


def reads_replica_now(model=None) -> bool:
    """Whether a read of `model` goes to the replica at this point."""
    if not _reading.get() or (model is not None and model._meta.app_label in PRIMARY_ONLY):
        return False
    return not connections[DEFAULT_DB_ALIAS].in_atomic_block


class ReplicaRouter:
    """DATABASE_ROUTERS entry when DATABASE_REPLICA_URL is set (dxnet/settings.py)."""

    def db_for_read(self, model, **hints) -> str:
        return REPLICA if reads_replica_now(model) else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        both = {obj1._state.db, obj2._state.db}
        return True if both <= {DEFAULT_DB_ALIAS, REPLICA} else None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS  # the standby replays the primary's schema


def wrote_recently(request) -> bool:
    return WROTE_COOKIE in request.COOKIES


class ReplicaMiddleware:
    """Serves the views that say `reads_from_replica` from the replica, except to a browser that has just written;
    marks a browser that has just written. Not installed at all without a replica (no cost, no cookie)."""

    def __init__(self, get_response):
        if not replica_configured():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        request.replica_token = None
        try:
            response = self.get_response(request)
        finally:
            if request.replica_token is not None:
                _reading.reset(request.replica_token)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and response.status_code < 400:
            response.set_cookie(WROTE_COOKIE, "1", max_age=settings.DXNET_READ_YOUR_WRITES_SECONDS, httponly=True,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        view = getattr(view_func, "view_class", view_func)
        if (getattr(view, "reads_from_replica", False) and request.method in ("GET", "HEAD")
                and not wrote_recently(request)):
            request.replica_token = _reading.set(True)
            request.replica_view = (view_func, view_args, view_kwargs)

    def process_exception(self, request, exception):
        """A replica that cannot be reached (stopped, restarting, network) costs a page nothing: the same read-only
        view runs again on the primary, once."""
        if request.replica_token is None or not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Không đọc được máy chủ CSDL đọc, dùng máy chính: %s", exception)
        _reading.reset(request.replica_token)
        request.replica_token = None
        view_func, view_args, view_kwargs = request.replica_view
        response = view_func(request, *view_args, **view_kwargs)
        return response.render() if hasattr(response, "render") else response
