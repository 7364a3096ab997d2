"""Official documents as Nghị định 30/2020/NĐ-CP lays them out (Phụ lục I): number and symbol by kind and issuer,
place and date, "Nơi nhận", the signature block, Vietnamese numbers, no placeholder left. Each generated DOCX is
opened with LibreOffice and read as text; page 1 is kept as an image under var/test-artefacts/documents/ when
pdftoppm is installed."""

import datetime
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from dxnet.agencies.models import Agency
from dxnet.core import documents, numbers
from dxnet.obstacles import annex
from dxnet.obstacles import services as obstacles
from dxnet.obstacles.models import Category
from dxnet.plans import exports
from dxnet.plans import services as plans
from dxnet.plans.models import PlanTemplate
from dxnet.reporting import consolidation
from dxnet.reporting import services as reporting
from dxnet.reporting.models import ReportForm, Submission

from .conftest import make_user

pytestmark = pytest.mark.django_db

ARTEFACTS = Path(os.environ.get("DXNET_TEST_ARTEFACTS", Path(__file__).resolve().parent.parent / "var" /
                                "test-artefacts")) / "documents"
# English number formats: a decimal point before a percent ("0.1%"), an ungrouped count of thousands ("5/3429").
ENGLISH_NUMBERS = [re.compile(r"\d\.\d+\s?%"), re.compile(r"(?<![\d/.])\d+/\d{4,}(?![\d/])")]


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


# --- Number and symbol, place, signature -------------------------------------------------------

@pytest.mark.parametrize(("code", "abbreviation"), [
    ("ubnd-tinh-15", "UBND"), ("skhcn-tinh-15", "SKHCN"), ("cuc-chuyen-doi-so-quoc-gia", "CĐSQG"),
])
def test_an_issuer_is_abbreviated_as_its_documents_sign(code, abbreviation):
    assert documents.issuer_abbreviation(agency(code)) == abbreviation


def test_a_ministry_and_a_commune_are_abbreviated_by_their_names(lao_cai_commune):
    ministry = Agency.objects.get(kind=Agency.Kind.MINISTRY, name="Bộ Khoa học và Công nghệ")
    assert documents.issuer_abbreviation(ministry) == "BKHCN"
    assert documents.signature_lines(ministry) == ["BỘ TRƯỞNG"]
    assert documents.issuer_abbreviation(lao_cai_commune) == "UBND"


@pytest.mark.parametrize(("name", "abbreviation"), [
    ("Sở KH&CN tỉnh Lào Cai", "SKHCN"), ("Uỷ ban nhân dân xã Bản Lầu", "UBND"), ("Bộ Nội vụ", "BNV"),
    ("Sở Thông tin và Truyền thông thành phố Hà Nội", "STTTT"), ("Công an tỉnh Lào Cai", "CA"),
])
def test_an_abbreviation_comes_from_the_name_whatever_its_spelling(name, abbreviation):
    assert documents.issuer_abbreviation(Agency(code="x", name=name)) == abbreviation


def test_the_number_carries_the_kind_and_the_issuer_and_a_draft_leaves_the_number_blank():
    lao_cai, department = agency("ubnd-tinh-15"), agency("skhcn-tinh-15")
    assert documents.number_and_symbol("Kế hoạch", lao_cai) == "……/KH-UBND"
    assert documents.number_and_symbol("Kế hoạch", lao_cai, "125") == "125/KH-UBND"
    assert documents.number_and_symbol("Kế hoạch", lao_cai, "125/KH-UBND") == "125/KH-UBND"
    assert documents.number_and_symbol("Báo cáo", department) == "……/BC-SKHCN"
    assert documents.number_and_symbol("Công văn", department, "7") == "7/SKHCN"


