"""Excel templates that guide: downloaded from the exchange page, filled with openpyxl, imported back.

Every registered kind gets, from what its columns declare, an example row the import skips, a dropdown on each closed
list (read from a hidden "Danh mục" sheet), text cells for phones and codes, and a "Hướng dẫn" sheet; a mobile number
that lost its leading 0 is taken with the 0 put back, by every door, and the sheet import says so.
"""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dxnet.core import spreadsheets
from dxnet.core.exchange import sheet_for
from dxnet.core.models import ImportJob
from dxnet.core.phone import normalise_phone
from dxnet.network.models import TeamMember, Village

from .conftest import client_for

pytestmark = pytest.mark.django_db

KINDS = sorted(spreadsheets.SHEETS)


def download(user, kind: str):
    response = client_for(user).get(reverse("exchange:template", args=[kind]))
    assert response.status_code == 200, kind
    assert response["Content-Type"] == spreadsheets.XLSX
    return load_workbook(io.BytesIO(response.content))


def fill(book, rows: list[dict], start: int = 3) -> io.BytesIO:
    """Write rows {header: value} under the template's headers, from `start` (the example row stays above)."""
    data = book.worksheets[0]
    headers = [cell.value for cell in data[1]]
    for number, row in enumerate(rows, start=start):
        for header, value in row.items():
            data.cell(number, headers.index(header) + 1, value)
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "mau-da-dien.xlsx"
    return upload


def imported(kind, user, upload) -> spreadsheets.ImportResult:
    return spreadsheets.import_file(sheet_for(kind, user), upload, acting_user=user)


def validations(book) -> dict[str, object]:
    """The data sheet's validations by the header of the column they cover."""
    data = book.worksheets[0]
    headers = {cell.column_letter: cell.value for cell in data[1]}
    return {headers[str(dv.sqref).split(":")[0].rstrip("0123456789")]: dv
            for dv in data.data_validations.dataValidation}


def listed(book, formula: str) -> list[str]:
    """The values a list validation's formula ('Danh mục'!$A$2:$A$9) points at."""
    sheet_name, cells = formula.rsplit("!", 1)
    sheet = book[sheet_name.strip("'")]
    return [row[0].value for row in sheet[cells.replace("$", "")] if row[0].value is not None]


# --- What every template holds ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_every_template_has_its_headers_an_example_row_a_prompt_per_column_and_a_guide(kind, actors, registry):
    book = download(actors["coordinator"], kind)
    sheet = spreadsheets.SHEETS[kind](actors["coordinator"])
    data = book.worksheets[0]
    assert book.sheetnames[:2] == [sheet.title[:31], "Hướng dẫn"]  # the import reads the first sheet only
    assert [cell.value for cell in data[1]] == [c.header for c in sheet.columns]
    example = data[2]
    assert str(example[0].value).startswith("Ví dụ: ")
    assert all(cell.font.i and cell.font.color.rgb.endswith("808080") for cell in example)
    assert "bỏ qua" in example[0].comment.text
    prompts = validations(book)
    assert set(prompts) == {c.header for c in sheet.columns}
    assert all(len(dv.prompt) <= 255 and len(dv.promptTitle) <= 32 for dv in prompts.values())
    guide = [row for row in book["Hướng dẫn"].iter_rows(values_only=True)]
    rules = {row[0]: row for row in guide[guide.index(("Cột", "Bắt buộc", "Quy tắc, định dạng", "Giá trị được phép",
                                                       "Ví dụ")) + 1:]}
    assert list(rules) == [c.header for c in sheet.columns]
    for column in sheet.columns:
        requirement = rules[column.header][1]
        assert requirement == ("Chỉ để xem, bỏ qua khi nhập" if column.export_only
                               else "Bắt buộc" if column.required else "Không bắt buộc")
        assert rules[column.header][2]  # a rule for every column, in Vietnamese
        assert not re.search(r"\b(the|and|of|number|whole|must)\b", rules[column.header][2], re.IGNORECASE)


@pytest.mark.parametrize("kind", KINDS)
def test_every_choice_column_is_a_dropdown_of_its_labels_listed_on_the_hidden_sheet(kind, actors, registry):
    book = download(actors["coordinator"], kind)
    sheet = spreadsheets.SHEETS[kind](actors["coordinator"])
    by_header = validations(book)
    for column in sheet.import_columns:
        labels = getattr(column.parse, "options", None)
        if labels is None:
            continue
        dv = by_header[column.header]
        assert dv.type == "list" and dv.errorStyle == "stop", column.header
        assert listed(book, dv.formula1) == labels
        assert book["Danh mục"].sheet_state == "hidden"


