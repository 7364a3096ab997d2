"""A many-to-many field of the API chooses only among the objects the caller may see (core.api.ScopedSerializer):
an id out of scope answers exactly as an id that does not exist, and never names the object. Every writable
many-to-many field of a ScopedSerializer is exercised: a drill's systems, an inspection's team and inspected
agencies."""

import datetime

import pytest
from django.urls import reverse

from dxnet.accounts.models import Role
from dxnet.agencies.models import Agency
from dxnet.infosec import services
from dxnet.infosec.models import InformationSystem, SecurityDrill
from dxnet.inspections.models import Inspection
from dxnet.people.models import Person

from .conftest import HA_NOI, LAO_CAI, client_for, make_user

MISSING = 987654321


@pytest.fixture
def lao_cai_portal(actors, lao_cai_commune):
    return services.do_register_system(InformationSystem(), acting_user=actors["coordinator"],
                                       agency=Agency.objects.get(code=LAO_CAI), name="Cổng thông tin điện tử tỉnh",
                                       proposed_level=3, valid_from=datetime.date(2024, 1, 2))


def _without_id(body: dict, pk: int) -> str:
    return str(body).replace(str(pk), "<id>")


def test_a_drill_naming_another_provinces_system_answers_as_a_missing_id(actors, lao_cai_portal):
    client = client_for(actors["outsider"])  # Hà Nội's coordinator
    base = {"agency": Agency.objects.get(code=HA_NOI).pk, "date": "2025-05-01", "scenario": "Tấn công"}
    hidden = client.post(reverse("security-drill-list"), {**base, "systems": [lao_cai_portal.pk]}, format="json")
    missing = client.post(reverse("security-drill-list"), {**base, "systems": [MISSING]}, format="json")
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["errors"]["systems"][0]["code"] == "does_not_exist"
    assert _without_id(hidden.json(), lao_cai_portal.pk) == _without_id(missing.json(), MISSING)
    assert "Lào Cai" not in hidden.content.decode()
    assert not SecurityDrill.objects.exists()


def test_a_commune_focal_point_cannot_learn_a_system_name_through_a_drill(actors, lao_cai_portal):
    """The probe's case: a Hà Nội commune's focal point sends a Lào Cai system with its own commune."""
    commune = Agency.objects.filter(parent__code=HA_NOI, kind=Agency.Kind.COMMUNE_PC).order_by("code").first()
    focal_point = make_user("daumoi.hanoi", Role.FOCAL_POINT, commune.code)
    response = client_for(focal_point).post(reverse("security-drill-list"), {
        "agency": commune.pk, "date": "2025-05-01", "scenario": "Tấn công", "systems": [lao_cai_portal.pk]},
        format="json")
    assert response.status_code == 400 and "Cổng thông tin điện tử tỉnh" not in response.content.decode()


def test_the_service_never_names_a_system_the_author_cannot_see(actors, lao_cai_portal):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.do_record_drill(SecurityDrill(), acting_user=actors["outsider"],
                                 agency=Agency.objects.get(code=HA_NOI), date=datetime.date(2025, 5, 1),
                                 scenario="Tấn công", systems=[lao_cai_portal])
    assert "Cổng thông tin" not in str(refused.value.messages)
    assert not SecurityDrill.objects.exists()


def test_an_inspection_naming_another_provinces_agency_or_person_answers_as_a_missing_id(actors, lao_cai_commune):
    client = client_for(actors["coordinator"])  # Lào Cai's coordinator
    hanoi_commune = Agency.objects.filter(parent__code=HA_NOI, kind=Agency.Kind.COMMUNE_PC).order_by("code").first()
    hanoi_person = Person.objects.create(agency=hanoi_commune, full_name="Nguyễn Văn Hà")
    base = {"agency": Agency.objects.get(code=LAO_CAI).pk, "title": "Kiểm tra", "starts_on": "2026-10-01",
            "ends_on": "2026-10-03", "inspected": [lao_cai_commune.pk]}
    for field, hidden_pk in (("inspected", hanoi_commune.pk), ("members", hanoi_person.pk)):
        hidden = client.post(reverse("inspection-list"), {**base, field: [hidden_pk]}, format="json")
        missing = client.post(reverse("inspection-list"), {**base, field: [MISSING]}, format="json")
        assert hidden.status_code == missing.status_code == 400
        assert _without_id(hidden.json(), hidden_pk) == _without_id(missing.json(), MISSING), field
        assert "Hà" not in hidden.content.decode().replace("Hãy", "")
    assert not Inspection.objects.exists()


def test_many_to_many_choices_within_scope_still_work(actors, lao_cai_commune, lao_cai_portal):
    client = client_for(actors["coordinator"])
    lao_cai = Agency.objects.get(code=LAO_CAI)
    drill = client.post(reverse("security-drill-list"), {"agency": lao_cai.pk, "date": "2025-05-01",
                                                         "scenario": "Tấn công", "systems": [lao_cai_portal.pk]},
                        format="json")
    assert drill.status_code == 201 and drill.json()["systems"] == [lao_cai_portal.pk]
    member = Person.objects.create(agency=lao_cai_commune, full_name="Lò Văn Minh")
    inspection = client.post(reverse("inspection-list"), {
        "agency": lao_cai.pk, "title": "Kiểm tra", "starts_on": "2026-10-01", "ends_on": "2026-10-03",
        "inspected": [lao_cai_commune.pk], "members": [member.pk]}, format="json")
    assert inspection.status_code == 201, inspection.json()
    assert inspection.json()["members"] == [member.pk]
