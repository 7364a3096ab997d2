"""The operators' commands: `dxnet adduser` and `dxnet token`."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from dxnet.accounts.models import User
from dxnet.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def adduser(monkeypatch, *args, stdin: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("adduser", *args, stdout=out)
    return out.getvalue()


def test_adduser_reads_the_password_twice_and_binds_agency_and_role(monkeypatch):
    out = adduser(monkeypatch, "dieuphoi.laocai", "--agency", "ubnd-tinh-15", "--role", "coordinator",
                  stdin="Mat-khau-rat-dai-1\nMat-khau-rat-dai-1\n")
    user = User.objects.get(username="dieuphoi.laocai")
    assert (user.agency.code, user.role) == ("ubnd-tinh-15", "coordinator")
    assert user.check_password("Mat-khau-rat-dai-1")
    assert "Đã tạo tài khoản dieuphoi.laocai" in out
    entry = AuditEntry.objects.for_object(user).get()
    assert (entry.action, entry.via) == ("create", "cli")
    assert entry.changes["password"] == ["***", "***"]


def test_adduser_finds_the_agency_by_its_exact_name(monkeypatch):
    adduser(monkeypatch, "hoankiem", "--agency", "Ủy ban nhân dân phường Hoàn Kiếm", "--role", "focal_point",
            stdin="Mat-khau-rat-dai-1\nMat-khau-rat-dai-1\n")
    assert User.objects.get(username="hoankiem").agency.code == "ubnd-xa-00070"


@pytest.mark.parametrize("args, stdin, message", [
    (["--agency", "ubnd-tinh-15"], "Mat-khau-rat-dai-1\nKhac-hoan-toan-2\n", "không khớp"),
    (["--agency", "khong-co"], "Mat-khau-rat-dai-1\nMat-khau-rat-dai-1\n", "Không tìm thấy cơ quan"),
    (["--agency", "ubnd-tinh-15"], "ngan\nngan\n", "quá ngắn"),
    (["--agency", "ubnd-tinh-15"], "Mat-khau-rat-dai-1\n", "Thiếu mật khẩu"),
])
def test_adduser_refuses_bad_input_in_vietnamese_and_creates_nothing(monkeypatch, args, stdin, message):
    with pytest.raises(CommandError, match=message):
        adduser(monkeypatch, "moi", *args, "--role", "viewer", stdin=stdin)
    assert not User.objects.filter(username="moi").exists()


def test_token_prints_a_working_api_token_as_its_last_line(coordinator):
    out = io.StringIO()
    call_command("token", coordinator.username, stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get(reverse("agency-list"), {"search": "lao cai"})
    assert response.status_code == 200 and response.json()["count"] > 0
    again = io.StringIO()
    call_command("token", coordinator.username, stdout=again)
    assert again.getvalue().strip().splitlines()[-1] == key
    assert AuditEntry.objects.for_object(coordinator).filter(changes__has_key="api_token").count() == 1


def test_token_for_an_unknown_user_is_an_error(db):
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("token", "khong-ai")