@pytest.mark.parametrize("kind", KINDS)
def test_phone_and_code_columns_are_text_cells_so_excel_keeps_the_leading_zero(kind, actors, registry):
    data = download(actors["coordinator"], kind).worksheets[0]
    sheet = spreadsheets.SHEETS[kind](actors["coordinator"])
    for index, column in enumerate(sheet.columns, start=1):
        letter = data.cell(1, index).column_letter
        as_text = getattr(column.parse, "as_text", True)  # only parsers of numbers say otherwise
        assert (data.column_dimensions[letter].number_format == "@") is as_text, column.header
        if column.parse is spreadsheets.phone or column.parse is spreadsheets.text:
            assert data.column_dimensions[letter].number_format == "@", column.header


def test_roles_with_commas_are_offered_whole_and_the_error_lists_them_with_semicolons(coordinator, registry):
    book = download(coordinator, "team-members")
    role = validations(book)["Vai trò"]
    assert listed(book, role.formula1) == [label for _, label in TeamMember.Role.choices]
    assert "“Trưởng thôn, tổ trưởng tổ dân phố”; “Đoàn viên thanh niên”" in role.error
    guide = {row[0]: row for row in book["Hướng dẫn"].iter_rows(values_only=True)}
    assert guide["Vai trò"][3].split("\n") == [label for _, label in TeamMember.Role.choices]
    # The import's own message separates them the same way.
    result = imported("team-members", coordinator, fill(book, [{
        "Mã xã": registry["agency"].admin_unit.code, "Tên thôn, tổ dân phố": "Thôn Một", "Họ và tên": "Lò Văn Mới",
        "Điện thoại": "0977000123", "Vai trò": "Trưởng bản"}]))
    assert "“Trưởng thôn, tổ trưởng tổ dân phố”; “Đoàn viên thanh niên”" in result.errors[0].message


def test_a_shared_catalogue_is_a_dropdown_that_still_takes_codes(coordinator, registry):
    book = download(coordinator, "team-activities")
    skill = validations(book)["Kỹ năng"]
    assert skill.type == "list" and skill.errorStyle == "warning"  # a code typed instead is taken too
    assert "Dịch vụ công trực tuyến" in " ".join(listed(book, skill.formula1))


def test_the_example_agency_is_the_users_own(coordinator, registry):
    data = download(coordinator, "people").worksheets[0]
    assert data["A2"].value == f"Ví dụ: {coordinator.agency.code}"


# --- Round trip: download, fill, import --------------------------------------------------------------------------

def exported_row(sheet) -> dict | None:
    """A row in scope as the export writes it ({header: value}), to type back into a template."""
    obj = sheet.queryset().order_by("pk").first()
    if obj is None:
        return None
    values = sheet.values(obj)
    row = {}
    for column in sheet.import_columns:
        value = values.get(column.name)
        if isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        row[column.header] = value
    return row


@pytest.mark.parametrize("kind", KINDS)
def test_a_template_filled_with_the_example_row_left_in_imports_the_rows_below_it(kind, actors, registry):
    user = actors["coordinator"]
    book = download(user, kind)
    sheet = sheet_for(kind, user)
    row = exported_row(sheet)
    result = imported(kind, user, fill(book, [row] if row else []))
    assert result.ok, [vars(e) for e in result.errors]
    assert result.total == (1 if row else 0)  # the example row is not a row of data
    if row is None:
        assert [w.message for w in result.warnings] == ["Tệp chỉ có dòng ví dụ; chưa có dòng dữ liệu nào để nhập."]


def test_new_rows_typed_under_the_example_land(coordinator, registry):
    code = registry["agency"].admin_unit.code
    book = download(coordinator, "villages")
    book.active = book["Hướng dẫn"]  # saved while reading the guide: the first sheet is still the one imported
    result = imported("villages", coordinator, fill(book, [
        {"Mã xã": code, "Tên thôn, tổ dân phố": "Thôn Mười", "Loại": "Thôn"},
        {"Mã xã": code, "Tên thôn, tổ dân phố": "Tổ dân phố Mười Một", "Loại": "Tổ dân phố"}]))
    assert result.ok and (result.total, result.created) == (2, 2)
    assert set(Village.objects.filter(agency=registry["agency"], name__contains="Mư").values_list("name", flat=True)) \
        == {"Thôn Mười", "Tổ dân phố Mười Một"}
    assert not Village.objects.filter(name="Thôn Nà Lang").exists()  # the example


def test_an_example_row_overwritten_whole_is_imported_and_one_edited_under_its_mark_is_reported(coordinator,
                                                                                               registry):
    code = registry["agency"].admin_unit.code
    book = download(coordinator, "villages")
    result = imported("villages", coordinator, fill(book, [
        {"Mã xã": code, "Tên thôn, tổ dân phố": "Thôn Dòng Hai", "Loại": "Thôn"}], start=2))
    assert result.ok and result.created == 1 and not result.warnings
    assert Village.objects.filter(name="Thôn Dòng Hai").exists()

    book = download(coordinator, "villages")
    result = imported("villages", coordinator, fill(book, [
        {"Mã xã": f"Ví dụ: {code}", "Tên thôn, tổ dân phố": "Thôn Sửa Nhầm", "Loại": "Thôn"}], start=2))
    assert result.ok and result.total == 0
    assert [(w.row, w.column) for w in result.warnings] == [(2, "Mã xã"), (2, "Mã xã")]
    assert "xoá chữ “Ví dụ:”" in result.warnings[0].message
    assert not Village.objects.filter(name="Thôn Sửa Nhầm").exists()


