"""gunicorn for dxnet (docs/deploy.md): every value from the environment file, none hard-wired for one machine."""

import multiprocessing
import os
from pathlib import Path

wsgi_app = "dxnet.wsgi:application"
bind = os.environ.get("DXNET_WEB_BIND", "127.0.0.1:8000")  # nginx in front; never exposed directly
workers = int(os.environ.get("DXNET_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# A file below DXNET_BACKGROUND_IMPORT_ROWS rows is imported while the request waits; larger ones go to the worker.
timeout = int(os.environ.get("DXNET_WEB_TIMEOUT", 120))
graceful_timeout = 30
max_requests, max_requests_jitter = 2000, 200  # a process is renewed now and then: memory stays flat
accesslog = None  # dxnet logs each request itself (JSON, with request id, user id and duration)
errorlog = "-"
forwarded_allow_ips = "127.0.0.1,::1"  # X-Forwarded-* believed from the local nginx only


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def on_starting(server):
    # prometheus-client multiprocess mode: the figures of processes gone before this start are dropped (the running
    # background workers keep theirs), so the directory does not grow with every renewed process.
    if directory := os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.makedirs(directory, exist_ok=True)
        for path in Path(directory).glob("*.db"):
            pid = path.stem.rpartition("_")[2]
            if pid.isdigit() and not _alive(int(pid)):
                path.unlink(missing_ok=True)


def post_worker_init(worker):
    from dxnet.core.process import settle_after_load

    settle_after_load()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
