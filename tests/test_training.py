"""Training (seed 004, 3.2–3.3; seed 000 task 5): the catalogue, yearly plans and their two dated rules, sessions
with participants and scores, one record per completion, imports, the summary and the dashboard card."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.core.spreadsheets import import_file
from dxnet.training import services
from dxnet.training.models import Course, TrainingPlan, TrainingRecord, TrainingSession
from dxnet.training.sheets import TrainingSheet

from .conftest import client_for

d = datetime.date


def standing(approved_on, on, *, year=None, sessions=0, held=0, last_end=None):
    year = year or on.year
    plan = TrainingPlan(year=year, approved_on=approved_on)
    return services.PlanStanding(Agency(name="Tỉnh"), year, on, plan, sessions, held, last_end)


# --- The two rules, on fixed days ----------------------------------------------------------------------------------

def test_a_plan_approved_on_30_march_is_in_time_and_on_31_march_late():
    assert standing(d(2026, 3, 30), d(2026, 6, 1)).approval == "in-time"
    assert standing(d(2026, 3, 31), d(2026, 6, 1)).approval == "late"
    assert standing(d(2026, 3, 31), d(2026, 6, 1)).laggard


def test_a_plan_approved_on_29_february_of_a_leap_year_is_in_time():
    assert standing(d(2028, 2, 29), d(2028, 3, 1)).approval == "in-time"
    assert standing(d(2024, 2, 29), d(2024, 12, 31)).approval == "in-time"


def test_a_plan_not_approved_is_pending_until_30_march_then_missing():
    assert standing(None, d(2026, 3, 30)).approval == "pending"
    assert standing(None, d(2026, 3, 31)).approval == "missing"
    assert not standing(None, d(2026, 3, 30)).laggard


def test_an_approval_after_the_day_looked_at_is_not_seen_yet():
    assert standing(d(2026, 3, 10), d(2026, 3, 1)).approval == "pending"
    assert standing(d(2026, 4, 10), d(2026, 4, 1)).approval == "missing"


def test_a_plan_is_carried_out_when_every_session_is_held_by_30_november():
    assert standing(d(2026, 3, 1), d(2026, 12, 1), sessions=3, held=3,
                    last_end=d(2026, 11, 30)).carried_out == "in-time"
    assert standing(d(2026, 3, 1), d(2026, 12, 15), sessions=3, held=3,
                    last_end=d(2026, 12, 1)).carried_out == "late"
    assert standing(d(2026, 3, 1), d(2026, 12, 1), sessions=3, held=2,
                    last_end=d(2026, 11, 1)).carried_out == "missing"
    assert standing(d(2026, 3, 1), d(2026, 11, 30), sessions=3, held=2,
                    last_end=d(2026, 11, 1)).carried_out == "pending"
    assert standing(d(2026, 3, 1), d(2026, 12, 1)).carried_out == "missing"  # a plan without sessions


# --- Fixtures ---------------------------------------------------------------------------------------------------

@pytest.fixture
def lao_cai():
    return Agency.objects.get(code="ubnd-tinh-15")


@pytest.fixture
def course(actors):
    return Course.objects.get(code="mooc-nguoi-dan-01")


@pytest.fixture
def plan(actors, lao_cai):
    return services.do_save_plan(TrainingPlan(), acting_user=actors["coordinator"], agency=lao_cai, year=2026,
                                 document_number="12/KH-UBND", document_date=d(2026, 3, 20),
                                 approved_on=d(2026, 3, 31))


@pytest.fixture
def session(actors, plan, course):
    return services.do_save_session(TrainingSession(), acting_user=actors["coordinator"], plan=plan, course=course,
                                    starts_on=d(2026, 5, 4), ends_on=d(2026, 5, 6), place="Hội trường tỉnh",
                                    planned_participants=40)


# --- The catalogue --------------------------------------------------------------------------------------------

def test_the_catalogue_holds_the_national_platforms_48_and_17_courses_with_the_one_the_seed_names(db):
    national = Course.objects.filter(agency__isnull=True)
    assert national.filter(audience="officials").count() == 48
    assert national.filter(audience="citizens").count() == 17
    sourced = national.exclude(source="")
    assert [c.title for c in sourced] == ["Sử dụng dịch vụ công trực tuyến"]
    assert national.filter(source="").first().source_shown == "chưa có nguồn"
    assert services.load_national_courses() == (0, 0)  # loading again changes nothing


def test_only_the_national_administrator_writes_the_national_catalogue(actors, course):
    url = reverse("course-detail", args=[course.pk])
    assert client_for(actors["coordinator"]).patch(url, {"title": "Khác"}, format="json").status_code == 403
    response = client_for(actors["national_admin"]).patch(url, {"title": "Dịch vụ công trực tuyến toàn trình"},
                                                          format="json")
    assert response.status_code == 200 and response.json()["title"] == "Dịch vụ công trực tuyến toàn trình"


def test_a_coordinator_adds_a_course_of_an_agency_in_scope_and_not_elsewhere(actors, lao_cai):
    client = client_for(actors["coordinator"])
    body = {"code": "lao-cai-ky-nang-so", "title": "Kỹ năng số cho cán bộ vùng cao", "audience": "officials",
            "form": "in-person", "hours": 16, "provider": "Sở Khoa học và Công nghệ", "agency": lao_cai.pk}
    assert client.post(reverse("course-list"), body, format="json").status_code == 201
    ha_noi = Agency.objects.get(code="ubnd-tinh-01")
    response = client.post(reverse("course-list"), {**body, "code": "ha-noi", "agency": ha_noi.pk}, format="json")
    assert response.status_code == 400  # Hà Nội is not among the agencies it may choose
    national = client.post(reverse("course-list"), {**body, "code": "quoc-gia", "agency": None}, format="json")
    assert national.status_code == 403


# --- Plans and sessions ---------------------------------------------------------------------------------------

def test_one_plan_a_year_for_a_province_or_a_ministry_only(actors, plan, lao_cai, lao_cai_commune):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="đã có kế hoạch"):
        services.do_save_plan(TrainingPlan(), acting_user=actors["coordinator"], agency=lao_cai, year=2026)
    with pytest.raises(ValidationError, match="Ủy ban nhân dân cấp tỉnh"):
        services.do_save_plan(TrainingPlan(), acting_user=actors["coordinator"], agency=lao_cai_commune, year=2026)


def test_a_plan_approved_in_the_future_is_refused_in_vietnamese(actors, lao_cai):
    response = client_for(actors["coordinator"]).post(reverse("training-plan-list"), {
        "agency": lao_cai.pk, "year": 2099, "approved_on": "2099-01-10"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["approved_on"][0]["message"] == "Ngày phê duyệt không được sau hôm nay."


def test_a_session_ends_after_it_starts_within_the_plans_year(actors, plan, course):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.do_save_session(TrainingSession(), acting_user=actors["coordinator"], plan=plan, course=course,
                                 starts_on=d(2025, 5, 4), ends_on=d(2025, 5, 1), online=True)
    assert set(error.value.message_dict) == {"starts_on", "ends_on"}


def test_the_plan_list_shows_the_late_approval_and_the_laggards_of_the_day(actors, session, registry):
    client = client_for(actors["coordinator"])
    page = client.get(reverse("training:plans"), {"tier": "province", "as_of": "2026-06-01"}).content.decode()
    assert "0/1</strong> phê duyệt kế hoạch đúng hạn" in page and "Trễ hạn" in page
    services.do_record_training(TrainingRecord(session=session), acting_user=actors["coordinator"],
                                person=registry["person"], completed_on=d(2026, 5, 6), evaluation=5, post_test=90)
    page = client.get(reverse("training:plans"), {"tier": "province", "as_of": "2026-11-30"}).content.decode()
    assert "1/1</strong> hoàn thành triển khai đúng hạn" in page
    bad = client.get(reverse("training:plans"), {"tier": "abc", "as_of": "2026-13-45"})
    assert bad.status_code == 200


def test_a_session_page_lists_participants_scores_and_certificates(actors, session, registry):
    record = services.do_record_training(
        TrainingRecord(session=session), acting_user=actors["coordinator"], person=registry["person"],
        completed_on=d(2026, 5, 6), evaluation=4, post_test=85,
        certificate=SimpleUploadedFile("chung-nhan.pdf", b"%PDF-1.4 chung nhan"))
    assert record.course_title == "Sử dụng dịch vụ công trực tuyến" and record.agency == registry["agency"]
    client = client_for(actors["coordinator"])
    page = client.get(reverse("training:session", args=[session.pk])).content.decode()
    assert "Hoàng Thị Hoa" in page and reverse("training:certificate", args=[record.pk]) in page
    assert client.get(reverse("training:certificate", args=[record.pk])).status_code == 200
    assert client_for(actors["outsider"]).get(reverse("training:certificate", args=[record.pk])).status_code == 404
    assert client.get(reverse("training:plan", args=[session.plan.pk])).status_code == 200
    assert client.get(reverse("training:course", args=[session.course.pk])).status_code == 200


def test_a_certificate_of_a_wrong_type_is_refused(actors, session, registry):
    response = client_for(actors["coordinator"]).post(
        reverse("training:participant-create", args=[session.pk]),
        {"person": registry["person"].pk, "certificate": SimpleUploadedFile("virus.exe", b"MZ")})
    assert response.status_code == 200 and "Không nhận tệp đuôi “exe”" in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_a_person_is_listed_once_in_a_session(actors, session, registry):
    from django.core.exceptions import ValidationError

    services.do_record_training(TrainingRecord(session=session), acting_user=actors["coordinator"],
                                person=registry["person"])
    with pytest.raises(ValidationError, match="đã có trong danh sách lớp"):
        services.do_record_training(TrainingRecord(session=session), acting_user=actors["coordinator"],
                                    person=registry["person"])


def test_a_course_given_its_real_title_renames_its_participations(actors, session, registry):
    record = services.do_record_training(TrainingRecord(session=session), acting_user=actors["coordinator"],
                                         person=registry["person"], completed_on=d(2026, 5, 6))
    services.do_save_course(session.course, acting_user=actors["national_admin"],
                            title="Sử dụng dịch vụ công trực tuyến toàn trình")
    record = TrainingRecord.objects.get(pk=record.pk)
    assert record.course_title == "Sử dụng dịch vụ công trực tuyến toàn trình"
    page = client_for(actors["coordinator"]).get(reverse("training:records"), {"course": record.course_title})
    assert reverse("training:record", args=[record.pk]) in page.content.decode()


def test_a_past_years_plan_is_judged_at_the_end_of_its_year(actors, lao_cai, course):
    plan = services.do_save_plan(TrainingPlan(), acting_user=actors["coordinator"], agency=lao_cai, year=2025,
                                 approved_on=d(2025, 3, 2))
    assert services.plan_standing(plan, d(2025, 12, 31)).carried_out == "missing"
    page = client_for(actors["coordinator"]).get(reverse("training:plan", args=[plan.pk])).content.decode()
    assert "Đúng hạn" in page and "Chưa có, đã quá hạn" in page


# --- The same bad input, the same message, through the form, the API and the sheet ----------------------------

BAD = [("evaluation", "6", "Điểm đánh giá khóa học phải từ 1 đến 5.", "Điểm đánh giá (1-5)"),
       ("hours", "-3", "Số giờ phải từ 1 đến 2.000.", "Số giờ"),
       ("post_test", "101", "Điểm kiểm tra sau khóa học phải từ 0 đến 100.", "Điểm kiểm tra (0-100)"),
       ("completed_on", "2099-01-01", "Ngày hoàn thành không được sau hôm nay.", "Ngày hoàn thành")]


@pytest.mark.parametrize(("field", "value", "message", "header"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_gets_the_same_vietnamese_message_from_form_api_and_sheet(field, value, message, header, actors,
                                                                              session, registry, tmp_path):
    coordinator = actors["coordinator"]
    person = registry["person"]
    good = {"person": person.pk, "completed_on": "2026-05-06", "evaluation": "4", "post_test": "80", "hours": "8"}
    form = client_for(coordinator).post(reverse("training:record-create"),
                                        {**good, "session": session.pk, field: value})
    assert form.status_code == 200 and message in form.content.decode()
    api = client_for(coordinator).post(reverse("training-session-participants", args=[session.pk]),
                                       {**good, field: value}, format="json")
    assert api.status_code == 400
    assert api.json()["errors"][field][0]["message"] == message
    cell = "01/01/2099" if field == "completed_on" else value
    values = {"evaluation": "4", "post_test": "80", "hours": "8", "completed_on": "06/05/2026", field: cell}
    upload = SimpleUploadedFile("hoc-vien.csv", (
        "Mã cơ quan,Điện thoại,Mã lớp,Ngày hoàn thành,Số giờ,Điểm đánh giá (1-5),Điểm kiểm tra (0-100)\n"
        f"{person.agency.code},{person.phone},{session.pk},{values['completed_on']},{values['hours']},"
        f"{values['evaluation']},{values['post_test']}\n").encode())
    result = import_file(TrainingSheet(coordinator), upload, acting_user=coordinator)
    assert [(e.row, e.column, e.message) for e in result.errors] == [(2, header, message)]
    assert not TrainingRecord.objects.exists()


# --- Imports ------------------------------------------------------------------------------------------------------

def _csv(text: str):
    return SimpleUploadedFile("hoc-vien.csv", text.encode())


def test_a_sessions_list_then_its_results_update_the_same_rows_all_or_nothing(actors, session, registry):
    coordinator = actors["coordinator"]
    person = registry["person"]
    head = "Mã cơ quan,Điện thoại,Mã lớp,Ngày hoàn thành,Điểm đánh giá (1-5),Điểm kiểm tra (0-100)\n"
    row = f"{person.agency.code},{person.phone},{session.pk}"
    result = import_file(TrainingSheet(coordinator), _csv(head + f"{row},,,\n"), acting_user=coordinator)
    assert result.ok and result.created == 1
    record = TrainingRecord.objects.get()
    assert record.session == session and record.completed_on is None
    assert record.course_title == "Sử dụng dịch vụ công trực tuyến"
    bad = import_file(TrainingSheet(coordinator), _csv(
        head + f"{row},06/05/2026,5,92\n{person.agency.code},0900000000,{session.pk},06/05/2026,5,92\n"
        f"{person.agency.code},{person.phone},999999,06/05/2026,5,92\n"), acting_user=coordinator)
    assert [(e.row, e.column) for e in bad.errors] == [(3, "Điện thoại"), (4, "Mã lớp")]
    assert TrainingRecord.objects.get().completed_on is None  # nothing written
    result = import_file(TrainingSheet(coordinator), _csv(head + f"{row},06/05/2026,5,92\n"), acting_user=coordinator)
    assert (result.created, result.updated) == (0, 1)
    record = TrainingRecord.objects.get()
    assert (record.completed_on, record.evaluation, record.post_test) == (d(2026, 5, 6), 5, 92)


def test_the_same_person_twice_in_a_session_file_is_an_error(actors, session, registry):
    coordinator = actors["coordinator"]
    person = registry["person"]
    row = f"{person.agency.code},{person.phone},{session.pk}\n"
    result = import_file(TrainingSheet(coordinator), _csv("Mã cơ quan,Điện thoại,Mã lớp\n" + row + row),
                         acting_user=coordinator)
    assert [(e.row, e.message) for e in result.errors] == [(3, "Trùng với dòng 2 trong cùng tệp.")]


def test_a_row_without_session_needs_a_course_and_a_completion_day(actors, registry):
    coordinator = actors["coordinator"]
    person = registry["person"]
    result = import_file(TrainingSheet(coordinator), _csv(
        "Mã cơ quan,Điện thoại,Khóa bồi dưỡng,Ngày hoàn thành\n"
        f"{person.agency.code},{person.phone},,12/03/2026\n{person.agency.code},{person.phone},Kỹ năng số,\n"),
        acting_user=coordinator)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Khóa bồi dưỡng"), (3, "Ngày hoàn thành")]


def test_the_export_is_the_import_format_with_session_and_scores(actors, session, registry):
    from openpyxl import load_workbook

    services.do_record_training(TrainingRecord(session=session), acting_user=actors["coordinator"],
                                person=registry["person"], completed_on=d(2026, 5, 6), evaluation=5, post_test=90)
    response = client_for(actors["coordinator"]).get(reverse("exchange:export", args=["trainings"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][3] == "Mã lớp" and rows[1][3] == session.pk and rows[1][-2:] == (5, 90)


# --- Figures: trained this year, coverage, quality, the summary and the card ------------------------------------

def test_a_completed_participation_counts_in_the_trained_figure_and_the_summary(actors, session, registry, plan):
    from dxnet.monitoring.targets import Scope, trained

    coordinator = actors["coordinator"]
    services.do_record_training(TrainingRecord(session=session), acting_user=coordinator, person=registry["person"],
                                completed_on=d(2026, 5, 6), evaluation=4, post_test=80)
    assert trained(Scope(coordinator, d(2026, 6, 1))).value == 1
    assert trained(Scope(coordinator, d(2026, 5, 5))).value == 0
    summary = client_for(coordinator).get(reverse("training-summary"), {"as_of": "2026-12-01"}).json()
    province = summary["plans"]["province"]
    assert (province["total"], province["approved_late"], province["carried_out_in_time"]) == (1, 1, 1)
    assert [row["name"] for row in province["laggards"]] == ["Ủy ban nhân dân tỉnh Lào Cai"]
    assert (summary["dx_staff"], summary["dx_staff_trained"], summary["coverage_percent"]) == (1, 1, 100.0)
    assert summary["scores"] == {"evaluation": 4.0, "post_test": 80.0, "participants": 1}
    outsider = client_for(actors["outsider"]).get(reverse("training-summary"), {"as_of": "2026-12-01"}).json()
    assert outsider["plans"]["province"]["laggards"][0]["name"] == "Ủy ban nhân dân thành phố Hà Nội"
    assert outsider["dx_staff_trained"] == 0


def test_the_summary_refuses_a_day_that_is_not_one(actors):
    response = client_for(actors["coordinator"]).get(reverse("training-summary"), {"as_of": "2026-13-45"})
    assert response.status_code == 400 and "as_of" in response.json()["errors"]


def test_quality_is_averaged_per_course_and_per_provider(actors, session, registry, lao_cai_commune):
    from dxnet.people.models import Person

    coordinator = actors["coordinator"]
    other = Person.objects.create(agency=lao_cai_commune, full_name="Lò Văn Sáng", phone="0988000009")
    for person, evaluation, score in ((registry["person"], 5, 90), (other, 3, 70)):
        services.do_record_training(TrainingRecord(session=session), acting_user=coordinator, person=person,
                                    completed_on=d(2026, 5, 6), evaluation=evaluation, post_test=score)
    services.do_record_training(TrainingRecord(), acting_user=coordinator, person=other, course="Kỹ năng số",
                                provider="Trường Chính trị tỉnh", completed_on=d(2026, 7, 1), evaluation=2)
    records = TrainingRecord.objects.visible_to(coordinator)
    by_course = {row["course"]: row for row in services.quality(records, "course")}
    assert (by_course["Sử dụng dịch vụ công trực tuyến"]["evaluation_avg"],
            by_course["Sử dụng dịch vụ công trực tuyến"]["post_test_avg"]) == (4.0, 80.0)
    by_provider = {row["provider"]: row for row in services.quality(records, "provider")}
    assert by_provider["Trường Chính trị tỉnh"]["evaluation_avg"] == 2.0
    page = client_for(coordinator).get(reverse("training:quality"), {"year": "2026"}).content.decode()
    assert "Trường Chính trị tỉnh" in page and "4,00" in page


def test_the_dashboard_card_links_each_number_to_its_rows(actors, session, registry):
    services.do_record_training(TrainingRecord(session=session), acting_user=actors["coordinator"],
                                person=registry["person"], completed_on=d(2026, 5, 6), evaluation=4)
    page = client_for(actors["coordinator"]).get(reverse("monitoring:dashboard")).content.decode()
    card = page[page.index('data-card="training"'):]
    card = card[:card.index("</section>")]
    assert reverse("training:plans") in card and reverse("monitoring:target", args=["trained"]) in card
    assert reverse("training:quality") in card


def test_the_consolidated_report_gains_a_training_table_for_the_agencies_asked(actors, session, registry, lao_cai):
    from dxnet.monitoring.targets import Scope
    from dxnet.reporting.consolidation import TABLES

    services.do_record_training(TrainingRecord(session=session), acting_user=actors["coordinator"],
                                person=registry["person"], completed_on=d(2026, 5, 6), evaluation=4, post_test=80)
    table = next(t for t in TABLES if t.title == "Bồi dưỡng, tập huấn")
    header, rows = table.build(Scope(None, d(2026, 12, 1), roots=(lao_cai.path, registry["hoan_kiem"].path)))
    assert header[0] == "Cơ quan"
    assert rows == [[registry["hoan_kiem"].name, "—", "—", "0/0", "—", "—"],
                    ["Ủy ban nhân dân tỉnh Lào Cai", "Trễ hạn (31/03/2026)", "Đúng hạn (1/1)", "1/1", 4.0, 80.0]]


# --- Generator --------------------------------------------------------------------------------------------------

def test_the_generator_fills_plans_sessions_and_participations_from_people(registry):
    import random

    from dxnet.training.generate import generate

    provinces = list(Agency.objects.filter(code__in=["ubnd-tinh-15", "ubnd-tinh-01"]))
    counts = generate(random.Random(1), provinces, d(2026, 11, 26), participations=50)
    assert counts["kế hoạch bồi dưỡng"] == TrainingPlan.objects.count() > 0
    assert counts["lượt tham gia bồi dưỡng"] == TrainingRecord.objects.count() > 0
    assert TrainingRecord.objects.filter(session__isnull=False).exists()


# --- Demo -----------------------------------------------------------------------------------------------------------

def test_the_demo_has_lao_cai_in_time_and_ha_noi_late_with_scored_participants(db):
    from dxnet.demo import load_demo

    load_demo()
    load_demo()  # twice: nothing more
    plans = {p.agency.code: services.PlanStanding(p.agency, 2026, d(2026, 12, 1), p).approval
             for p in TrainingPlan.objects.select_related("agency")}
    assert plans == {"ubnd-tinh-15": "in-time", "ubnd-tinh-01": "late"}
    assert TrainingSession.objects.count() == 4
    assert TrainingRecord.objects.filter(session__isnull=False, evaluation__isnull=False).count() == 8


def test_a_focal_point_adds_a_course_of_its_own_commune_from_the_page(actors, lao_cai_commune):
    client = client_for(actors["focal_point"])
    form = {"code": "xa-ky-nang-so", "title": "Kỹ năng số cho cán bộ xã", "audience": "officials", "form": "in-person",
            "hours": "4", "provider": "Ủy ban nhân dân xã"}
    response = client.post(reverse("training:course-create"), form)
    assert response.status_code == 200 and "This field is required" not in response.content.decode()
    assert not Course.objects.filter(code="xa-ky-nang-so").exists()
    response = client.post(reverse("training:course-create"), {**form, "agency": lao_cai_commune.code})
    course = Course.objects.get(code="xa-ky-nang-so")
    assert response.status_code == 302 and course.agency == lao_cai_commune and course.source_shown == "chưa có nguồn"
    negative = client.post(reverse("training:course-create"), {**form, "code": "am", "hours": "-1",
                                                               "agency": lao_cai_commune.code})
    assert negative.status_code == 200 and "Số giờ phải từ 1 đến 2.000." in negative.content.decode()


def test_a_completion_named_on_its_own_that_matches_a_class_row_keeps_it_in_its_class(actors, session, registry):
    coordinator = actors["coordinator"]
    person = registry["person"]
    record = services.do_record_training(TrainingRecord(session=session), acting_user=coordinator, person=person,
                                         completed_on=d(2026, 5, 6))
    result = import_file(TrainingSheet(coordinator), _csv(
        "Mã cơ quan,Điện thoại,Khóa bồi dưỡng,Ngày hoàn thành,Điểm kiểm tra (0-100)\n"
        f"{person.agency.code},{person.phone},{record.course_title},06/05/2026,77\n"), acting_user=coordinator)
    assert (result.created, result.updated) == (0, 1)
    record.refresh_from_db()
    assert (record.session, record.post_test) == (session, 77)


# --- Probe 13: days that can be, one message per fault ---------------------------------------------------------

def _session_body(plan, course, **fields):
    return {"plan": plan.pk, "course": course.pk, "starts_on": "2026-05-04", "ends_on": "2026-05-06",
            "online": False, "place": "Hội trường tỉnh", "planned_participants": 40, **fields}


def _messages(response, field):
    return [error["message"] for error in response.json()["errors"][field]]


SESSION_BAD = [("ends_on", "9999-12-31", "Ngày phải trong khoảng 01/01/2000 đến 31/12/2100."),
               ("ends_on", "2027-01-05", "Lớp của kế hoạch năm 2026 phải kết thúc trong năm 2026."),
               ("starts_on", "0001-01-01", "Ngày phải trong khoảng 01/01/2000 đến 31/12/2100."),
               ("planned_participants", -1, "Số người dự kiến phải từ 0 đến 1.000.000."),
               ("citizens_headcount", -1, "Số người dân tham gia phải từ 0 đến 1.000.000.")]


@pytest.mark.parametrize(("field", "value", "message"), SESSION_BAD, ids=[f"{b[0]}={b[1]}" for b in SESSION_BAD])
def test_a_bad_session_gets_one_vietnamese_message_from_api_and_form(field, value, message, actors, plan, course):
    client = client_for(actors["coordinator"])
    api = client.post(reverse("training-session-list"), _session_body(plan, course, **{field: value}),
                      format="json")
    assert api.status_code == 400 and _messages(api, field) == [message]
    body = {k: v for k, v in _session_body(plan, course, **{field: value}).items() if k != "plan"}
    form = client.post(reverse("training:session-create", args=[plan.pk]), body)
    assert form.status_code == 200 and form.content.decode().count(message) == 1
    assert not TrainingSession.objects.exists()


@pytest.mark.parametrize("field", ["document_date", "approved_on"])
def test_a_plans_day_before_2000_is_refused_alike_by_api_and_form(field, actors, lao_cai):
    client = client_for(actors["coordinator"])
    body = {"agency": lao_cai.pk, "year": 2026, "document_number": "12/KH-UBND", field: "0001-01-01"}
    api = client.post(reverse("training-plan-list"), body, format="json")
    assert api.status_code == 400
    assert _messages(api, field) == ["Ngày phải trong khoảng 01/01/2000 đến 31/12/2100."]
    form = client.post(reverse("training:plan-create"), {**body, "agency": lao_cai.code})
    assert form.status_code == 200 and "Ngày phải trong khoảng 01/01/2000 đến 31/12/2100." in form.content.decode()
    assert not TrainingPlan.objects.exists()


PARTICIPANT_BAD = [("hours", "-3", "-3", "Số giờ phải từ 1 đến 2.000.", "Số giờ"),
                   ("evaluation", "0", "0", "Điểm đánh giá khóa học phải từ 1 đến 5.", "Điểm đánh giá (1-5)"),
                   ("completed_on", "0001-01-01", "01/01/0001", "Ngày phải trong khoảng 01/01/2000 đến 31/12/2100.",
                    "Ngày hoàn thành")]


@pytest.mark.parametrize(("field", "value", "cell", "message", "header"), PARTICIPANT_BAD,
                         ids=[b[0] for b in PARTICIPANT_BAD])
def test_a_bad_participant_gets_exactly_one_message_from_form_api_and_sheet(field, value, cell, message, header,
                                                                           actors, session, registry):
    coordinator = actors["coordinator"]
    person = registry["person"]
    good = {"person": person.pk, "completed_on": "2026-05-06", "evaluation": "4", "post_test": "80", "hours": "8"}
    api = client_for(coordinator).post(reverse("training-session-participants", args=[session.pk]),
                                       {**good, field: value}, format="json")
    assert api.status_code == 400 and _messages(api, field) == [message]
    form = client_for(coordinator).post(reverse("training:record-create"),
                                        {**good, "session": session.pk, field: value})
    assert form.status_code == 200 and form.content.decode().count(message) == 1
    values = {"hours": "8", "evaluation": "4", "completed_on": "06/05/2026", field: cell}
    result = import_file(TrainingSheet(coordinator), _csv(
        "Mã cơ quan,Điện thoại,Mã lớp,Ngày hoàn thành,Số giờ,Điểm đánh giá (1-5)\n"
        f"{person.agency.code},{person.phone},{session.pk},{values['completed_on']},{values['hours']},"
        f"{values['evaluation']}\n"), acting_user=coordinator)
    assert [(e.column, e.message) for e in result.errors] == [(header, message)]
    assert not TrainingRecord.objects.exists()


# --- Probe 13: a course's name is read from the catalogue, not copied into other provinces' records ----------------

def test_renaming_a_lao_cai_course_rewrites_no_record_of_ha_noi_whose_pages_read_the_new_name(actors, lao_cai):
    from dxnet.core.models import AuditEntry
    from dxnet.people.models import Person

    lao_cai_course = services.do_save_course(Course(), acting_user=actors["coordinator"], code="lao-cai-ky-nang-so",
                                             title="Kỹ năng số vùng cao", audience="officials",
                                             provider="Sở Khoa học và Công nghệ Lào Cai", agency=lao_cai)
    ha_noi = Agency.objects.get(code="ubnd-tinh-01")
    hanoian = actors["outsider"]
    plan = services.do_save_plan(TrainingPlan(), acting_user=hanoian, agency=ha_noi, year=2026)
    session = services.do_save_session(TrainingSession(), acting_user=hanoian, plan=plan, course=lao_cai_course,
                                       starts_on=d(2026, 5, 4), ends_on=d(2026, 5, 6), online=True)
    person = Person.objects.create(agency=ha_noi, full_name="Nguyễn Văn Hà", phone="0988000077")
    record = services.do_record_training(TrainingRecord(session=session), acting_user=hanoian, person=person,
                                         completed_on=d(2026, 5, 6))
    stored = TrainingRecord.objects.filter(pk=record.pk).values().get()
    history = AuditEntry.objects.for_object(record).count()

    renamed = client_for(actors["coordinator"]).patch(reverse("course-detail", args=[lao_cai_course.pk]),
                                                      {"title": "Kỹ năng số cho cán bộ vùng cao",
                                                       "provider": "Trường Chính trị tỉnh Lào Cai"}, format="json")
    assert renamed.status_code == 200
    assert TrainingRecord.objects.filter(pk=record.pk).values().get() == stored  # Hà Nội's row is not written
    assert AuditEntry.objects.for_object(record).count() == history
    assert (stored["course"], stored["provider"]) == ("", "")  # nothing copied to go stale
    shown = TrainingRecord.objects.select_related("session__course").get(pk=record.pk)
    assert (shown.course_title, shown.provider_shown) == ("Kỹ năng số cho cán bộ vùng cao",
                                                          "Trường Chính trị tỉnh Lào Cai")
    page = client_for(hanoian).get(reverse("training:records"), {"course": "kỹ năng số cho cán bộ vùng cao"})
    assert reverse("training:record", args=[record.pk]) in page.content.decode()
    assert "Kỹ năng số cho cán bộ vùng cao" in page.content.decode()