def test_a_phone_that_lost_its_leading_zero_is_imported_with_it_and_a_warning(coordinator, registry):
    team = registry["team"]
    upload = fill(download(coordinator, "team-members"), [
        {"Mã xã": team.agency.admin_unit.code, "Tên thôn, tổ dân phố": team.village.name, "Họ và tên": "Lò Văn Mới",
         "Điện thoại": 988000111, "Vai trò": "Trưởng thôn, tổ trưởng tổ dân phố"}])  # a number: Excel's lost 0
    page = client_for(coordinator).post(reverse("exchange:import", args=["team-members"]), {
        "file": SimpleUploadedFile("thanh-vien.xlsx", upload.read())}, follow=True).content.decode()
    assert "Đã nhập 1 dòng: 1 thêm mới" in page
    assert "Dòng 3, cột Điện thoại: Đã thêm số 0 đầu: 988000111 → 0988000111." in page
    member = TeamMember.objects.get(full_name="Lò Văn Mới")
    assert (member.phone, member.role) == ("0988000111", TeamMember.Role.VILLAGE_HEAD)
    assert ImportJob.objects.get(file_name="thanh-vien.xlsx").warnings == [
        {"row": 3, "column": "Điện thoại", "message": "Đã thêm số 0 đầu: 988000111 → 0988000111."}]


def test_the_form_and_the_api_put_the_lost_zero_back_too(coordinator, registry):
    team = registry["team"]
    client = client_for(coordinator)
    form = client.post(reverse("network:team-member-create", args=[team.pk]),
                       {"full_name": "Lò Văn Form", "phone": "988000111", "role": "volunteer"})
    assert form.status_code == 302, form.content
    assert TeamMember.objects.get(full_name="Lò Văn Form").phone == "0988000111"
    api = client.post("/api/v1/team-members/", {"team": registry["team"].pk, "full_name": "Lò Văn Api",
                                                "phone": "977 000 222", "role": "volunteer"}, format="json")
    assert api.status_code == 201, api.content
    assert api.json()["phone"] == "0977000222"


@pytest.mark.parametrize(("typed", "stored"), [
    ("988000111", "0988000111"), ("388 000 111", "0388000111"), ("0988000111", "0988000111"),
    ("+84 988 000 111", "0988000111"), ("84988000111", "0988000111"), ("02143840123", "02143840123")])
def test_one_rule_for_phones(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["188000111", "98800011", "2143840123", "12345"])
def test_a_number_that_is_not_a_mobile_without_its_zero_is_still_refused(typed):
    with pytest.raises(ValueError, match="không hợp lệ"):
        normalise_phone(typed)


def test_an_export_keeps_phone_and_code_columns_as_text_for_rows_added_to_it(coordinator, registry):
    response = client_for(coordinator).get(reverse("exchange:export", args=["team-members"]))
    data = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = {cell.value: cell.column_letter for cell in data[1]}
    assert data.column_dimensions[headers["Điện thoại"]].number_format == "@"
    assert data.column_dimensions[headers["Mã xã"]].number_format == "@"


def test_an_example_row_left_as_it_was_is_skipped_quietly_even_when_a_colleague_imports_the_file(actors, registry):
    book = download(actors["coordinator"], "people")  # the example names the coordinator's own agency
    result = imported("people", actors["sibling"], fill(book, []))
    assert result.ok and result.total == 0
    assert [w.message for w in result.warnings] == ["Tệp chỉ có dòng ví dụ; chưa có dòng dữ liệu nào để nhập."]


def test_the_file_marked_with_errors_keeps_phone_columns_as_text_for_the_fixes(coordinator, registry):
    upload = fill(download(coordinator, "team-members"), [
        {"Mã xã": registry["agency"].admin_unit.code, "Tên thôn, tổ dân phố": "Thôn Một", "Họ và tên": "Lò Văn Sai",
         "Điện thoại": "123", "Vai trò": "Tổ trưởng"}])
    result = imported("team-members", coordinator, upload)
    assert [(e.row, e.column) for e in result.errors] == [(3, "Điện thoại")]
    marked = load_workbook(io.BytesIO(spreadsheets.annotate(sheet_for("team-members", coordinator), upload,
                                                            result.errors))).active
    headers = {cell.value: cell.column_letter for cell in marked[1]}
    assert marked.column_dimensions[headers["Điện thoại"]].number_format == "@"
    assert str(marked["A2"].value).startswith("Ví dụ")  # fixed and sent again, the example is skipped again
