"""Operations: probes without login or data, metrics for loopback or a token, request ids, JSON logs, the worker's
heartbeat and job timings."""

import datetime
import json
import logging

from django.urls import reverse
from django.utils import timezone

from dxnet.core.models import WorkerHeartbeat
from dxnet.core.observability import JsonFormatter, beat, request_id

from .conftest import client_for


def test_healthz_answers_anyone_without_signing_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_is_ready_with_the_database_the_cache_and_a_worker_seen_in_the_last_minute(client, db):
    beat("may-chu-1:4242")
    response = client.get("/readyz")
    assert response.status_code == 200
    # Nothing but the verdict and which part failed: no name, no count, no version.
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "worker": "ok"}}


def test_readyz_is_unavailable_when_the_worker_has_been_silent_for_more_than_a_minute(client, db):
    WorkerHeartbeat.objects.create(worker="may-chu-1:4242", seen_at=timezone.now() - datetime.timedelta(seconds=90))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "cache": "ok", "worker": "fail"}}


def test_readyz_is_unavailable_when_the_cache_breaks(client, db, monkeypatch):
    from django.core.cache import cache

    beat("may-chu-1:4242")

    def broken(*args, **kwargs):
        raise ConnectionError("Redis đã dừng")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["cache"] == "fail"


def test_the_probes_do_not_redirect_to_https_in_production(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("home")).status_code == 301  # everything else still goes to HTTPS


def test_metrics_are_served_on_the_machine_itself(client, db):
    client.get("/healthz")
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    for name in ("dxnet_http_requests_total", "dxnet_http_request_duration_seconds_bucket", "dxnet_queue_depth",
                 "dxnet_import_jobs", "dxnet_job_duration_seconds"):
        assert name in text


def test_metrics_are_refused_from_elsewhere_and_through_the_proxy_without_the_token(client, db, settings):
    settings.DXNET_METRICS_TOKEN = "ma-giam-sat-bi-mat-2026"
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.5").status_code == 403
    # nginx forwards from loopback: the forwarded address is what counts
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403
    assert client.get("/metrics", HTTP_FORWARDED="for=203.0.113.9").status_code == 403  # a proxy speaking RFC 7239
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.5", HTTP_AUTHORIZATION="Bearer sai").status_code == 403
    served = client.get("/metrics", REMOTE_ADDR="10.0.0.5", HTTP_AUTHORIZATION="Bearer ma-giam-sat-bi-mat-2026")
    assert served.status_code == 200 and b"dxnet_http_requests_total" in served.content


def test_metrics_without_a_token_configured_are_refused_from_elsewhere_whatever_is_sent(client, db, settings):
    settings.DXNET_METRICS_TOKEN = ""
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.5", HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_every_answer_carries_a_request_id_the_proxys_when_it_looks_like_one(client, db):
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) == 32 and int(generated, 16) >= 0
    assert client.get("/healthz", HTTP_X_REQUEST_ID="3f2c9a1be04d4c2f")["X-Request-ID"] == "3f2c9a1be04d4c2f"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")["X-Request-ID"]
    assert forged != "<script>alert(1)</script>" and len(forged) == 32


def test_a_request_is_logged_in_json_with_its_id_the_users_id_and_its_duration_but_no_personal_data(actors,
                                                                                                   caplog):
    user = actors["coordinator"]
    with caplog.at_level(logging.INFO, logger="dxnet.request"):
        response = client_for(user).get(reverse("home") + "?q=Nguyễn Văn A")
    record = next(r for r in caplog.records if r.name == "dxnet.request")
    token = request_id.set(response["X-Request-ID"])  # the formatter reads it while the request is served
    try:
        line = JsonFormatter().format(record)
    finally:
        request_id.reset(token)
    entry = json.loads(line)
    assert entry["request_id"] == response["X-Request-ID"] and entry["user_id"] == user.pk
    assert entry["status"] == 200 and entry["path"] == "/" and entry["duration_ms"] > 0
    assert user.username not in line and "Nguyễn" not in line


def test_production_logs_json_by_default():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DXNET_PRODUCTION": "1", "DXNET_SECRET_KEY": "k" * 50}
    code = "import django; django.setup(); from django.conf import settings; print(settings.LOG_FORMAT)"
    done = subprocess.run([sys.executable, "-c", code], env=env | {"DJANGO_SETTINGS_MODULE": "dxnet.settings"},
                          capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "json", done.stderr


def test_db_worker_is_dxnets_own_and_beats_a_heartbeat_and_times_each_job(monkeypatch, coordinator, registry):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import get_commands
    from django_tasks_db.models import DBTaskResult
    from prometheus_client import REGISTRY

    from dxnet.core.exchange import process_import
    from dxnet.core.management.commands import db_worker
    from dxnet.core.models import ImportJob

    from .test_import_jobs import villages_csv

    assert get_commands()["db_worker"] == "dxnet.core"
    job = ImportJob.objects.create(kind="villages", actor=coordinator, file_name="thon.csv", background=True,
                                   file=SimpleUploadedFile("thon.csv", villages_csv(
                                       registry["agency"].admin_unit.code, 3)))
    process_import.enqueue(job.pk)
    monkeypatch.setattr(db_worker, "forget", lambda worker: None)  # keep the row to look at it
    # The library's loop drops stale connections; inside the test's transaction that would close the test's own.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    labels = {"task": "process_import", "status": "successful"}
    before = REGISTRY.get_sample_value("dxnet_job_duration_seconds_count", labels) or 0
    worker = db_worker.HeartbeatWorker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                                       startup_delay=False, max_tasks=None, worker_id="kiem-thu",
                                       excluded_queue_names=[])
    worker.run()
    assert WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - datetime.timedelta(seconds=5)).exists()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and job.created_count == 3
    assert REGISTRY.get_sample_value("dxnet_job_duration_seconds_count", labels) == before + 1


def test_a_made_up_http_method_adds_no_series_to_the_metrics(client, db):
    """Anyone may send any method name; each one kept as a label would grow every process's figures without end."""
    for number in range(3):
        client.generic(f"SONDA{number}", reverse("healthz"))
    client.generic("PATCH", reverse("healthz"))
    served = client.get("/metrics").content.decode()
    assert "SONDA" not in served
    assert 'method="khac"' in served and 'method="PATCH"' in served
