"""Read replicas (issue 16): dashboards, reports, exports and open data read from a streaming standby when
DATABASE_REPLICA_URL is set; writes, and a browser that has just written, use the primary.

The router and the middleware are tested as functions. The last test builds a real PostgreSQL primary and a standby
replaying three seconds behind, on ports of their own, as the `postgres` user (the local cluster refuses replication
connections), serves dxnet from both and removes them: it runs where PostgreSQL's binaries and root are (CI).
"""

import glob
import json
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.db import OperationalError, connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from dxnet.accounts.models import User
from dxnet.core import audit, routing
from dxnet.core.routing import ReplicaMiddleware, ReplicaRouter, reading_from_replica
from dxnet.plans.models import Task

from .test_production_mode import BIN, ROOT, Browser, _free_port, _wait_until, dxnet, production_environment

router = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(routing, "replica_configured", lambda: True)


@pytest.fixture
def without_replica(monkeypatch):
    monkeypatch.setattr(routing, "replica_configured", lambda: False)


def test_reads_go_to_the_primary_unless_a_report_asks_for_the_replica(with_replica):
    assert router.db_for_read(Task) == "default"
    with reading_from_replica() as replica:
        assert replica
        assert router.db_for_read(Task) == "replica"
    assert router.db_for_read(Task) == "default"


def test_writes_always_go_to_the_primary(with_replica):
    with reading_from_replica():
        assert router.db_for_write(Task) == "default"


def test_accounts_and_sessions_are_read_from_the_primary_even_in_a_report(with_replica):
    from django.contrib.sessions.models import Session

    with reading_from_replica():
        assert router.db_for_read(User) == "default"
        assert router.db_for_read(Session) == "default"


def test_a_report_reads_the_primary_while_a_transaction_is_open_there(with_replica, monkeypatch):
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    with reading_from_replica():
        assert router.db_for_read(Task) == "default"


def test_without_a_replica_the_block_reads_the_primary(without_replica):
    with reading_from_replica() as replica:
        assert not replica
        assert not routing.reads_replica_now(Task)


def test_an_official_report_waits_for_the_replica_to_have_replayed_the_newest_write(with_replica, monkeypatch):
    versions = {"default": 12, "replica": 11}
    monkeypatch.setattr(audit, "data_version", lambda: versions["replica" if routing.reads_replica_now() else
                                                                 "default"])
    with reading_from_replica(only_if_caught_up=True) as replica:
        assert not replica and router.db_for_read(Task) == "default"
    versions["replica"] = 12
    with reading_from_replica(only_if_caught_up=True) as replica:
        assert replica and router.db_for_read(Task) == "replica"


def test_a_cached_figure_reads_its_version_from_the_database_its_figures_come_from(with_replica, monkeypatch):
    from django import db

    from dxnet.core.models import AuditEntry

    monkeypatch.setattr(db.router, "routers", [router])  # as DATABASE_ROUTERS has it with a replica
    assert AuditEntry.objects.all().db == Task.objects.all().db == "default"
    with reading_from_replica():
        assert AuditEntry.objects.all().db == Task.objects.all().db == "replica"


def test_an_official_report_reads_the_primary_when_the_replica_cannot_be_reached(with_replica, monkeypatch):
    def data_version():
        if routing.reads_replica_now():
            raise OperationalError("connection to server at 10.0.0.12, port 5432 failed: Connection refused")
        return 12

    monkeypatch.setattr(audit, "data_version", data_version)
    with reading_from_replica(only_if_caught_up=True) as replica:
        assert not replica and router.db_for_read(Task) == "default"


def test_only_the_primary_is_migrated_and_objects_of_both_may_be_related():
    assert router.allow_migrate("default", "plans") is True
    assert router.allow_migrate("replica", "plans") is False
    task, other = Task(), Task()
    task._state.db, other._state.db = "default", "replica"
    assert router.allow_relation(task, other) is True


def test_dashboards_reports_exports_and_open_data_say_they_may_read_the_replica():
    for path in ("/giam-sat/", "/giam-sat/chi-tieu/", "/giam-sat/tuan-thu/", "/du-lieu-mo/", "/du-lieu-mo/tinh.csv",
                 "/api/v1/open-data/", "/nhap-xuat/villages/xuat/"):
        view = resolve(path).func
        assert getattr(view.view_class, "reads_from_replica", False), path
    for path in ("/", "/dang-nhap/", "/nhap-xuat/villages/nhap/"):
        assert not getattr(resolve(path).func.view_class, "reads_from_replica", False), path


class ReportView:
    reads_from_replica = True


def _serve(request, view=ReportView, status=200):
    seen = {}

    def respond(request):
        middleware.process_view(request, view, (), {})
        seen["replica"] = routing.reads_replica_now(Task)
        return HttpResponse(status=status)

    middleware = ReplicaMiddleware(respond)
    response = middleware(request)
    assert not routing.reads_replica_now(Task)  # nothing leaks into the next request
    return seen["replica"], response


def test_a_report_page_reads_the_replica_and_another_page_the_primary(with_replica, settings):
    assert _serve(RequestFactory().get("/theo-doi/"))[0] is True
    assert _serve(RequestFactory().get("/"), view=object())[0] is False