def test_the_place_is_where_the_issuer_sits(lao_cai_commune):
    assert documents.place_of(agency("ubnd-tinh-15")) == "Lào Cai"
    assert documents.place_of(agency("skhcn-tinh-15")) == "Lào Cai"
    assert documents.place_of(agency("cuc-chuyen-doi-so-quoc-gia")) == "Hà Nội"
    commune = documents.place_of(lao_cai_commune)
    assert commune and not commune.startswith(("Xã ", "Phường ")) and commune in lao_cai_commune.name


def test_the_date_line_writes_leading_zeros_as_the_decree_asks():
    assert documents.date_line("Lào Cai", datetime.date(2026, 2, 5)) == "Lào Cai, ngày 05 tháng 02 năm 2026"
    assert documents.date_line("Lào Cai", datetime.date(2026, 11, 30)) == "Lào Cai, ngày 30 tháng 11 năm 2026"
    assert documents.date_line("Lào Cai", None, 2026) == "Lào Cai, ngày …… tháng …… năm 2026"


def test_the_signature_names_the_authority_the_title_and_the_deputy():
    lao_cai, department, cuc = agency("ubnd-tinh-15"), agency("skhcn-tinh-15"), agency("cuc-chuyen-doi-so-quoc-gia")
    assert documents.signature_lines(lao_cai) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert documents.signature_lines(lao_cai, "Phó Chủ tịch") == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
                                                                   "PHÓ CHỦ TỊCH"]
    assert documents.signature_lines(lao_cai, "KT. CHỦ TỊCH/PHÓ CHỦ TỊCH") == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert documents.signature_lines(department) == ["GIÁM ĐỐC"]
    assert documents.signature_lines(department, "Phó Giám đốc") == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert documents.signature_lines(cuc) == ["CỤC TRƯỞNG"]


def test_numbers_are_written_the_vietnamese_way():
    assert numbers.number(1234) == "1.234" and numbers.number(1234567.5) == "1.234.567,5"
    assert numbers.percent(0.1) == "0,1%" and numbers.percent(50.0) == "50%" and numbers.percent(None) == "—"
    assert numbers.ratio(5, 3429) == "5/3.429" and numbers.signed(-2.5) == "-2,5" and numbers.signed(3) == "+3"
    assert documents.cell_text(1500) == "1.500" and documents.cell_text("2026") == "2026"


# --- The generated documents, read back by LibreOffice ----------------------------------------

@pytest.fixture(scope="session")
def office_profile(tmp_path_factory) -> Path:
    """One LibreOffice profile for the session: the first start builds it, the next ones reuse it."""
    return tmp_path_factory.mktemp("libreoffice")


def _convert(docx: bytes, name: str, target: str, tmp_path: Path, profile: Path) -> Path:
    source = tmp_path / f"{name}.docx"
    source.write_bytes(docx)
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", target,
                           "--outdir", str(tmp_path), str(source)], capture_output=True, text=True, timeout=180)
    result = tmp_path / f"{name}.{target.split(':')[0]}"
    assert done.returncode == 0 and result.exists(), done.stderr
    return result


def read_back(docx: bytes, name: str, tmp_path: Path, profile: Path) -> str:
    """The document's text as LibreOffice reads it, spaces folded; checks every document must pass."""
    text = " ".join(_convert(docx, name, "txt:Text", tmp_path, profile).read_text(encoding="utf-8-sig").split())
    assert "{" not in text and "}" not in text, re.findall(r".{30}[{}].{30}", text)
    for pattern in ENGLISH_NUMBERS:
        assert not pattern.search(text), pattern.findall(text)
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Nơi nhận:"):
        assert part in text, part
    return text


def page_one_image(docx: bytes, name: str, tmp_path: Path, profile: Path) -> Path:
    """Page 1 as a PNG artefact, for a person to look at (pdftoppm renders LibreOffice's PDF)."""
    pdf = _convert(docx, name, "pdf", tmp_path, profile)
    assert pdf.read_bytes().startswith(b"%PDF")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(ARTEFACTS / name)], check=True, timeout=120)
    image = ARTEFACTS / f"{name}.png"
    assert image.read_bytes().startswith(b"\x89PNG")
    return image


