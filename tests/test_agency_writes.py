"""Writes through the UI: scope and role checked, every change in the object's history."""

import pytest
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.core.models import AuditEntry

from .conftest import client_for

pytestmark = pytest.mark.django_db

NEW_UNIT = {"code": "van-phong-hdnd-ubnd-xa", "name": "Văn phòng HĐND và UBND xã", "kind": "other",
            "valid_from": "2025-07-01", "valid_to": ""}


def test_a_coordinator_adds_a_unit_and_it_shows_in_the_history(coordinator, lao_cai_commune):
    client = client_for(coordinator)
    response = client.post(reverse("agencies:create", args=[lao_cai_commune.pk]), NEW_UNIT)
    unit = Agency.objects.get(code=NEW_UNIT["code"])
    assert response.status_code == 302
    assert (unit.parent, unit.admin_unit, unit.path) == (
        lao_cai_commune, lao_cai_commune.admin_unit, f"{lao_cai_commune.path}{unit.code}/")
    page = client.get(reverse("agencies:detail", args=[unit.pk])).content.decode()
    assert "Lịch sử thay đổi" in page
    assert "Tạo mới" in page and "dieuphoi" in page and "Giao diện web" in page


def test_an_edit_records_each_field_old_to_new(coordinator, lao_cai_commune):
    client = client_for(coordinator)
    old_name = lao_cai_commune.name
    response = client.post(reverse("agencies:update", args=[lao_cai_commune.pk]),
                           {"name": "UBND phường Lào Cai (mới)", "kind": "commune_pc",
                            "valid_from": "2025-07-01", "valid_to": ""})
    assert response.status_code == 302
    entry = AuditEntry.objects.for_object(lao_cai_commune).first()
    assert (entry.action, entry.actor, entry.via) == ("update", coordinator, "web")
    assert entry.changes == {"name": [old_name, "UBND phường Lào Cai (mới)"]}
    page = client.get(reverse("agencies:detail", args=[lao_cai_commune.pk])).content.decode()
    assert f"{old_name} → UBND phường Lào Cai (mới)" in page


def test_a_date_range_backwards_is_refused_in_vietnamese_and_nothing_changes(coordinator, lao_cai_commune):
    response = client_for(coordinator).post(
        reverse("agencies:update", args=[lao_cai_commune.pk]),
        {"name": "Tên khác", "kind": "commune_pc", "valid_from": "2025-07-01", "valid_to": "2025-01-01"})
    assert response.status_code == 200
    assert "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực." in response.content.decode()
    lao_cai_commune.refresh_from_db()
    assert lao_cai_commune.name != "Tên khác"
    assert not AuditEntry.objects.for_object(lao_cai_commune).filter(action="update").exists()


def test_a_duplicate_code_is_refused(coordinator, lao_cai_commune):
    response = client_for(coordinator).post(reverse("agencies:create", args=[lao_cai_commune.pk]),
                                            {**NEW_UNIT, "code": "ubnd-tinh-01"})
    assert response.status_code == 200
    assert Agency.objects.filter(code="ubnd-tinh-01").count() == 1


@pytest.mark.parametrize("actor, status", [("outsider", 404), ("sibling", 404), ("viewer", 403),
                                           ("focal_point", 403)])
def test_who_may_not_write_changes_nothing(actor, status, actors, lao_cai_commune):
    client = client_for(actors[actor])
    before = AuditEntry.objects.count()
    assert client.post(reverse("agencies:create", args=[lao_cai_commune.pk]), NEW_UNIT).status_code == status
    assert client.post(reverse("agencies:update", args=[lao_cai_commune.pk]),
                       {"name": "X", "kind": "other"}).status_code == status
    assert client.post(reverse("agencies:delete", args=[lao_cai_commune.pk])).status_code == status
    assert AuditEntry.objects.count() == before
    assert Agency.objects.filter(pk=lao_cai_commune.pk, name=lao_cai_commune.name).exists()


def test_a_unit_entered_by_mistake_is_deleted_and_the_deletion_audited(coordinator, lao_cai_commune):
    client = client_for(coordinator)
    client.post(reverse("agencies:create", args=[lao_cai_commune.pk]), NEW_UNIT)
    unit = Agency.objects.get(code=NEW_UNIT["code"])
    response = client.post(reverse("agencies:delete", args=[unit.pk]))
    assert response.status_code == 302
    assert not Agency.objects.filter(pk=unit.pk).exists()
    entry = AuditEntry.objects.for_object(unit).first()
    assert entry.action == "delete" and entry.changes["name"] == [NEW_UNIT["name"], None]


def test_an_agency_with_units_or_accounts_is_not_deleted(coordinator, lao_cai_commune):
    response = client_for(coordinator).post(reverse("agencies:delete", args=[lao_cai_commune.pk]),
                                            follow=True)
    assert "Không xóa được cơ quan còn đơn vị trực thuộc hoặc tài khoản" in response.content.decode()
    assert Agency.objects.filter(pk=lao_cai_commune.pk).exists()


def test_the_api_returns_service_errors_in_vietnamese(coordinator, lao_cai_commune):
    response = client_for(coordinator).patch(reverse("agency-detail", args=[lao_cai_commune.pk]),
                                             {"valid_to": "2025-01-01"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"valid_to": [{"message": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
                                                       "code": "invalid"}]}
    lao_cai_commune.refresh_from_db()
    assert lao_cai_commune.valid_to is None
