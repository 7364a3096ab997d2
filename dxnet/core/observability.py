"""Running dxnet in production: request ids, one log line per request, Prometheus metrics, worker heartbeats.

Nothing here records personal data: a request is logged with its user's id, never a name, and its path without
the query string (a search box may hold a name).
"""

import contextvars
import datetime
import json
import logging
import os
import re
import socket
import time
import uuid

from django.utils import timezone
from django.utils.functional import empty
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily

request_id = contextvars.ContextVar("request_id", default="")
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")  # nginx's $request_id, a UUID, a tracer's id
access_log = logging.getLogger("dxnet.request")

REQUESTS = Counter("dxnet_http_requests_total", "Yêu cầu HTTP đã trả lời", ["method", "status"])
LATENCY = Histogram("dxnet_http_request_duration_seconds", "Thời gian trả lời một yêu cầu HTTP", ["method", "view"],
                    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
JOB_DURATION = Histogram("dxnet_job_duration_seconds", "Thời gian chạy một việc nền", ["task", "status"],
                         buckets=(0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800))

if directory := os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # a worker may start before the web server
    os.makedirs(directory, exist_ok=True)

# The methods counted by name; any other (a client may send any word) is counted as "khac", so that no one can add
# series to every process's figures at will.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

HEARTBEAT_SECONDS = 10  # how often a worker notes that it is alive
WORKER_SEEN_SECONDS = 60  # a worker silent for longer does not count for /readyz


class RequestLogMiddleware:
    """Give each request an id (the proxy's X-Request-ID when it looks like one), echo it in the answer, count and
    time the request, and log one line for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if _SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration = time.perf_counter() - started
            response["X-Request-ID"] = request.request_id
            match = getattr(request, "resolver_match", None)
            method = request.method if request.method in METHODS else "khac"
            REQUESTS.labels(method, str(response.status_code)).inc()
            LATENCY.labels(method, match.view_name if match else "khac").observe(duration)
            access_log.info("%s %s %s", request.method, request.path, response.status_code, extra={
                "user_id": _user_id(request),
                "method": request.method, "path": request.path, "status": response.status_code,
                "duration_ms": round(duration * 1000, 1)})
            return response
        finally:
            request_id.reset(token)


def _user_id(request) -> int | None:
    """The signed-in user's id, if the request has already looked it up: logging costs no query of its own."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class JsonFormatter(logging.Formatter):
    """One JSON object a line, with the request id of the request being served (DXNET_LOG_FORMAT=json)."""

    FIELDS = ("user_id", "method", "path", "status", "duration_ms", "task", "job_id")

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.datetime.fromtimestamp(record.created, datetime.UTC)
        entry = {"time": moment.isoformat(timespec="milliseconds"), "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        if current := request_id.get():
            entry["request_id"] = current
        entry.update({name: getattr(record, name) for name in self.FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def beat(worker: str) -> None:
    """Note that `worker` is alive; a database that is busy or gone costs a warning, never the worker."""
    from .models import WorkerHeartbeat

    try:
        WorkerHeartbeat.objects.update_or_create(worker=worker, defaults={"seen_at": timezone.now()})
    except Exception:  # the next round tries again; /readyz says "not ready" meanwhile
        logging.getLogger(__name__).warning("Không ghi được nhịp của tiến trình chạy nền %s", worker, exc_info=True)


def forget(worker: str) -> None:
    from .models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(worker=worker).delete()


def worker_seen() -> bool:
    from .models import WorkerHeartbeat

    since = timezone.now() - datetime.timedelta(seconds=WORKER_SEEN_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=since).exists()


class QueueCollector:
    """Read at each scrape from the database, so that every web process and machine reports the same figures."""

    def describe(self):
        return []  # registered before the apps are loaded: nothing to read from the database yet

    def collect(self):
        from django.db.models import Count, Max
        from django_tasks_db.models import DBTaskResult

        from .models import ImportJob, WorkerHeartbeat

        depth = GaugeMetricFamily("dxnet_queue_depth", "Việc nền đang chờ chạy", labels=["queue"])
        jobs = GaugeMetricFamily("dxnet_import_jobs", "Các lần nhập theo trạng thái", labels=["status"])
        seen = GaugeMetricFamily("dxnet_worker_last_seen_seconds", "Số giây từ nhịp gần nhất của tiến trình chạy nền")
        try:
            for row in DBTaskResult.objects.ready().values("queue_name").annotate(n=Count("id")):
                depth.add_metric([row["queue_name"]], row["n"])
            for row in ImportJob.objects.values("status").annotate(n=Count("id")):
                jobs.add_metric([row["status"]], row["n"])
            if last := WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]:
                seen.add_metric([], (timezone.now() - last).total_seconds())
        except Exception:  # the database is down: /readyz says so; the process's own figures are still served
            logging.getLogger(__name__).warning("Không đọc được hàng đợi cho số liệu giám sát", exc_info=True)
        yield from (depth, jobs, seen)


QUEUE = QueueCollector()
REGISTRY.register(QUEUE)


def registry():
    """The figures of every process under PROMETHEUS_MULTIPROC_DIR (gunicorn's workers, the job workers), else
    this process's own."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    from prometheus_client import multiprocess

    combined = CollectorRegistry()
    multiprocess.MultiProcessCollector(combined)
    combined.register(QUEUE)
    return combined