ANNUAL = "annual-assessment"


def annual_round(actors, *, text=True):
    """The 2026 yearly assessment asked of three provinces by the national department; Lào Cai has answered (its
    text too, when `text`)."""
    admin = actors["national_admin"]
    round_ = reporting.do_create_round(
        ReportForm.objects.get(code=ANNUAL), acting_user=admin, agency=agency("cuc-chuyen-doi-so-quoc-gia"),
        title="Báo cáo đánh giá kết quả thực hiện chuyển đổi số năm 2026", period="Năm 2026", year=2026,
        due_date=datetime.date(2026, 11, 30),
        recipients=list(Agency.objects.filter(code__in=["ubnd-tinh-15", "ubnd-tinh-01", "ubnd-tinh-79"])))
    if text:
        submission = Submission.objects.get(round=round_, agency__code="ubnd-tinh-15")
        answers = {spec["code"]: f"Đã làm ({spec['code']})." for spec in round_.form.fields
                   if spec["type"] == "text" and spec.get("required")}
        reporting.do_save_answers(submission, answers, acting_user=actors["coordinator"])
        reporting.do_submit(submission, acting_user=actors["coordinator"])
    return round_


def consolidated(round_) -> bytes:
    return consolidation.consolidated_docx(consolidation.gather(round_, datetime.date(2026, 11, 30)))


def test_the_consolidated_report_is_numbered_dated_signed_and_fills_the_year(actors, tmp_path, office_profile):
    text = read_back(consolidated(annual_round(actors)), "tong-hop", tmp_path, office_profile)
    for part in ("CỤC CHUYỂN ĐỔI SỐ QUỐC GIA", "Số: ……/BC-CĐSQG", "Hà Nội, ngày 30 tháng 11 năm 2026", "BÁO CÁO",
                 "Tổng hợp báo cáo đánh giá kết quả thực hiện chuyển đổi số năm 2026 (Năm 2026)",
                 "Đã nhận 1/3 báo cáo", "2.2. Hoạt động của Ban Chỉ đạo chuyển đổi số năm 2026: Kết quả đạt được",
                 "- Ủy ban nhân dân tỉnh Lào Cai: Đã làm (2.2-achieved).", "- Bộ Khoa học và Công nghệ (để báo cáo);",
                 "- Lưu: VT, CĐSQG.", "CỤC TRƯỞNG"):
        assert part in text, part
    assert "Lưu: VT, CUC." not in text and "Như trên" not in text
    # Only what someone answered: the shortcomings nobody wrote have no heading of their own.
    assert "Tồn tại, hạn chế" not in text


def test_a_consolidated_report_without_any_text_says_so_rather_than_showing_empty_headings(
        actors, tmp_path, office_profile):
    text = read_back(consolidated(annual_round(actors, text=False)), "tong-hop-trong", tmp_path, office_profile)
    assert "Đã nhận 0/3 báo cáo" in text and "Chưa có báo cáo nào ghi nội dung." in text
    assert "1. Nhận thức số" not in text


def beyond_authority_obstacle(actors, lao_cai_commune):
    obstacle = obstacles.do_raise_obstacle(
        acting_user=actors["focal_point"], title="Định mức chi cho Tổ công nghệ số cộng đồng",
        description="Chưa có định mức chi.", category=Category.objects.get(code="kinh-phi"),
        today=datetime.date(2026, 11, 2))
    obstacles.do_escalate(obstacle, acting_user=actors["sibling"], reason="Cần Chính phủ quyết định")
    obstacles.do_mark_beyond_authority(obstacle, acting_user=actors["national_admin"])
    return obstacle


