"""The production mode of docs/deploy.md, run for real: the example environment file passes Django's deploy check,
and gunicorn + PostgreSQL + Redis + one worker, started with the documented commands, serve a ready site on which
a background import completes.

The second test needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL, else 127.0.0.1:6379): CI has both. It works in
a throwaway database of its own, dropped at the end.
"""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")


def example_environment() -> dict[str, str]:
    """deploy/dxnet.env.example as systemd's EnvironmentFile reads it (and a shell sourcing it)."""
    pairs = (line.split("=", 1) for line in (ROOT / "deploy" / "dxnet.env.example").read_text().splitlines()
             if line.strip() and not line.startswith("#"))
    return {key.strip(): value.strip().removeprefix('"').removesuffix('"') for key, value in pairs}


def production_environment(tmp_path: Path, **overrides: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DXNET_", "DATABASE_URL", "REDIS_URL"))}
    return keep | example_environment() | {
        "DXNET_SECRET_KEY": secrets.token_urlsafe(50), "DXNET_VAR_DIR": str(tmp_path / "var"),
        "DXNET_MEDIA_ROOT": str(tmp_path / "media"), "DXNET_STATIC_ROOT": str(tmp_path / "static"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")} | overrides


def dxnet(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(BIN / "dxnet"), *args], env=env, cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, f"dxnet {' '.join(args)}: {done.stdout}{done.stderr}"
    return done


def test_the_example_environment_file_passes_the_deploy_check_without_a_warning(tmp_path):
    env = production_environment(tmp_path)
    done = subprocess.run([str(BIN / "dxnet"), "check", "--deploy", "--fail-level", "WARNING"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
    probe = ("from django.conf import settings as s; print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, "
             "s.DATABASES['default']['ENGINE'], s.LOG_FORMAT, s.SECURE_PROXY_SSL_HEADER[0])")
    shown = dxnet(env, "shell", "-c", probe).stdout.splitlines()[-1].split()
    assert shown == ["django.core.cache.backends.redis.RedisCache", "django.contrib.sessions.backends.cache",
                     "django.db.backends.postgresql", "json", "HTTP_X_FORWARDED_PROTO"]


def test_gunicorn_drops_the_metrics_of_processes_gone_and_keeps_those_of_running_workers(tmp_path, monkeypatch):
    import runpy

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    directory = tmp_path / "metrics"
    directory.mkdir()
    for name in (f"counter_{gone.pid}.db", f"histogram_{gone.pid}.db", f"histogram_{os.getpid()}.db"):
        (directory / name).write_bytes(b"")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))
    runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["on_starting"](None)
    assert [p.name for p in directory.iterdir()] == [f"histogram_{os.getpid()}.db"]


def _redis_answers() -> bool:
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


@pytest.fixture
def probe_database():
    """An empty PostgreSQL database of this test's own (never dxnet or dxnet_bench), dropped after."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or not _redis_answers():
        pytest.skip("cần PostgreSQL (DATABASE_URL) và Redis")
    import psycopg

    base = url.rsplit("/", 1)[0]
    name = f"dxnet_prod_probe_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{base}/{name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Browser:
    """Just enough of a browser behind nginx: HTTPS said by X-Forwarded-Proto, cookies kept (Secure ones too)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                proxied: bool = True):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if proxied:
            sent |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.10",
                     "Origin": f"https://127.0.0.1:{self.port}"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies |= {k: m.value for k, m in SimpleCookie(header).items()}
        connection.close()
        return response, content

    def csrf(self, path: str) -> str:
        response, content = self.request("GET", path)
        assert response.status == 200, (path, response.status)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()

    def post_form(self, path: str, fields: dict, file: tuple[str, bytes] | None = None):
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in fields.items()]
        if file:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file[0]}"\r\n'
                         f"Content-Type: text/csv\r\n\r\n".encode() + file[1] + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                 "Referer": f"https://127.0.0.1:{self.port}{path}"})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.3)
    raise AssertionError(f"quá {seconds:g} giây: {what}")


