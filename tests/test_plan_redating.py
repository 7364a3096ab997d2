"""Templates re-dated: a yearly template's deadlines move to the plan's year and wait for the author's word; the
Đề án 1690's stay; words naming a tier gone on the plan's day are rewritten or listed for review."""

import datetime
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from dxnet.agencies.models import Agency
from dxnet.core.deadlines import parse, shift
from dxnet.plans import exports, services
from dxnet.plans.models import Plan, PlanTemplate, Task

from .conftest import client_for

YEARLY = ["phu-luc-i-cds-cap-tinh", "phu-luc-ii-cds-cap-bo", "phu-luc-iii-khung-ke-hoach-nam"]
ISSUE = {"number": "12/KH-UBND", "issued_on": datetime.date(2026, 11, 20), "place": "Lào Cai",
         "signer_title": "CHỦ TỊCH", "signer_name": "Nguyễn Văn A"}


def template(code: str) -> PlanTemplate:
    return PlanTemplate.objects.get(code=code)


def agency_for(code: str) -> Agency:
    if template(code).tier == PlanTemplate.Tier.MINISTRY:
        return Agency.objects.filter(kind=Agency.Kind.MINISTRY, valid_to__isnull=True).order_by("code").first()
    return Agency.objects.get(code="ubnd-tinh-15")


def template_deadlines(code: str) -> list[str]:
    def walk(tasks):
        for task in tasks:
            yield task
            yield from walk(task.get("subtasks", []))
    return [t.get("deadline", "") for g in template(code).document["groups"] for t in walk(g.get("tasks", []))]


def years_in(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text)]


# --- Moving words -------------------------------------------------------------------------------

@pytest.mark.parametrize(("words", "moved"), [
    ("30/3/2024", "30/3/2027"), ("Quý II/2025", "Quý II/2028"), ("Năm 2024", "Năm 2027"),
    ("2024 - 2025", "2027 - 2028"), ("Tháng 6/2024", "Tháng 6/2027"), ("29/2/2024", "28/2/2027"),
    ("Thường xuyên", "Thường xuyên"), ("trước ngày 30 tháng 11 hàng năm", "trước ngày 30 tháng 11 hàng năm"),
])
def test_a_deadline_moves_by_the_years_and_keeps_its_offset(words, moved):
    assert shift(words, 3) == moved
    parse(moved)  # still a deadline the parser knows


# --- A 2027 plan from every yearly template -----------------------------------------------------

@pytest.mark.parametrize("code", YEARLY)
def test_a_2027_plan_from_a_yearly_template_is_due_in_2027_and_waits_for_confirmation(code, actors):
    planner = actors["national_admin"]
    plan = services.do_create_plan(template(code), agency_for(code), 2027, acting_user=planner)
    today = timezone.localdate()
    assert not Task.objects.filter(plan=plan).overdue(today).exists()
    dated = [w for w in template_deadlines(code) if w and not parse(w).recurring and not parse(w).is_yearly]
    moved = list(plan.tasks.filter(deadline_to_confirm=True))
    assert len(moved) == len(dated)
    for task in moved:
        assert task.deadline_source and task.deadline_source != task.deadline_text
        assert task.due_date >= datetime.date(2027, 1, 1), (task.code, task.deadline_text)
        assert min(years_in(task.deadline_text)) >= 2027, (task.code, task.deadline_text)
        assert task.due_date == parse(task.deadline_text).due  # the words and the date say the same day
    for task in plan.tasks.filter(deadline_to_confirm=False).exclude(deadline_text=""):
        assert task.deadline_text == task.deadline_source or not task.deadline_source
        assert parse(task.deadline_text).recurring or parse(task.deadline_text).is_yearly

    page = client_for(planner).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert page.count("đã chuyển theo năm kế hoạch — chờ xác nhận") == len(moved)
    if moved:
        assert "Xác nhận các thời hạn đã chuyển" in page
        with pytest.raises(ValidationError, match=f"Còn {len(moved)} nhiệm vụ có thời hạn đã chuyển"):
            services.do_issue_plan(plan, acting_user=planner, **ISSUE)
        assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT
        response = client_for(planner).post(reverse("plans:confirm-deadlines", args=[plan.pk]))
        assert response.status_code == 302
        assert not plan.tasks.filter(deadline_to_confirm=True).exists()
    services.do_issue_plan(plan, acting_user=planner, **ISSUE)
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.ISSUED