def test_the_government_annex_goes_with_a_report_of_the_national_department(
        actors, lao_cai_commune, tmp_path, office_profile):
    beyond_authority_obstacle(actors, lao_cai_commune)
    text = read_back(annex.government_annex(datetime.date(2026, 11, 30)), "phu-luc", tmp_path, office_profile)
    for part in ("PHỤ LỤC", "Số: ……/BC-CĐSQG", "Hà Nội, ngày 30 tháng 11 năm 2026",
                 "(Kèm theo Báo cáo số ……/BC-CĐSQG ngày 30 tháng 11 năm 2026 của Cục Chuyển đổi số quốc gia)",
                 "I. KINH PHÍ (1)", "Định mức chi cho Tổ công nghệ số cộng đồng", "- Thủ tướng Chính phủ;",
                 "- Lưu: VT, CĐSQG.", "CỤC TRƯỞNG"):
        assert part in text, part


def province_plan(actors):
    return plans.do_create_plan(PlanTemplate.objects.get(code="ke-hoach-tinh-1690"), agency("ubnd-tinh-15"), 2026,
                                acting_user=actors["coordinator"])


def test_a_draft_plan_shows_its_symbol_place_and_the_room_to_sign(actors, tmp_path, office_profile):
    text = read_back(exports.plan_docx(province_plan(actors)), "ke-hoach-du-thao", tmp_path, office_profile)
    for part in ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "Số: ……/KH-UBND", "Lào Cai, ngày …… tháng …… năm 2026", "KẾ HOẠCH",
                 "- Lưu: VT, UBND.", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"):
        assert part in text, part
    assert "Số: …… " not in text