def test_a_browser_that_has_just_written_reads_its_reports_from_the_primary(with_replica, settings):
    settings.DXNET_READ_YOUR_WRITES_SECONDS = 30
    _, response = _serve(RequestFactory().post("/nhap-xuat/villages/nhap/"), view=object(), status=302)
    cookie = response.cookies[routing.WROTE_COOKIE]
    assert cookie["max-age"] == 30 and cookie["httponly"]
    request = RequestFactory().get("/theo-doi/")
    request.COOKIES[routing.WROTE_COOKIE] = cookie.value
    assert _serve(request)[0] is False


def test_a_refused_write_does_not_send_the_browser_to_the_primary(with_replica):
    _, response = _serve(RequestFactory().post("/x/"), view=object(), status=400)
    assert routing.WROTE_COOKIE not in response.cookies


def test_a_report_whose_replica_cannot_be_reached_is_served_from_the_primary(with_replica):
    tried = []

    def view(request):
        tried.append(routing.reads_replica_now(Task))
        if routing.reads_replica_now(Task):
            raise OperationalError("connection to server at 10.0.0.12, port 5432 failed: Connection refused")
        return HttpResponse("từ máy chính")

    def respond(request):
        middleware.process_view(request, view, (), {})
        try:
            return view(request)
        except OperationalError as error:
            return middleware.process_exception(request, error)

    view.reads_from_replica = True
    middleware = ReplicaMiddleware(respond)
    response = middleware(RequestFactory().get("/giam-sat/"))
    assert tried == [True, False] and response.content.decode() == "từ máy chính"
    assert not routing.reads_replica_now(Task)


def test_without_a_replica_the_middleware_is_not_installed(without_replica):
    with pytest.raises(MiddlewareNotUsed):
        ReplicaMiddleware(lambda request: HttpResponse())


# --- A real primary and a standby three seconds behind -----------------------------------------------------------

PG_BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), "")
DELAY = 3  # seconds the standby waits before applying what the primary committed


