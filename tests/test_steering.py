"""Steering committees: establishing records the milestone, meetings and attendance, conclusions become tasks, and
the seed-000 rule (heads of agencies attend at least the quarterly sessions) per committee and quarter."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.monitoring.models import Milestone
from dxnet.people.models import Person
from dxnet.plans.models import Plan, PlanTemplate, Task
from dxnet.steering import services
from dxnet.steering.models import Attendance, Conclusion, Meeting, SteeringCommittee

from .conftest import client_for

DECIDED = datetime.date(2026, 2, 10)


@pytest.fixture
def lao_cai(db) -> Agency:
    return Agency.objects.get(code="ubnd-tinh-15")


@pytest.fixture
def committee(actors, lao_cai):
    user = actors["coordinator"]
    committee = services.do_establish_committee(
        SteeringCommittee(), acting_user=user, agency=lao_cai, name="Ban Chỉ đạo chuyển đổi số tỉnh Lào Cai",
        decision_number="35/QĐ-UBND", decision_date=DECIDED)
    department = Agency.objects.get(code="skhcn-tinh-15")
    people = [Person.objects.create(agency=agency, full_name=name, phone=phone)
              for agency, name, phone in ((lao_cai, "Trần Huy Tuấn", "0912000001"),
                                          (department, "Hà Văn Thắng", "0912000002"),
                                          (department, "Lê Thị Mai", "0912000003"))]
    services.do_add_member(committee, people[0], role="chair", is_agency_head=True, acting_user=user)
    services.do_add_member(committee, people[1], role="deputy", is_agency_head=True, acting_user=user)
    services.do_add_member(committee, people[2], role="secretary", acting_user=user)
    return committee


def _meeting(committee, user, day, kind="quarterly", heads_present=2):
    members = list(committee.members.order_by("pk"))
    attendance = [{"member": m, "status": "present" if i < heads_present else "absent"}
                  for i, m in enumerate(members[:2])]
    attendance.append({"member": members[2], "status": "delegated", "delegate": "Nguyễn Văn An"})
    return services.do_schedule_meeting(Meeting(), acting_user=user, committee=committee, date=day, kind=kind,
                                        agenda="Đánh giá kết quả quý", attendance=attendance)


def test_establishing_records_the_milestone_and_removing_the_decision_withdraws_it(committee, actors, lao_cai):
    milestone = Milestone.objects.get(agency=lao_cai, kind__code="steering-committee")
    assert milestone.achieved_on == DECIDED and milestone.derived
    assert milestone.document.startswith("Quyết định số 35/QĐ-UBND ngày 10/02/2026")
    services.do_save_committee(committee, acting_user=actors["coordinator"], decision_number="", decision_date=None)
    assert not Milestone.objects.filter(agency=lao_cai, kind__code="steering-committee").exists()


def test_deleting_a_committee_withdraws_its_milestone(actors, lao_cai):
    committee = services.do_establish_committee(
        SteeringCommittee(), acting_user=actors["coordinator"], agency=lao_cai, name="Ban Chỉ đạo",
        decision_number="1/QĐ-UBND", decision_date=DECIDED)
    committee.delete()
    assert not Milestone.objects.filter(agency=lao_cai, kind__code="steering-committee").exists()


def test_a_commune_cannot_have_a_steering_committee(actors, lao_cai_commune):
    with pytest.raises(ValidationError, match="Ban Chỉ đạo chuyển đổi số chỉ lập cho bộ"):
        services.do_establish_committee(SteeringCommittee(), acting_user=actors["coordinator"],
                                        agency=lao_cai_commune, name="Ban Chỉ đạo xã")


def test_the_national_committee_is_in_the_agency_tree(db):
    national = Agency.objects.get(code=services.NATIONAL_COMMITTEE_CODE)
    assert national.name == "Ủy ban Quốc gia về chuyển đổi số" and national.parent.code == "chinh-phu"


def test_quarter_rule_on_fixed_dates(committee, actors):
    user = actors["coordinator"]
    _meeting(committee, user, datetime.date(2026, 4, 15), heads_present=1)  # Q2: half the heads
    _meeting(committee, user, datetime.date(2026, 7, 20), kind="ad-hoc", heads_present=0)  # Q3: no head
    q1, q2, q3 = (services.quarter_record(committee, services.parse_quarter(f"2026Q{n}")) for n in (1, 2, 3))
    assert (q1.met, q1.complies) == (False, False)
    assert (q2.met, q2.heads_rate, q2.complies) == (True, 0.5, True)
    assert (q3.met, q3.heads_rate, q3.complies) == (True, 0.0, False)
    assert str(services.last_quarter(datetime.date(2026, 11, 26))) == "2026Q3"
    assert str(services.last_quarter(datetime.date(2026, 2, 1))) == "2025Q4"
    assert services.parse_quarter("2026Q4").end == datetime.date(2026, 12, 31)


def test_compliance_table_counts_committees_that_met_with_heads(committee, actors):
    _meeting(committee, actors["coordinator"], datetime.date(2026, 8, 5))
    response = client_for(actors["national_admin"]).get(
        reverse("steering-committee-compliance"), {"tier": "province", "quarter": "2026Q3"})
    assert response.status_code == 200
    body = response.json()
    assert (body["complying"], body["total"]) == (1, 34)
    row = next(r for r in body["rows"] if r["agency"] == committee.agency_id)
    assert (row["met"], row["heads_rate"], row["complies"]) == (True, 1.0, True)
    assert committee.agency_id not in body["laggards"] and len(body["laggards"]) == 33
    page = client_for(actors["national_admin"]).get(reverse("steering:compliance"), {"quarter": "2026Q3"})
    assert "1/34" in page.content.decode()
    # Hà Nội's coordinator sees only Hà Nội in the table
    outsider = client_for(actors["outsider"]).get(reverse("steering-committee-compliance"),
                                                  {"tier": "province", "quarter": "2026Q3"}).json()
    assert (outsider["complying"], outsider["total"]) == (0, 1)


def test_a_bad_quarter_is_a_vietnamese_400(actors):
    response = client_for(actors["national_admin"]).get(reverse("steering-committee-compliance"),
                                                        {"tier": "province", "quarter": "2026Q5"})
    assert response.status_code == 400
    assert "Quý “2026Q5” không hợp lệ" in response.json()["errors"]["quarter"][0]["message"]


def test_a_conclusion_becomes_tasks_of_the_yearly_dx_plan(committee, actors, lao_cai):
    user = actors["coordinator"]
    plan = Plan.objects.create(agency=lao_cai, year=2026, until_year=2026, title="Kế hoạch CĐS năm 2026",
                               resolved_on=DECIDED, template=PlanTemplate.objects.filter(kind="dx-plan").first())
    meeting = _meeting(committee, user, datetime.date(2026, 4, 15))
    department = Agency.objects.get(code="skhcn-tinh-15")
    response = client_for(user).post(reverse("meeting-conclusions", args=[meeting.pk]), {
        "number": "88/TB-UBND", "date": "2026-04-20", "text": "Kết luận của Trưởng ban",
        "items": [{"text": "Hoàn thành kho dữ liệu dùng chung", "lead": department.pk,
                   "deadline_text": "Quý III/2026"}],
    }, format="json")
    assert response.status_code == 201, response.json()
    task = Task.objects.get(pk=response.json()["items"][0]["task"])
    assert task.plan == plan and task.lead == department and task.due_date == datetime.date(2026, 9, 30)
    assert f"/ban-chi-dao/phien-hop/{meeting.pk}/" in task.content and "88/TB-UBND" in task.content


def test_without_a_dx_plan_the_conclusions_get_a_plan_of_their_own(committee, actors, lao_cai):
    user = actors["coordinator"]
    meeting = _meeting(committee, user, datetime.date(2026, 4, 15))
    for number in ("1/TB", "2/TB"):
        services.do_record_conclusions(meeting, acting_user=user, number=number, date=datetime.date(2026, 5, 1),
                                       text="Kết luận", items=[{"text": "Việc", "lead": lao_cai,
                                                                "deadline_text": "30/6/2026"}])
    plan = Plan.objects.get(agency=lao_cai, title="Thực hiện kết luận của Ban Chỉ đạo năm 2026")
    assert plan.kind == "other" and plan.tasks.count() == 2


def test_bad_input_is_refused_in_vietnamese_and_changes_nothing(committee, actors, lao_cai, lao_cai_commune):
    user = actors["coordinator"]
    services.do_save_committee(committee, acting_user=user, valid_to=datetime.date(2026, 6, 30))
    with pytest.raises(ValidationError, match="nằm ngoài thời gian hoạt động"):
        _meeting(committee, user, datetime.date(2026, 7, 2))
    with pytest.raises(ValidationError, match="nằm ngoài thời gian hoạt động"):
        _meeting(committee, user, datetime.date(2026, 1, 2))
    assert not Meeting.objects.exists()
    meeting = _meeting(committee, user, datetime.date(2026, 5, 5))
    stranger = Person.objects.create(agency=lao_cai, full_name="Người ngoài", phone="0912000009")
    other = services.do_establish_committee(SteeringCommittee(), acting_user=actors["national_admin"],
                                            agency=Agency.objects.get(code="ubnd-tinh-01"), name="BCĐ Hà Nội")
    outsider_seat = services.do_add_member(other, stranger, acting_user=actors["national_admin"])
    before = list(Attendance.objects.values_list("pk", "status"))
    with pytest.raises(ValidationError, match="Người ngoài không phải thành viên"):
        services.do_record_attendance(meeting, [{"member": committee.members.first(), "status": "absent"},
                                                {"member": outsider_seat, "status": "present"}], acting_user=user)
    assert list(Attendance.objects.values_list("pk", "status")) == before
    response = client_for(user).post(reverse("meeting-conclusions", args=[meeting.pk]), {
        "number": "9/TB", "date": "2026-05-06", "text": "x",
        "items": [{"text": "Việc", "lead": lao_cai.pk, "deadline_text": "khi nào rảnh"}]}, format="json")
    assert response.status_code == 400 and "Không hiểu thời hạn" in str(response.json())
    assert not Conclusion.objects.exists() and not Task.objects.exists()


def test_api_creates_meetings_with_attendance_and_hides_other_provinces(committee, actors):
    members = list(committee.members.order_by("pk"))
    response = client_for(actors["coordinator"]).post(reverse("meeting-list"), {
        "committee": committee.pk, "date": "2026-10-10", "kind": "quarterly", "agenda": "Quý IV",
        "attendance": [{"member": members[0].pk, "status": "present"},
                       {"member": members[1].pk, "status": "delegated", "delegate": "Phó Giám đốc Sở"}]},
        format="json")
    assert response.status_code == 201, response.json()
    meeting = client_for(actors["coordinator"]).get(reverse("meeting-detail", args=[response.json()["id"]])).json()
    assert [a["head_attended"] for a in meeting["attendance"]] == [True, False]
    assert client_for(actors["outsider"]).get(reverse("meeting-detail", args=[meeting["id"]])).status_code == 404
    assert client_for(actors["outsider"]).get(reverse("steering-committee-detail",
                                                      args=[committee.pk])).status_code == 404


def test_pages_record_a_meeting_with_attendance_and_its_conclusions(committee, actors, lao_cai):
    client = client_for(actors["coordinator"])
    chair, deputy, secretary = committee.members.order_by("pk")
    form = client.get(reverse("steering:meeting-create", args=[committee.pk])).content.decode()
    assert "Trần Huy Tuấn (Trưởng ban, người đứng đầu cơ quan)" in form
    response = client.post(reverse("steering:meeting-create", args=[committee.pk]), {
        "date": "2026-07-09", "kind": "quarterly", "agenda": "Sơ kết 6 tháng",
        f"status_{chair.pk}": "present", f"status_{deputy.pk}": "delegated", f"delegate_{deputy.pk}": "Phó Giám đốc",
        f"status_{secretary.pk}": "absent"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    assert {a.member_id: (a.status, a.delegate) for a in meeting.attendance.all()} == {
        chair.pk: ("present", ""), deputy.pk: ("delegated", "Phó Giám đốc"), secretary.pk: ("absent", "")}
    refused = client.post(reverse("steering:meeting-create", args=[committee.pk]),
                          {"date": "2026-01-09", "kind": "quarterly"})
    assert refused.status_code == 200 and "nằm ngoài thời gian hoạt động" in refused.content.decode()
    response = client.post(reverse("steering:conclusion-create", args=[meeting.pk]), {
        "number": "12/TB-BCĐ", "date": "2026-07-10", "text": "Kết luận", "item_1": "Số hóa hồ sơ",
        "lead_1": "skhcn-tinh-15", "deadline_1": "Quý IV/2026"})
    assert response.status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Số hóa hồ sơ" in page and "Thực hiện kết luận của Ban Chỉ đạo năm 2026" in page
    assert "Phó Giám đốc" in page


def test_the_dashboards_show_the_committees_that_met_with_heads(committee, actors):
    from django.core.cache import cache

    _meeting(committee, actors["coordinator"], datetime.date(2026, 8, 5))
    cache.clear()
    national = client_for(actors["national_admin"]).get(reverse("monitoring:dashboard"), {"as_of": "2026-11-26"})
    card = national.content.decode().split('data-card="steering"')[1].split("</section>")[0]
    assert "Quý III/2026" in card and "<b>1/34</b>" in card
    province = client_for(actors["coordinator"]).get(reverse("monitoring:dashboard"), {"as_of": "2026-11-26"})
    card = province.content.decode().split('data-card="steering"')[1].split("</section>")[0]
    assert "<b>1/1</b>" in card


def test_the_demo_holds_lao_cais_committee_with_four_meetings_and_conclusions_as_tasks(db):
    from dxnet.demo import load_demo

    load_demo()
    load_demo()  # twice changes nothing
    committee = SteeringCommittee.objects.get(agency__code="ubnd-tinh-15")
    assert committee.meetings.count() == 4 and committee.members.count() == 4
    assert Attendance.objects.filter(meeting__committee=committee).count() == 16
    tasks = Task.objects.filter(conclusion_item__conclusion__meeting__committee=committee)
    assert tasks.count() == 3 and {t.plan.title for t in tasks} == {"Thực hiện kết luận của Ban Chỉ đạo năm 2026"}
    records = [services.quarter_record(committee, services.parse_quarter(f"2026Q{n}")) for n in (1, 2, 3)]
    assert [r.complies for r in records] == [True, False, True]
    assert Milestone.objects.get(agency=committee.agency, kind__code="steering-committee").derived


def test_minutes_of_a_wrong_type_and_a_nameless_delegate_are_refused(committee, actors):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(actors["coordinator"])
    chair = committee.members.order_by("pk").first()
    response = client.post(reverse("steering:meeting-create", args=[committee.pk]), {
        "date": "2026-07-09", "kind": "quarterly",
        "minutes": SimpleUploadedFile("bien-ban.exe", b"MZ", content_type="application/octet-stream")})
    assert response.status_code == 200 and "Không nhận tệp đuôi “exe”" in response.content.decode()
    response = client.post(reverse("steering:meeting-create", args=[committee.pk]), {
        "date": "2026-07-09", "kind": "quarterly", f"status_{chair.pk}": "delegated"})
    assert response.status_code == 200 and "Hãy ghi người dự thay Trần Huy Tuấn" in response.content.decode()
    assert not Meeting.objects.exists()
