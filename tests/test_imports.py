"""Excel imports: all or nothing, errors by row and column, idempotent, duplicates reported."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dxnet.core import chain, spreadsheets
from dxnet.core.exchange import sheet_for
from dxnet.core.models import AccessLog, AuditEntry, ImportJob
from dxnet.core.text import fold
from dxnet.network.models import TeamMember, Village

from .conftest import client_for

pytestmark = pytest.mark.django_db

MEMBER_HEADERS = ["Mã xã", "Tên thôn, tổ dân phố", "Họ và tên", "Điện thoại", "Vai trò"]


def workbook(headers, rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "tep.xlsx"
    return data


def run(kind, user, data):
    data.seek(0)
    return spreadsheets.import_file(sheet_for(kind, user), data, acting_user=user)


@pytest.fixture
def ten_thousand_members(registry):
    """10,000 members spread over 100 villages of one commune, each with its team."""
    code = registry["agency"].admin_unit.code
    villages = [[code, f"Thôn {n:03d}", "thôn"] for n in range(100)]
    teams = [[code, f"Thôn {n:03d}", f"{n}/QĐ-UBND", "01/03/2024"] for n in range(100)]
    members = [[code, f"Thôn {n % 100:03d}", f"Người thứ {n}", f"03{n:08d}",
                "Tình nguyện viên"] for n in range(10_000)]
    return villages, teams, members


def test_a_10000_row_file_lands_whole_or_not_at_all(coordinator, ten_thousand_members):
    villages, teams, members = ten_thousand_members
    assert run("villages", coordinator, workbook(["Mã xã", "Tên thôn, tổ dân phố", "Loại"], villages)).ok
    assert run("teams", coordinator, workbook(["Mã xã", "Tên thôn, tổ dân phố", "Số quyết định thành lập",
                                               "Ngày quyết định"], teams)).ok
    before = TeamMember.objects.count()

    broken = [row[:] for row in members]
    broken[7312 - 2][3] = "0912-34"  # spreadsheet row 7,312 (row 1 is the header)
    result = run("team-members", coordinator, workbook(MEMBER_HEADERS, broken))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(7312, "Điện thoại")]
    assert "không hợp lệ" in result.errors[0].message
    assert TeamMember.objects.count() == before

    logged = AuditEntry.objects.count()
    result = run("team-members", coordinator, workbook(MEMBER_HEADERS, members))
    assert result.ok and (result.created, result.updated) == (10_000, 0)
    assert TeamMember.objects.count() == before + 10_000
    # Sent by COPY on PostgreSQL (core.reference.create_all): each row whole, searchable, audited and chained.
    member = TeamMember.objects.get(full_name="Người thứ 4242")
    assert (member.phone, member.search_name, member.team.village.name) == ("0300004242", fold("Người thứ 4242"),
                                                                            "Thôn 042")
    entries = AuditEntry.objects.count()
    assert entries == logged + 10_000
    assert AuditEntry.objects.filter(object_id=str(member.pk), action="create", actor=coordinator).exists()
    assert chain.verify().broken is None

    again = run("team-members", coordinator, workbook(MEMBER_HEADERS, members))
    assert again.ok and (again.created, again.updated) == (0, 0)
    assert TeamMember.objects.count() == before + 10_000
    assert AuditEntry.objects.count() == entries


def test_errors_name_row_and_column_in_vietnamese(coordinator, registry):
    code = registry["agency"].admin_unit.code
    result = run("team-members", coordinator, workbook(MEMBER_HEADERS, [
        [code, "Thôn Một", "Người A", "0911111111", "Tổ trưởng"],
        [code, "Thôn Không Có", "Người B", "0911111112", "Tổ trưởng"],
        ["00070", "Tổ dân phố 1", "Người C", "0911111113", "Tổ trưởng"],
        [code, "Thôn Ba", "Người D", "0911111114", "Tổ trưởng"],
        [code, "Thôn Một", "", "0911111111", "Chức vụ lạ"],
    ]))
    found = {(e.row, e.column): e.message for e in result.errors}
    assert "chưa có “Thôn Không Có”" in found[(3, "Tên thôn, tổ dân phố")]
    assert found[(4, "Mã xã")] == "Không có xã mã 00070 trong phạm vi của bạn."
    assert "chưa có Tổ công nghệ số cộng đồng" in found[(5, "Tên thôn, tổ dân phố")]
    assert found[(6, "Họ và tên")] == "Không được để trống."
    assert "không có trong danh sách" in found[(6, "Vai trò")]
    assert not TeamMember.objects.filter(full_name="Người A").exists()


def test_a_phone_used_twice_is_an_error_and_a_repeated_name_a_warning(coordinator, registry):
    code = registry["agency"].admin_unit.code
    taken = registry["team_member"].phone
    result = run("team-members", coordinator, workbook(MEMBER_HEADERS, [
        [code, "Thôn Hai", "Lò Văn Sáu", "0922222222", "Tình nguyện viên"],
        [code, "Thôn Hai", "Lò Văn Bảy", "0922222222", "Tình nguyện viên"],
        [code, "Thôn Hai", "Lò Văn Tám", taken, "Tình nguyện viên"],
    ]))
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(3, "Điện thoại")] == "Số điện thoại trùng với dòng 2."
    assert "đã thuộc" in messages[(4, "Điện thoại")]
    fine = run("team-members", coordinator, workbook(MEMBER_HEADERS, [
        [code, "Thôn Hai", "Lò Văn Sáu", "0922222222", "Tình nguyện viên"],
        [code, "Thôn Hai", "Lò Văn Sáu", "0922222223", "Tình nguyện viên"],
    ]))
    assert fine.ok and fine.created == 2
    assert [(w.row, w.column) for w in fine.warnings] == [(3, "Họ và tên")]


def test_a_missing_column_or_a_non_excel_file_is_refused(coordinator):
    result = run("team-members", coordinator, workbook(["Mã xã", "Họ và tên"], [["02647", "A"]]))
    assert {e.message for e in result.errors} >= {"Thiếu cột “Điện thoại”."}
    data = io.BytesIO(b"not a spreadsheet")
    not_a_file = run("villages", coordinator, data).errors[0].message
    assert not_a_file == "Tệp không phải là tệp Excel (.xlsx) hoặc CSV hợp lệ."
    latin1 = io.BytesIO("Mã xã,Tên thôn\n02647,Thôn Ba\n".encode("latin-1"))  # an Excel "CSV" of old
    latin1.name = "thon.csv"
    assert run("villages", coordinator, latin1).errors[0].message == "Tệp CSV phải dùng bảng mã UTF-8."


def test_a_failed_upload_shows_errors_and_an_annotated_file(coordinator, registry):
    client = client_for(coordinator)
    data = workbook(MEMBER_HEADERS, [[registry["agency"].admin_unit.code, "Thôn Một", "A", "123", "Tổ trưởng"]])
    response = client.post(reverse("exchange:import", args=["team-members"]),
                           {"file": SimpleUploadedFile("thanh-vien.xlsx", data.read())}, follow=True)
    page = response.content.decode()
    assert "không dòng nào được nhập" in page and "Điện thoại" in page and "<td>2</td>" in page
    job = ImportJob.objects.get(file_name="thanh-vien.xlsx")
    annotated = client.get(reverse("exchange:job-annotated", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(annotated.streaming_content))).active
    assert sheet["D2"].comment.text.startswith("Số điện thoại “123” không hợp lệ")
    assert sheet["D2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "Điện thoại:" in sheet["F2"].value


def test_a_large_upload_runs_as_a_background_job(coordinator, registry, settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from dxnet.core.exchange import process_import

    settings.DXNET_BACKGROUND_IMPORT_ROWS = 10
    code = registry["agency"].admin_unit.code
    data = workbook(["Mã xã", "Tên thôn, tổ dân phố", "Loại"], [[code, f"Thôn mới {n}", "thôn"] for n in range(50)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(reverse("exchange:import", args=["villages"]),
                                                {"file": SimpleUploadedFile("thon-moi.xlsx", data.read())})
    job = ImportJob.objects.get(file_name="thon-moi.xlsx")
    assert response.url == reverse("exchange:job", args=[job.pk])
    assert job.status == ImportJob.Status.QUEUED
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("process_import") and queued.args_kwargs["args"] == [job.pk]
    status = client_for(coordinator).get(reverse("exchange:job-status", args=[job.pk])).json()
    assert (status["status"], status["done"]) == ("queued", False)

    process_import.call(job.pk)  # what the worker runs
    job.refresh_from_db()
    assert (job.status, job.created_count, job.percent) == (ImportJob.Status.SUCCEEDED, 50, 100)
    assert Village.objects.filter(name__startswith="Thôn mới").count() == 50


@pytest.mark.parametrize("kind", ["people", "focal-points", "network-members", "villages", "teams", "team-members",
                                  "team-activities"])
def test_exporting_and_importing_back_changes_nothing(kind, coordinator, registry):
    sheet = sheet_for(kind, coordinator)
    content, rows = spreadsheets.export(sheet, sheet.queryset())
    assert rows > 0
    entries = AuditEntry.objects.count()
    result = spreadsheets.import_file(sheet_for(kind, coordinator), io.BytesIO(content), acting_user=coordinator)
    assert result.ok, result.errors
    assert (result.total, result.created, result.updated) == (rows, 0, 0)
    assert AuditEntry.objects.count() == entries


def test_an_export_of_personal_data_is_logged_and_formulas_stay_text(coordinator, registry):
    member = registry["team_member"]
    formula = '=HYPERLINK("http://x","bấm")'
    TeamMember.objects.filter(pk=member.pk).update(full_name=formula, search_name=fold(formula))
    response = client_for(coordinator).get(reverse("exchange:export", args=["team-members"]), {"search": "hyperlink"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet["D2"]
    assert (cell.value, cell.data_type, cell.quotePrefix, sheet.max_row) == (formula, "s", True, 2)
    log = AccessLog.objects.get()
    assert (log.actor, log.kind, log.row_count, log.filters) == (coordinator, "team-members", 1,
                                                                 {"search": "hyperlink"})


def test_the_command_line_import_names_each_error_and_exits_non_zero(tmp_path, registry):
    from django.core.management import CommandError, call_command

    path = tmp_path / "members.xlsx"
    path.write_bytes(workbook(MEMBER_HEADERS, [[registry["agency"].admin_unit.code, "Thôn Một", "A", "12",
                                               "Tổ trưởng"]]).read())
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 lỗi; không nhập dòng nào"):
        call_command("import", "team-members", str(path), stderr=err)
    assert "Dòng 2, cột Điện thoại: Số điện thoại “12” không hợp lệ" in err.getvalue()


def test_the_command_line_export_limits_to_an_agency(tmp_path, registry):
    from django.core.management import call_command

    path = tmp_path / "out.xlsx"
    call_command("export", "team-members", str(path), "--agency", "ubnd-tinh-15", stdout=io.StringIO())
    rows = list(load_workbook(path).active.iter_rows(values_only=True))[1:]
    assert len(rows) == 6 and all(row[0] != "00070" for row in rows)