def test_an_issued_plan_is_signed_by_the_deputy_for_the_committee(actors, tmp_path, office_profile):
    plan = province_plan(actors)
    plans.do_issue_plan(plan, acting_user=actors["coordinator"], number="125", issued_on=datetime.date(2026, 2, 5),
                        place="", signer_title="Phó Chủ tịch", signer_name="Nguyễn Văn A")
    plan.refresh_from_db()
    text = read_back(exports.plan_docx(plan), "ke-hoach-ban-hanh", tmp_path, office_profile)
    for part in ("Số: 125/KH-UBND", "Lào Cai, ngày 05 tháng 02 năm 2026",
                 "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A"):
        assert part in text, part
    # A task's deadline is written once, in the plan's words.
    assert "(hạn " not in text


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a DOCX (python-docx: fast enough for every template)."""
    document = Document(io.BytesIO(content))
    cells = (p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


@pytest.mark.parametrize("code", ["de-an-1690", "ke-hoach-tinh-1690", "phu-luc-i-cds-cap-tinh",
                                  "phu-luc-ii-cds-cap-bo", "phu-luc-iii-khung-ke-hoach-nam"])
def test_no_shipped_template_leaves_a_placeholder_in_its_draft(code, actors):
    template = PlanTemplate.objects.get(code=code)
    issuer = (Agency.objects.get(kind=Agency.Kind.MINISTRY, name="Bộ Khoa học và Công nghệ")
              if template.tier == "ministry" else agency("ubnd-tinh-15"))
    user = actors["national_admin"] if template.tier == "ministry" else actors["coordinator"]
    plan = plans.do_create_plan(template, issuer, 2026, acting_user=user)
    text = docx_text(exports.plan_docx(plan))
    assert "{" not in text and "}" not in text, re.findall(r".{30}[{}].{30}", text)
    assert f"Số: ……/{documents.KIND_SYMBOLS.get((plan.document.get('document') or 'Kế hoạch').lower(), '')}-" in text


@pytest.mark.parametrize("name", ["tong-hop", "phu-luc", "ke-hoach"])
def test_page_one_of_each_document_is_kept_as_an_image(name, actors, lao_cai_commune, tmp_path, office_profile):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) không có trên máy này: không dựng ảnh trang 1.")
    if name == "tong-hop":
        docx = consolidated(annual_round(actors))
    elif name == "phu-luc":
        beyond_authority_obstacle(actors, lao_cai_commune)
        docx = annex.government_annex(datetime.date(2026, 11, 30))
    else:
        docx = exports.plan_docx(province_plan(actors))
    image = page_one_image(docx, name, tmp_path, office_profile)
    assert image.stat().st_size > 10_000


def test_a_department_signs_its_own_report(tmp_path, office_profile):
    department = agency("skhcn-tinh-15")
    make_user("giamdoc.so", "coordinator", department.code)
    heading = documents.Heading(agency=department, kind="Báo cáo", summary="Kết quả chuyển đổi số quý IV",
                                day=datetime.date(2026, 12, 1), signer_title="Phó Giám đốc")
    document = documents.start(heading)
    documents.section_heading(document, "I. KẾT QUẢ")
    documents.table(document, ["Chỉ tiêu", "Số lượng", "Tỷ lệ"], [["Hồ sơ trực tuyến", 12345, numbers.percent(0.1)]])
    text = read_back(documents.finish(document, heading), "bao-cao-so", tmp_path, office_profile)
    for part in ("Số: ……/BC-SKHCN", "Lào Cai, ngày 01 tháng 12 năm 2026", "12.345", "0,1%", "- Lưu: VT, SKHCN.",
                 "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC"):
        assert part in text, part


# --- The same formats on pages -------------------------------------------------------------------

def test_pages_write_a_deadline_once_and_numbers_as_the_documents_do():
    from django.template import Context, Template

    page = Template("{% load dxnet %}{{ a|deadline:day }} · {{ b|deadline:quarter }} · {{ n|vn_number }} · "
                    "{{ p|vn_percent }}").render(Context({
                        "a": "30/3/2024", "day": datetime.date(2024, 3, 30), "b": "Quý II/2025",
                        "quarter": datetime.date(2025, 6, 30), "n": 3429, "p": 0.1}))
    assert page == "30/3/2024 · Quý II/2025 (hạn 30/06/2025) · 3.429 · 0,1%"


def test_a_plan_part_with_nothing_in_it_says_so_rather_than_showing_an_empty_heading_or_table(actors):
    frame = plans.do_create_plan(PlanTemplate.objects.get(code="phu-luc-iii-khung-ke-hoach-nam"),
                                 agency("ubnd-tinh-15"), 2026, acting_user=actors["coordinator"])
    content = exports.plan_docx(frame)
    text = docx_text(content)
    assert "VII. DANH MỤC NHIỆM VỤ, DỰ ÁN" in text and "Chưa có nhiệm vụ, dự án nào." in text
    assert all(len(table.rows) > 1 for table in Document(io.BytesIO(content)).tables[1:-1])  # header, signature

    shipped = PlanTemplate.objects.get(code="ke-hoach-tinh-1690").document
    groups = [{**shipped["groups"][0], "tasks": [], "guidance": ""}, *shipped["groups"][1:]]
    template, _ = plans.do_save_template({**shipped, "code": "ke-hoach-nhom-trong", "groups": groups},
                                         acting_user=actors["national_admin"])
    plan = plans.do_create_plan(template, agency("ubnd-tinh-15"), 2026, acting_user=actors["coordinator"])
    text = docx_text(exports.plan_docx(plan))
    first = f"{shipped['groups'][0]['code']}. {shipped['groups'][0]['title']}"
    assert f"{first}\nChưa có nhiệm vụ nào trong nhóm này." in text


def test_a_task_page_writes_its_deadline_once(actors):
    from django.urls import reverse

    from dxnet.plans.models import Task

    from .conftest import client_for

    plan = province_plan(actors)
    task = plans.do_save_task(Task(plan=plan), acting_user=actors["coordinator"], group=plan.groups.first(),
                              title="Kiện toàn Ban Chỉ đạo", deadline_text="30/3/2026", cooperating=[])
    assert task.due_date == datetime.date(2026, 3, 30)
    page = client_for(actors["coordinator"]).get(reverse("plans:task", args=[task.pk])).content.decode()
    assert "<dd>30/3/2026" in page and "(hạn 30/03/2026)" not in page