def test_the_province_plan_for_2027_moves_the_2024_guidance(actors):
    plan = services.do_create_plan(template("phu-luc-i-cds-cap-tinh"), Agency.objects.get(code="ubnd-tinh-15"), 2027,
                                   acting_user=actors["coordinator"])
    by_source = {(t.deadline_source, t.deadline_text, t.due_date) for t in plan.tasks.exclude(deadline_source="")}
    assert ("30/3/2024", "30/3/2027", datetime.date(2027, 3, 31 - 1)) in by_source
    assert ("2024 - 2025", "2027 - 2028", datetime.date(2028, 12, 31)) in by_source
    yearly = plan.tasks.get(code="1.6")  # "trước ngày 30 tháng 11 hàng năm" does not move
    assert (yearly.deadline_text, yearly.deadline_to_confirm) == ("trước ngày 30 tháng 11 hàng năm", False)


def test_a_date_already_past_when_the_plan_is_made_is_not_overdue_until_confirmed(actors, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2026, 8, 1))
    coordinator = actors["coordinator"]
    plan = services.do_create_plan(template("phu-luc-i-cds-cap-tinh"), Agency.objects.get(code="ubnd-tinh-15"), 2026,
                                   acting_user=coordinator)
    assert not Task.objects.filter(plan=plan).overdue(datetime.date(2026, 8, 1)).exists()
    past = plan.tasks.get(deadline_source="30/5/2024")
    assert (past.deadline_text, past.due_date, past.deadline_to_confirm) == ("30/5/2026", None, True)
    page = client_for(coordinator).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "đã qua khi lập: chưa tính hạn" in page
    # Typing a deadline confirms that task; the button confirms the rest, past dates included.
    typed = plan.tasks.get(deadline_source="30/11/2024", parent__isnull=True)
    services.do_save_task(typed, acting_user=coordinator, deadline_text="15/12/2026")
    typed.refresh_from_db()
    assert (typed.due_date, typed.deadline_to_confirm) == (datetime.date(2026, 12, 15), False)
    left = plan.tasks.filter(deadline_to_confirm=True).count()
    assert services.do_confirm_deadlines(plan, acting_user=coordinator) == left
    past.refresh_from_db()
    assert (past.due_date, past.deadline_to_confirm) == (datetime.date(2026, 5, 30), False)


def test_saving_a_task_without_touching_its_deadline_does_not_confirm_it(actors):
    plan = services.do_create_plan(template("phu-luc-i-cds-cap-tinh"), Agency.objects.get(code="ubnd-tinh-15"), 2027,
                                   acting_user=actors["coordinator"])
    task = plan.tasks.filter(deadline_to_confirm=True).first()
    services.do_save_task(task, acting_user=actors["coordinator"], title=task.title + " (sửa)")
    task.refresh_from_db()
    assert task.deadline_to_confirm


def test_only_the_plans_manager_confirms_the_deadlines(actors):
    plan = services.do_create_plan(template("phu-luc-i-cds-cap-tinh"), Agency.objects.get(code="ubnd-tinh-15"), 2027,
                                   acting_user=actors["coordinator"])
    waiting = plan.tasks.filter(deadline_to_confirm=True).count()
    client_for(actors["sibling"]).post(reverse("plans:confirm-deadlines", args=[plan.pk]))
    assert plan.tasks.filter(deadline_to_confirm=True).count() == waiting
    page = client_for(actors["sibling"]).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Xác nhận các thời hạn đã chuyển" not in page


# --- The Đề án 1690's dates are the programme's -------------------------------------------------

@pytest.mark.parametrize("code", ["de-an-1690", "ke-hoach-tinh-1690"])
def test_a_1690_plan_never_moves_its_dates(code, actors):
    plan = services.do_create_plan(template(code), Agency.objects.get(code="ubnd-tinh-15"), 2027,
                                   acting_user=actors["coordinator"])
    words = sorted(w for w in template_deadlines(code))
    assert sorted(plan.tasks.values_list("deadline_text", flat=True)) == words
    assert not plan.tasks.filter(deadline_to_confirm=True).exists()
    assert not plan.tasks.exclude(deadline_source="").exists()


# --- Words naming a tier gone on the plan's day -------------------------------------------------