def _as_postgres(*args: str) -> None:
    done = subprocess.run(["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, f"{' '.join(args)}: {done.stdout}{done.stderr}"


def _cluster_conf(directory: str, port: int, extra: str) -> None:
    with open(os.path.join(directory, "postgresql.conf"), "a") as conf:
        conf.write(f"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{directory}'\n"
                   f"fsync = off\nsynchronous_commit = off\n{extra}\n")


class Clusters:
    """A throwaway primary and, once it has its data, a streaming standby applying DELAY s behind."""

    def __init__(self, base: str):
        self.base, self.running = base, []
        self.ports = [_free_port(), _free_port()]
        while self.ports[1] == self.ports[0]:
            self.ports[1] = _free_port()
        self.primary, self.standby = (f"postgres://postgres@127.0.0.1:{port}/dxnet" for port in self.ports)

    def start(self, name: str, port: int, log: str) -> None:
        _as_postgres(f"{PG_BIN}/pg_ctl", "-D", os.path.join(self.base, name), "-l", log, "-w", "start")
        self.running.append(name)

    def start_primary(self) -> None:
        import psycopg

        directory = os.path.join(self.base, "primary")
        _as_postgres(f"{PG_BIN}/initdb", "-D", directory, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                     "--locale=C.UTF-8", "--no-sync")
        _cluster_conf(directory, self.ports[0], "wal_level = replica\nmax_wal_senders = 4")
        with open(os.path.join(directory, "pg_hba.conf"), "a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        self.start("primary", self.ports[0], f"{self.base}/primary.log")
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.ports[0]}/postgres", autocommit=True) as db:
            db.execute("CREATE DATABASE dxnet")

    def start_standby(self) -> None:
        directory = os.path.join(self.base, "standby")
        _as_postgres(f"{PG_BIN}/pg_basebackup", "-h", "127.0.0.1", "-p", str(self.ports[0]), "-U", "postgres",
                     "-D", directory, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync")
        _cluster_conf(directory, self.ports[1], f"recovery_min_apply_delay = '{DELAY}s'\nhot_standby = on")
        self.start("standby", self.ports[1], f"{self.base}/standby.log")

    def stop(self, name: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", f"{PG_BIN}/pg_ctl", "-D", os.path.join(self.base, name),
                        "-m", "immediate", "stop"], capture_output=True, timeout=60, check=False)
        self.running.remove(name)

    def remove(self) -> None:
        for name in list(reversed(self.running)):
            self.stop(name)
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture
def clusters():
    """Both clusters on free ports of their own, as the postgres user; stopped and removed whatever happens."""
    if not (PG_BIN and shutil.which("runuser") and os.geteuid() == 0
            and os.environ.get("DATABASE_URL", "").startswith("postgres")):
        pytest.skip("cần PostgreSQL (DATABASE_URL, các tệp chạy của PostgreSQL) và quyền root để chạy với người dùng "
                    "postgres")
    base = tempfile.mkdtemp(prefix="dxnet-replica-")
    owner = pwd.getpwnam("postgres")
    os.chown(base, owner.pw_uid, owner.pw_gid)
    made = Clusters(base)
    try:
        made.start_primary()
        yield made
    finally:
        made.remove()


def _replayed(pair: dict) -> bool:
    import psycopg

    with psycopg.connect(pair["primary"]) as primary, psycopg.connect(pair["standby"]) as standby:
        sent = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        return standby.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [sent]).fetchone()[0]


def _villages(browser: Browser) -> int:
    response, content = browser.request("GET", "/du-lieu-mo/tinh.json")
    assert response.status == 200, (response.status, content[:500])
    return sum(row["villages"] for row in json.loads(content)["provinces"])


def test_open_data_reads_a_standby_three_seconds_behind_while_the_author_of_a_write_reads_the_primary(
        clusters, tmp_path):
    import psycopg

    started = time.monotonic()
    pair = {"primary": clusters.primary, "standby": clusters.standby}
    port = _free_port()
    env = production_environment(tmp_path, DATABASE_URL=pair["primary"], DATABASE_REPLICA_URL=pair["standby"],
                                 REDIS_URL="", DXNET_WEB_BIND=f"127.0.0.1:{port}", DXNET_WEB_WORKERS="1",
                                 DXNET_ALLOWED_HOSTS="127.0.0.1")
    dxnet(env, "migrate", "--noinput")
    dxnet(env, "load_reference")
    lookup = ("from dxnet.agencies.models import Agency; a = Agency.objects.filter(kind='commune_pc', "
              "parent__code='ubnd-tinh-15').order_by('code').first(); print(a.code, a.admin_unit.code)")
    agency, commune = dxnet(env, "shell", "-c", lookup).stdout.splitlines()[-1].split()
    password = "Dau-moi-xa-2026!"
    dxnet(env, "adduser", "daumoi.xa", "--agency", agency, "--role", "focal_point", stdin=f"{password}\n" * 2)
    clusters.start_standby()
    with psycopg.connect(pair["standby"]) as db:
        assert db.execute("SELECT pg_is_in_recovery()").fetchone()[0]
    prepared = time.monotonic() - started

    web = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")], env=env,
                           cwd=ROOT, stdout=subprocess.DEVNULL, stderr=(tmp_path / "web.log").open("w"))
    try:
        visitor, author = Browser(port), Browser(port)

        def ready():
            try:
                return visitor.request("GET", "/readyz", proxied=False)[0].status in (200, 503)
            except OSError:
                return False
        _wait_until(ready, 30, "máy chủ web chưa trả lời")
        # The standby has replayed everything written so far (apply delay included) before the write below.
        _wait_until(lambda: _replayed(pair), 3 * DELAY + 10, "bản sao chưa theo kịp")
        before = _villages(visitor)

        # The author signs in and adds a village through the import page (one row: imported at once).
        response, _ = author.post_form("/dang-nhap/", {"csrfmiddlewaretoken": author.csrf("/dang-nhap/"),
                                                       "username": "daumoi.xa", "password": password})
        assert response.status == 302 and "dang-nhap" not in response.getheader("Location"), response.status
        assert routing.WROTE_COOKIE in author.cookies  # signing in is a write too
        upload_page = "/nhap-xuat/villages/nhap/"
        token = author.csrf(upload_page)
        csv = f'Mã xã,"Tên thôn, tổ dân phố",Loại\n{commune},Thôn Bản Sao,thôn\n'.encode()
        response, _ = author.post_form(upload_page, {"csrfmiddlewaretoken": token}, ("thon.csv", csv))
        written = time.monotonic()
        assert response.status == 302, response.status

        # The visitor's open data comes from the standby, which has not applied the write yet; the page works.
        assert _villages(visitor) == before
        response, content = visitor.request("GET", "/du-lieu-mo/")
        assert response.status == 200 and "Thôn, tổ dân phố" in content.decode()
        with psycopg.connect(pair["standby"]) as db:
            assert db.execute("SELECT count(*) FROM network_village WHERE name = 'Thôn Bản Sao'").fetchone()[0] \
                == 0
        # Its author reads the same page from the primary: the village is counted at once.
        assert _villages(author) == before + 1
        shown_stale = time.monotonic() - written

        # A few seconds later the standby has applied it, and the visitor sees it too.
        _wait_until(lambda: _villages(visitor) == before + 1, 3 * DELAY + 10, "bản sao không theo kịp")
        lag = time.monotonic() - written
        assert lag >= DELAY - 1.0, lag

        # The standby stops: the same pages are served from the primary.
        clusters.stop("standby")
        assert _villages(visitor) == before + 1
        assert visitor.request("GET", "/du-lieu-mo/")[0].status == 200
    finally:
        web.send_signal(signal.SIGTERM)
        try:
            web.wait(timeout=20)
        except subprocess.TimeoutExpired:
            web.kill()
    print(f"\nbản sao: chuẩn bị {prepared:.1f} s, số liệu cũ còn thấy {shown_stale:.2f} s sau khi ghi, "
          f"bản sao hiện thay đổi sau {lag:.1f} s (trễ áp dụng {DELAY} s), cả bài {time.monotonic() - started:.1f} s")
