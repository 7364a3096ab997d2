"""What a load balancer, a service manager and Prometheus ask: alive, ready, and the figures. No login, no data."""

import ipaddress
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from .observability import registry, worker_seen


@login_not_required
@never_cache
def healthz(request):
    """The process answers; nothing else is looked at (a restart would not cure a database that is down)."""
    return JsonResponse({"status": "ok"})


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def _cache() -> bool:
    key, value = "dxnet:readyz", uuid.uuid4().hex
    cache.set(key, value, 10)
    return cache.get(key) == value


def _passes(check) -> bool:
    try:
        return check()
    except Exception:  # a check that breaks is a check that fails; the answer says which
        return False


@login_not_required
@never_cache
def readyz(request):
    """Ready to serve: the database and the cache answer, and a background worker went round its loop in the last
    minute. 503 otherwise, naming the failing part only."""
    checks = {"database": _passes(_database), "cache": _passes(_cache)}
    checks["worker"] = checks["database"] and _passes(worker_seen)
    ready = all(checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable",
                         "checks": {name: "ok" if passed else "fail" for name, passed in checks.items()}},
                        status=200 if ready else 503)


def _from_loopback(request) -> bool:
    """Asked on this machine, not through the proxy (which forwards from loopback, adding X-Forwarded-For)."""
    if any(name in request.META for name in ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _has_token(request) -> bool:
    token = settings.DXNET_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(token) and secrets.compare_digest(given.encode(), f"Bearer {token}".encode())


@login_not_required
@never_cache
def metrics(request):
    """Prometheus figures, for loopback or with `Authorization: Bearer <DXNET_METRICS_TOKEN>`."""
    if not (_from_loopback(request) or _has_token(request)):
        return HttpResponse("Chỉ xem được số liệu giám sát từ chính máy chủ hoặc với mã truy cập.", status=403,
                            content_type="text/plain; charset=utf-8")
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
