"""Running dxnet for real: production settings pass Django's deploy check, errors are logged with their traceback,
the secret key is private, demo data stays out of production, and a backup restores into a new database."""

import logging
import os
import secrets
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from .conftest import client_for


def dxnet(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dxnet.cli", *args], env=env, capture_output=True, text=True,
                          timeout=900, check=False)


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {**os.environ, "DXNET_PRODUCTION": "1", "DXNET_SECRET_KEY": secrets.token_urlsafe(50),
           "DXNET_VAR_DIR": str(tmp_path), "DXNET_ALLOWED_HOSTS": "dxnet.gov.vn"}
    done = dxnet(env, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_the_generated_secret_key_is_readable_by_its_owner_alone(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DXNET_SECRET_KEY"} | {"DXNET_VAR_DIR": str(tmp_path)}
    assert dxnet(env, "check").returncode == 0
    key = tmp_path / "secret_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    key.chmod(0o644)  # written by an older version
    assert dxnet(env, "check").returncode == 0
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_a_server_error_is_logged_with_its_traceback(actors, monkeypatch):
    from dxnet.portal import views

    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("django").addHandler(handler)
    monkeypatch.setattr(views.HomeView, "get_context_data", lambda *a, **k: 1 / 0)  # a fault in a page
    client = client_for(actors["coordinator"])
    client.raise_request_exception = False
    try:
        response = client.get(reverse("home"))
    finally:
        logging.getLogger("django").removeHandler(handler)
    assert response.status_code == 500 and "ZeroDivisionError" not in response.content.decode()
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in records)


def test_demo_data_is_refused_in_production_unless_forced(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="vận hành thật"):
        call_command("load_demo")
    from dxnet.accounts.models import User

    assert not User.objects.filter(username="quantri").exists()


@pytest.fixture
def two_databases(tmp_path):
    """A source and an empty target database of the engine the suite runs on (PostgreSQL in CI), dropped after."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    base, admin = url.rsplit("/", 1)[0], url.rsplit("/", 1)[0] + "/postgres"
    names = [f"dxnet_drill_{uuid.uuid4().hex[:8]}_{side}" for side in ("source", "restored")]
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    yield tuple(f"{base}/{name}" for name in names)
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_of_the_demo_restores_into_a_new_database_with_the_same_rows_and_audit_trail(two_databases,
                                                                                            tmp_path):
    source, restored = two_databases
    common = {**os.environ, "DXNET_SECRET_KEY": "drill", "DXNET_DEBUG": "0"}
    first = common | {"DATABASE_URL": source, "DXNET_VAR_DIR": str(tmp_path / "first")}
    second = common | {"DATABASE_URL": restored, "DXNET_VAR_DIR": str(tmp_path / "second")}
    for step in (("migrate", "--noinput"), ("load_reference",), ("load_demo",)):
        assert dxnet(first, *step).returncode == 0, step
    upload = tmp_path / "first" / "media" / "vuong-mac" / "2026" / "de-nghi.pdf"  # an uploaded file
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(b"%PDF-1.4 de nghi")
    archive = tmp_path / "backup.tar"
    done = dxnet(first, "backup", "--output", str(archive))
    assert done.returncode == 0, done.stderr
    head = done.stdout.split("Đầu chuỗi nhật ký")[1].split()[-1]  # the anchor, to keep elsewhere
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600

    done = dxnet(second, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "nhật ký thay đổi khớp" in done.stdout
    assert "Chuỗi nhật ký nguyên vẹn:" in done.stdout  # `dxnet audit verify` after the restore
    assert dxnet(second, "audit", "verify", "--expect", head).returncode == 0
    uploaded = sorted(p.relative_to(tmp_path / "first") for p in (tmp_path / "first" / "media").rglob("*")
                      if p.is_file())
    assert uploaded and uploaded == sorted(p.relative_to(tmp_path / "second") for p in
                                           (tmp_path / "second" / "media").rglob("*") if p.is_file())
    assert "Cơ sở dữ liệu đích đã có dữ liệu" in dxnet(second, "restore", str(archive)).stderr
    assert dxnet(second, "restore", str(Path(tmp_path / "missing.tar"))).returncode != 0


def test_every_page_carries_a_content_security_policy_without_inline_code(client):
    import re

    policy = client.get(reverse("login")).headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe" not in policy
    # Nothing the policy would refuse is left in a template: no style attribute, no inline script or handler.
    root = Path(__file__).resolve().parent.parent / "dxnet"
    offending = [str(path.relative_to(root)) for path in root.rglob("*.html")
                 if re.search(r'\sstyle="|<script(?![^>]*\ssrc=)|\son[a-z]+="', path.read_text(encoding="utf-8"))]
    assert offending == []


def test_a_session_ends_after_its_idle_time_and_after_twelve_hours_whatever_the_activity(actors, settings):
    import time

    from dxnet.core.middleware import SIGNED_IN_AT

    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST  # idle: Django's own
    client = client_for(actors["coordinator"])
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 12 * 3600 - 1  # signed in more than twelve hours ago
    session.save()
    answer = client.get(reverse("home"))
    assert answer.status_code == 302 and reverse("login") in answer["Location"]
    assert "_auth_user_id" not in client.session


def test_a_new_password_or_a_locked_account_ends_the_api_token_and_rotation_replaces_it(actors):
    from rest_framework.authtoken.models import Token

    from dxnet.accounts import services
    from dxnet.accounts.models import User

    admin, user = actors["national_admin"], actors["viewer"]
    key = services.issue_token(user, acting_user=admin)
    api = client_for(None)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/agencies/").status_code == 200

    services.do_set_password(user, "một mật khẩu mới dài", acting_user=admin)
    assert api.get("/api/v1/agencies/").status_code == 401
    second = services.issue_token(user, acting_user=admin)
    assert second != key
    rotated = services.issue_token(user, acting_user=admin, rotate=True)
    assert rotated != second and not Token.objects.filter(key=second).exists()

    services.do_update_user(user, acting_user=admin, agency=user.agency, role=user.role, full_name="", email="",
                            is_active=False)
    assert not Token.objects.filter(user=user).exists()
    User.objects.filter(pk=user.pk).update(is_active=True)  # reactivated: the old token is not revived
    api.credentials(HTTP_AUTHORIZATION=f"Token {rotated}")
    assert api.get("/api/v1/agencies/").status_code == 401


def test_the_token_command_rotates_a_token_on_request(actors):
    import io

    def token(*options) -> str:
        out = io.StringIO()
        call_command("token", actors["viewer"].username, *options, stdout=out)
        return out.getvalue().split()[-1]

    first = token()
    assert token() == first and token("--rotate") != first
