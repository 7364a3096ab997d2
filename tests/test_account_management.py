"""Coordinators manage the accounts of their subtree through the UI; every change is in the history."""

import pytest
from django.urls import reverse

from dxnet.accounts.models import Role, User
from dxnet.core.models import AuditEntry

from .conftest import client_for

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = {"username": "daumoi.batxat", "full_name": "Lò Văn Sáng", "email": "sang@example.vn",
               "agency": "ubnd-xa-02683", "role": "focal_point", "password1": "Bat-Xat-2025-cds",
               "password2": "Bat-Xat-2025-cds"}


def test_a_coordinator_creates_an_account_for_a_commune(coordinator):
    client = client_for(coordinator)
    response = client.post(reverse("accounts:create"), NEW_ACCOUNT)
    account = User.objects.get(username="daumoi.batxat")
    assert response.status_code == 302
    assert (account.agency.name, account.role) == ("Ủy ban nhân dân xã Bát Xát", Role.FOCAL_POINT)
    assert account.check_password("Bat-Xat-2025-cds")
    page = client.get(reverse("accounts:detail", args=[account.pk])).content.decode()
    assert "Tạo mới" in page and "Ủy ban nhân dân xã Bát Xát" in page


def test_the_agency_page_prefills_the_new_account_form(coordinator, lao_cai_commune):
    page = client_for(coordinator).get(reverse("accounts:create"), {"agency": lao_cai_commune.pk})
    html = page.content.decode()  # a picker: the agency's name to read, its id to post
    assert f'value="{lao_cai_commune.name}"' in html and f'name="agency" value="{lao_cai_commune.pk}"' in html


@pytest.mark.parametrize("change, message", [
    ({"agency": "ubnd-xa-00070"}, "Không tìm thấy “ubnd-xa-00070” trong phạm vi của bạn"),
    ({"role": "national_admin"}, "Hãy chọn một lựa chọn hợp lệ"),
    ({"password2": "khac-hoan-toan"}, "Hai lần nhập mật khẩu không khớp."),
    ({"password1": "12345678901", "password2": "12345678901"}, "Mật khẩu không được chỉ gồm chữ số."),
    ({"username": "dieuphoi.hanoi"}, "Tên đăng nhập “dieuphoi.hanoi” đã tồn tại."),
])
def test_bad_account_data_is_refused_in_vietnamese_and_nothing_is_created(change, message, coordinator, actors):
    before = User.objects.count()
    response = client_for(coordinator).post(reverse("accounts:create"), {**NEW_ACCOUNT, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == before


def test_an_edit_and_a_password_reset_are_in_the_history(coordinator, actors):
    account = actors["focal_point"]
    client = client_for(coordinator)
    response = client.post(reverse("accounts:update", args=[account.pk]), {
        "full_name": "Hoàng Thị Hoa", "email": "", "agency": account.agency.code, "role": "viewer", "is_active": ""})
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.role, account.is_active) == (Role.VIEWER, False)
    assert client.post(reverse("accounts:password", args=[account.pk]),
                       {"password1": "Mot-mat-khau-moi-9", "password2": "Mot-mat-khau-moi-9"}).status_code == 302
    entries = AuditEntry.objects.for_object(account)
    assert entries[0].changes == {"password": ["***", "***"]}
    assert entries[1].changes["role"] == ["focal_point", "viewer"]
    page = client.get(reverse("accounts:detail", args=[account.pk])).content.decode()
    assert "Vai trò: Đầu mối chuyển đổi số → Chỉ xem" in page
    assert "Mật khẩu" in page and "Bat-Xat" not in page


def test_nobody_locks_themselves_out(coordinator):
    response = client_for(coordinator).post(reverse("accounts:update", args=[coordinator.pk]), {
        "full_name": "X", "email": "", "agency": "ubnd-tinh-15", "role": "coordinator", "is_active": ""})
    assert "Không tự khóa" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.is_active