def _docx_text(plan: Plan) -> list[str]:
    document = Document(io.BytesIO(exports.plan_docx(plan)))
    cells = [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return [p.text for p in document.paragraphs] + cells


def test_a_2026_plan_speaks_of_the_communes_and_lists_what_it_cannot_rename(actors):
    plan = services.do_create_plan(template("ke-hoach-tinh-1690"), Agency.objects.get(code="ubnd-tinh-15"), 2026,
                                   acting_user=actors["coordinator"])
    review = plan.document["review"]
    flagged = [item["text"] for item in review]
    assert review and all("Phòng Văn hóa và Thông tin" in " ".join(item["names"]) for item in review)
    assert any("“Ủy ban nhân dân cấp huyện”: trong văn bản thay bằng “Ủy ban nhân dân cấp xã”" in note
               for note in plan.document["reworded"])
    lines = _docx_text(plan)
    assert any("Ủy ban nhân dân cấp xã" in line for line in lines)
    for line in lines:
        if "cấp huyện" in line or "các huyện, thị xã" in line:
            # only a text left as written for the author to review
            assert any(text in line or line.strip("-+ .") in text for text in flagged), line
    task = plan.tasks.get(code="1.1")
    assert "cấp huyện" not in task.assignment and "Ủy ban nhân dân cấp xã" in task.assignment
    page = client_for(actors["coordinator"]).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert page.count('class="review-row"') == len(review) and "Phòng Văn hóa và Thông tin" in page


def test_a_2024_plan_keeps_the_district_words(actors):
    pc = Agency.objects.get(code="ubnd-tinh-cu-60")
    plan = services.do_create_plan(template("ke-hoach-tinh-1690"), pc, 2024, acting_user=actors["national_admin"])
    assert plan.document["review"] == [] and plan.document["reworded"] == []
    assert "Ủy ban nhân dân cấp huyện" in plan.tasks.get(code="1.1").assignment


def test_the_docx_says_a_moved_date_once(actors):
    plan = services.do_create_plan(template("phu-luc-i-cds-cap-tinh"), Agency.objects.get(code="ubnd-tinh-15"), 2027,
                                   acting_user=actors["coordinator"])
    lines = _docx_text(plan)
    assert "- Thời gian: 30/3/2027." in lines
    assert not any("(hạn" in line for line in lines)
    assert not any(y < 2027 for line in lines if line.startswith("- Thời gian:") for y in years_in(line))


# --- A template must say how its dates behave ---------------------------------------------------

@pytest.mark.parametrize(("change", "message"), [
    ({"written_for": "năm 2024"}, "“written_for” phải là năm mẫu được soạn, một số từ 2000 đến 2100"),
    ({"written_for": 1990}, "“written_for” phải là năm mẫu được soạn, một số từ 2000 đến 2100"),
    ({"written_for": None}, "Mẫu phải khai báo “written_for”"),
    ({"programme_dates": True}, "Mẫu chỉ khai báo một trong hai"),
])
def test_a_template_with_a_bad_written_for_year_is_refused(change, message, actors):
    doc = dict(template("phu-luc-i-cds-cap-tinh").document, code="mau-nam-hong", version="2027", **change)
    doc = {key: value for key, value in doc.items() if value is not None}
    upload = SimpleUploadedFile("mau.json", json.dumps(doc, ensure_ascii=False).encode(), "application/json")
    page = client_for(actors["national_admin"]).post(reverse("plans:template-import"), {"file": upload})
    assert page.status_code == 200 and message in page.content.decode()
    assert not PlanTemplate.objects.filter(code="mau-nam-hong").exists()


def test_the_task_page_and_the_api_show_the_moved_deadline_and_its_source(actors):
    plan = services.do_create_plan(template("phu-luc-i-cds-cap-tinh"), Agency.objects.get(code="ubnd-tinh-15"), 2027,
                                   acting_user=actors["coordinator"])
    task = plan.tasks.get(deadline_source="30/5/2024")
    client = client_for(actors["coordinator"])
    page = client.get(reverse("plans:task", args=[task.pk])).content.decode()
    assert "30/5/2027" in page and "đã chuyển theo năm kế hoạch" in page and "(mẫu ghi “30/5/2024”)" in page
    rows = {r["id"]: r for r in client.get(reverse("task-list"), {"plan": plan.pk, "page_size": 100}).json()["results"]}
    assert (rows[task.pk]["deadline_text"], rows[task.pk]["deadline_source"], rows[task.pk]["deadline_to_confirm"]) \
        == ("30/5/2027", "30/5/2024", True)


def test_a_ministry_that_merged_is_named_by_its_successor_in_a_later_plan(actors):
    """Bộ Thông tin và Truyền thông ended on 28/02/2025 (NQ 176/2025/QH15): a 2026 plan names Bộ Khoa học và Công
    nghệ where the 2024 guidance named it; a 2024 plan keeps the source's words."""
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    plan = services.do_create_plan(template("phu-luc-i-cds-cap-tinh"), lao_cai, 2026,
                                   acting_user=actors["coordinator"])
    text = "\n".join(_docx_text(plan))
    assert "Bộ Thông tin và Truyền thông" not in text and "Bộ Khoa học và Công nghệ" in text
    assert any("Bộ Thông tin và Truyền thông" in note for note in plan.document["reworded"])
    former = services.do_create_plan(template("phu-luc-i-cds-cap-tinh"), Agency.objects.get(code="ubnd-tinh-cu-60"),
                                     2024, acting_user=actors["national_admin"])
    assert "Bộ Thông tin và Truyền thông" in "\n".join(_docx_text(former))