def test_gunicorn_postgresql_redis_and_a_worker_serve_a_ready_site_where_a_background_import_completes(
        probe_database, tmp_path):
    started = time.monotonic()
    port = _free_port()
    env = production_environment(tmp_path, DATABASE_URL=probe_database, REDIS_URL=REDIS_URL,
                                 DXNET_WEB_BIND=f"127.0.0.1:{port}", DXNET_WEB_WORKERS="2",
                                 DXNET_ALLOWED_HOSTS="127.0.0.1", DXNET_BACKGROUND_IMPORT_ROWS="5")
    # The documented first steps (docs/deploy.md, “Khởi tạo”).
    dxnet(env, "migrate", "--noinput")
    dxnet(env, "load_reference")
    dxnet(env, "collectstatic", "--noinput")
    lookup = ("from dxnet.agencies.models import Agency; a = Agency.objects.filter(kind='commune_pc', "
              "parent__code='ubnd-tinh-15').order_by('code').first(); print(a.code, a.admin_unit.code)")
    agency, commune = dxnet(env, "shell", "-c", lookup).stdout.splitlines()[-1].split()
    password = "Dau-moi-xa-2026!"
    dxnet(env, "adduser", "daumoi.xa", "--agency", agency, "--role", "focal_point", stdin=f"{password}\n" * 2)
    prepared = time.monotonic() - started

    # The services, as the systemd units start them.
    web = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")], env=env,
                           cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    worker = subprocess.Popen([str(BIN / "dxnet"), "worker", "--interval", "1"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    browser = Browser(port)
    try:
        def ready():
            try:
                return browser.request("GET", "/readyz", proxied=False)[0].status == 200
            except OSError:
                return False
        _wait_until(ready, 30, "/readyz chưa trả 200")
        up = time.monotonic() - started
        timings = []
        for _ in range(5):
            moment = time.perf_counter()
            response, content = browser.request("GET", "/readyz", proxied=False)
            timings.append((time.perf_counter() - moment) * 1000)
        assert response.status == 200 and json.loads(content)["status"] == "ok"
        assert response.getheader("X-Request-ID")
        assert browser.request("GET", "/static/dxnet/app.css")[0].status == 200  # WhiteNoise, from collectstatic
        # Through the proxy, /metrics is refused without the token.
        assert browser.request("GET", "/metrics")[0].status == 403

        # A focal point signs in and uploads a file larger than the background threshold.
        response, _ = browser.post_form("/dang-nhap/", {"csrfmiddlewaretoken": browser.csrf("/dang-nhap/"),
                                                        "username": "daumoi.xa", "password": password})
        assert response.status == 302 and "dang-nhap" not in response.getheader("Location"), response.status
        rows = "".join(f"{commune},Thôn Vận Hành {n},thôn\n" for n in range(20))
        csv = ('Mã xã,"Tên thôn, tổ dân phố",Loại\n' + rows).encode()
        upload_page = "/nhap-xuat/villages/nhap/"
        response, _ = browser.post_form(upload_page, {"csrfmiddlewaretoken": browser.csrf(upload_page)},
                                        ("thon.csv", csv))
        assert response.status == 302, response.status
        job_page = response.getheader("Location")
        assert re.fullmatch(r"/nhap-xuat/lan-nhap/\d+/", job_page)

        def finished():
            status = json.loads(browser.request("GET", job_page + "trang-thai/")[1])
            return status if status["done"] else None
        status = _wait_until(finished, 30, "lần nhập chạy nền chưa xong")
        assert (status["status"], status["processed"]) == ("succeeded", 20), status
        # The worker's timing reaches /metrics through the shared multiprocess directory.
        metrics = browser.request("GET", "/metrics", proxied=False)[1].decode()
        assert re.search(r'dxnet_job_duration_seconds_count\{status="successful",task="process_import"\} 1\.0',
                         metrics), metrics[-2000:]
    finally:
        for process in (worker, web):
            process.send_signal(signal.SIGTERM)
        for process in (worker, web):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    total = time.monotonic() - started
    print(f"\nchế độ vận hành: chuẩn bị {prepared:.1f} s, sẵn sàng sau {up:.1f} s, /readyz "
          f"{sorted(timings)[len(timings) // 2]:.1f} ms (trung vị 5 lần), cả bài {total:.1f} s")
