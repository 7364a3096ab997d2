"""Inspections: the six questions per inspected agency, recommendations that become tasks, status to closed,
coverage x/N, scope, and bad input refused in Vietnamese with nothing changed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.inspections import services
from dxnet.inspections.models import FollowUp, InspectedAgency, Inspection, checklist
from dxnet.plans.models import PlanTemplate

from .conftest import HA_NOI, LAO_CAI, client_for

ANSWERS = {code: f"Trả lời: {label}" for code, label in checklist()}
START, END = datetime.date(2026, 10, 1), datetime.date(2026, 10, 10)


def _inspection(user, *inspected, agency_code=LAO_CAI, **fields):
    return services.do_create_inspection(
        acting_user=user, agency=Agency.objects.get(code=agency_code), title="Đoàn kiểm tra Đề án 1690 năm 2026",
        starts_on=START, ends_on=END, inspected=list(inspected), **fields)


def test_the_checklist_is_the_six_questions_of_seed_000():
    assert [label for _, label in checklist()] == [
        "Làm đủ chưa?", "Làm đúng chưa?", "Vướng mắc gì? Nguyên nhân?", "Thuận lợi gì?", "Sáng kiến, giải pháp gì?",
        "Kiến nghị gì?"]


def test_a_followup_becomes_a_task_of_the_commune_and_closes_the_agency_when_done(actors, lao_cai_commune):
    from dxnet.plans.services import do_record_update

    coordinator = actors["coordinator"]
    inspection = _inspection(coordinator, lao_cai_commune)
    target = inspection.targets.get()
    assert target.status == "scheduled"
    services.do_record_findings(target, acting_user=coordinator, inspected_on=datetime.date(2026, 10, 5),
                                findings=ANSWERS)
    assert InspectedAgency.objects.get(pk=target.pk).status == "inspected"
    followups = services.do_add_followups(target, acting_user=coordinator, items=[
        {"text": "Kiện toàn đầu mối chuyển đổi số của xã", "deadline_text": "31/12/2026"}])
    task = followups[0].task
    assert task.lead == lao_cai_commune
    assert task.plan.agency == lao_cai_commune
    assert task.plan.title == "Thực hiện kiến nghị sau kiểm tra năm 2026" and task.plan.kind == "other"
    assert task.due_date == datetime.date(2026, 12, 31)
    assert task.inspection_followup.target.inspection == inspection  # the source link back
    assert InspectedAgency.objects.get(pk=target.pk).status == "follow-up-open"
    do_record_update(task, acting_user=actors["focal_point"], text="Đã kiện toàn", status="done", progress=100)
    assert InspectedAgency.objects.get(pk=target.pk).status == "closed"
    # A second batch goes into the same follow-up plan, not a new one.
    again = services.do_add_followups(target, acting_user=coordinator, items=[{"text": "Bồi dưỡng kỹ năng số"}])
    assert again[0].task.plan == task.plan
    assert InspectedAgency.objects.get(pk=target.pk).status == "follow-up-open"


def test_the_commune_is_notified_of_the_followups_assigned_to_it(actors, lao_cai_commune,
                                                                 django_capture_on_commit_callbacks):
    from dxnet.notifications.models import Notification

    coordinator = actors["coordinator"]
    target = _inspection(coordinator, lao_cai_commune).targets.get()
    services.do_record_findings(target, acting_user=coordinator, inspected_on=START, findings=ANSWERS)
    with django_capture_on_commit_callbacks(execute=True):
        services.do_add_followups(target, acting_user=coordinator, items=[{"text": "Cập nhật kế hoạch"}])
    notice = Notification.objects.get(user=actors["focal_point"], kind="inspection_followup")
    assert notice.url == reverse("inspections:detail", args=[target.inspection_id])


def test_a_followup_lands_in_the_province_yearly_dx_plan_when_it_has_one(actors):
    from dxnet.plans import services as plans

    province = Agency.objects.get(code=LAO_CAI)
    plan = plans.do_create_plan(PlanTemplate.objects.get(code="phu-luc-iii-khung-ke-hoach-nam"), province, 2026,
                                acting_user=actors["coordinator"])
    admin = actors["national_admin"]
    target = _inspection(admin, province, agency_code="cuc-chuyen-doi-so-quoc-gia").targets.get()
    services.do_record_findings(target, acting_user=admin, inspected_on=START, findings=ANSWERS)
    followup = services.do_add_followups(target, acting_user=admin, items=[{"text": "Bổ sung kinh phí"}])[0]
    assert followup.task.plan == plan


def test_coverage_counts_provinces_inspected_this_year_from_outside(actors, lao_cai_commune):
    admin, coordinator = actors["national_admin"], actors["coordinator"]
    scheduled = Agency.objects.provincial_pcs().valid_on(START).exclude(code__in=[LAO_CAI, HA_NOI]).first()
    national = _inspection(admin, Agency.objects.get(code=LAO_CAI),
                           Agency.objects.filter(parent__code=HA_NOI, kind="commune_pc").first(),
                           scheduled, agency_code="cuc-chuyen-doi-so-quoc-gia")
    for target in national.targets.exclude(agency=scheduled):  # scheduled only: not counted
        services.do_record_findings(target, acting_user=admin, inspected_on=START, findings=ANSWERS)
    own = _inspection(coordinator, lao_cai_commune)  # a province inspecting itself does not cover it twice
    services.do_record_findings(own.targets.get(), acting_user=coordinator, inspected_on=START, findings=ANSWERS)
    provinces = services.coverage("province", 2026, today=datetime.date(2026, 11, 26))
    assert (len(provinces.covered), provinces.total) == (2, 34)
    assert {a.code for a in provinces.covered} == {LAO_CAI, HA_NOI}
    ministries = services.coverage("ministry", 2026, today=datetime.date(2026, 11, 26))
    assert len(ministries.covered) == 0 and ministries.total > 10
    assert services.coverage("province", 2025, today=datetime.date(2026, 11, 26)).covered == []
    page = client_for(coordinator).get(reverse("inspections:coverage"), {"year": 2026}).content.decode()
    assert "2/34" in page


def test_hanoi_gets_404_and_a_commune_sees_only_its_own_findings(actors, lao_cai_commune, registry):
    coordinator = actors["coordinator"]
    inspection = _inspection(coordinator, lao_cai_commune, registry["other_lao_cai"])
    for target in inspection.targets.all():
        services.do_record_findings(target, acting_user=coordinator, inspected_on=START, findings=ANSWERS)
    outsider = client_for(actors["outsider"])
    assert outsider.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 404
    assert outsider.get(reverse("inspection-detail", args=[inspection.pk])).status_code == 404
    rows = client_for(actors["focal_point"]).get(reverse("inspection-detail", args=[inspection.pk])).json()["targets"]
    assert [row["agency"] for row in rows] == [lao_cai_commune.pk]
    other = inspection.targets.get(agency=registry["other_lao_cai"])
    assert client_for(actors["focal_point"]).get(reverse("inspections:findings", args=[other.pk])).status_code == 404
    page = client_for(actors["focal_point"]).get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert registry["other_lao_cai"].name not in page


def test_the_api_creates_records_findings_and_followups(actors, lao_cai_commune):
    client = client_for(actors["coordinator"])
    created = client.post(reverse("inspection-list"), {
        "agency": Agency.objects.get(code=LAO_CAI).pk, "title": "Kiểm tra cấp xã", "starts_on": "2026-10-01",
        "ends_on": "2026-10-03", "inspected": [lao_cai_commune.pk]}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    found = client.post(reverse("inspection-findings", args=[pk]),
                        {"agency": lao_cai_commune.pk, "inspected_on": "2026-10-02", "findings": ANSWERS},
                        format="json")
    assert found.status_code == 200 and found.json()["targets"][0]["status"] == "inspected"
    done = client.post(reverse("inspection-followups", args=[pk]),
                       {"agency": lao_cai_commune.pk, "items": [{"text": "Cập nhật kế hoạch năm"}]}, format="json")
    assert done.status_code == 200
    row = done.json()["targets"][0]
    assert row["status"] == "follow-up-open" and row["followups"][0]["task_status"] == "todo"
    assert "inspections" in client.get(reverse("api-schema")).content.decode()


def _refused(response, field, words):
    body = response.json()
    assert response.status_code == 400 and body["code"] == "invalid"
    assert any(words in error["message"] for error in body["errors"][field])


def test_bad_input_is_refused_in_vietnamese_and_changes_nothing(actors, lao_cai_commune):
    client = client_for(actors["coordinator"])
    hanoi_commune = Agency.objects.filter(parent__code=HA_NOI, kind="commune_pc").first()
    base = {"agency": Agency.objects.get(code=LAO_CAI).pk, "title": "Kiểm tra", "starts_on": "2026-10-01",
            "ends_on": "2026-10-03"}
    outside = client.post(reverse("inspection-list"), {**base, "inspected": [hanoi_commune.pk]}, format="json")
    assert outside.status_code == 400  # an agency the caller cannot see is not even a choice
    with pytest.raises(ValidationError, match="nằm ngoài phạm vi"):
        _inspection(actors["coordinator"], hanoi_commune)
    backwards = client.post(reverse("inspection-list"), {**base, "ends_on": "2026-09-01",
                                                         "inspected": [lao_cai_commune.pk]}, format="json")
    _refused(backwards, "ends_on", "không được trước ngày bắt đầu")
    assert Inspection.objects.count() == 0
    inspection = _inspection(actors["coordinator"], lao_cai_commune)
    empty = client.post(reverse("inspection-findings", args=[inspection.pk]),
                        {"agency": lao_cai_commune.pk, "inspected_on": "2026-10-02", "findings": {}}, format="json")
    _refused(empty, "complete", "Hãy trả lời câu hỏi “Làm đủ chưa?”")
    assert inspection.targets.get().inspected_on is None
    early = client.post(reverse("inspection-followups", args=[inspection.pk]),
                        {"agency": lao_cai_commune.pk, "items": [{"text": "Sớm quá"}]}, format="json")
    _refused(early, "items", "Hãy ghi kết quả kiểm tra trước")
    assert FollowUp.objects.count() == 0
    big = ContentFile(b"x" * (20 * 1024 * 1024 + 1), name="ket-luan.pdf")
    with pytest.raises(ValidationError, match="vượt quá 20 MB"):
        services.do_save_inspection(inspection, acting_user=actors["coordinator"], conclusion_number="12/KL-UBND",
                                    conclusion_date=datetime.date(2026, 10, 20), conclusion_file=big)
    assert Inspection.objects.get(pk=inspection.pk).conclusion_number == ""


def test_only_the_inspecting_side_writes(actors, lao_cai_commune):
    inspection = _inspection(actors["coordinator"], lao_cai_commune)
    client = client_for(actors["focal_point"])
    response = client.post(reverse("inspection-findings", args=[inspection.pk]),
                           {"agency": lao_cai_commune.pk, "findings": ANSWERS}, format="json")
    assert response.status_code == 403
    assert client.get(reverse("inspections:update", args=[inspection.pk])).status_code == 403


def test_pages_render_for_the_inspecting_coordinator(actors, lao_cai_commune):
    coordinator = actors["coordinator"]
    inspection = _inspection(coordinator, lao_cai_commune)
    client = client_for(coordinator)
    target = inspection.targets.get()
    posted = client.post(reverse("inspections:findings", args=[target.pk]),
                         {"inspected_on": "2026-10-02", **ANSWERS})
    assert posted.status_code == 302
    client.post(reverse("inspections:followups", args=[target.pk]), {"items": "Kiện toàn đầu mối | 31/12/2026"})
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert "Kiện toàn đầu mối" in page and "Đang thực hiện kiến nghị" in page
    assert client.get(reverse("inspections:list")).status_code == 200
    assert client.get(reverse("inspections:create")).status_code == 200


def test_the_national_dashboard_shows_inspection_coverage(actors):
    from django.core.cache import cache

    admin = actors["national_admin"]
    target = _inspection(admin, Agency.objects.get(code=LAO_CAI), agency_code="cuc-chuyen-doi-so-quoc-gia"
                         ).targets.get()
    services.do_record_findings(target, acting_user=admin, inspected_on=START, findings=ANSWERS)
    cache.clear()
    page = client_for(admin).get(reverse("monitoring:dashboard"), {"as_of": "2026-11-26"}).content.decode()
    card = page[page.index('data-card="inspections"'):]
    assert "<b>1/34</b>" in card[:card.index("</section>")]


def test_the_demo_holds_one_lao_cai_inspection_with_findings_and_followups(db):
    from dxnet.demo import load_demo

    load_demo()
    load_demo()  # twice changes nothing
    inspection = Inspection.objects.get()
    statuses = {t.agency.code: t.status for t in inspection.targets.all()}
    assert sorted(statuses.values()) == ["closed", "follow-up-open"] and statuses[LAO_CAI] == "follow-up-open"
    assert FollowUp.objects.count() == 2
    assert FollowUp.objects.filter(task__status="done").count() == 1


def test_the_edit_page_changes_the_team_and_refuses_a_file_too_large(actors, lao_cai_commune, registry, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dxnet.people.models import Person

    settings.DXNET_MAX_UPLOAD_BYTES = 64 * 1024 * 1024
    coordinator = actors["coordinator"]
    inspection = _inspection(coordinator, lao_cai_commune)
    member = Person.objects.create(agency=Agency.objects.get(code=LAO_CAI), full_name="Trần Văn Kiểm")
    client = client_for(coordinator)
    url = reverse("inspections:update", args=[inspection.pk])
    form = {"agency": LAO_CAI, "title": "Đoàn kiểm tra (sửa)", "starts_on": "2026-10-01", "ends_on": "2026-10-10",
            "inspected": f"{lao_cai_commune.code}, {registry['other_lao_cai'].code}", "members": [member.pk],
            "conclusion_number": "7/KL-UBND", "conclusion_date": "2026-10-20"}
    assert "Trần Văn Kiểm" in client.get(url).content.decode()
    big = SimpleUploadedFile("ket-luan.pdf", b"x" * (20 * 1024 * 1024 + 1), content_type="application/pdf")
    refused = client.post(url, {**form, "conclusion_file": big})
    assert refused.status_code == 200 and "vượt quá 20 MB" in refused.content.decode()
    assert Inspection.objects.get(pk=inspection.pk).title == "Đoàn kiểm tra Đề án 1690 năm 2026"
    saved = client.post(url, {**form, "conclusion_file": SimpleUploadedFile("kl.pdf", b"%PDF-1.4 kl")})
    assert saved.status_code == 302
    inspection.refresh_from_db()
    assert inspection.title == "Đoàn kiểm tra (sửa)" and list(inspection.members.all()) == [member]
    assert inspection.targets.count() == 2 and inspection.conclusion_file
    backwards = client.post(url, {**form, "ends_on": "2026-09-01"})
    assert "Ngày kết thúc kiểm tra không được trước ngày bắt đầu." in backwards.content.decode()
