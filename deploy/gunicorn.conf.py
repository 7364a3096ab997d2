"""gunicorn for dxnet (docs/deploy.md): every value from the environment file, none hard-wired for one machine."""

import multiprocessing
import os
import shutil

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


def on_starting(server):
    # Metrics of processes that are gone are no longer served (prometheus-client multiprocess mode).
    if directory := os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
