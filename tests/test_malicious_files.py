"""Files cannot hurt: malformed and hostile spreadsheets get a clear Vietnamese error, nothing is written, and the
process that received them lives on — through the web import, the background job and `dxnet import`.

The files are built here with zipfile from hand-written XML, the way an attacker would write them.
"""

import io
import os
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxnet.core import spreadsheets, upload_guard
from dxnet.core.exchange import sheet_for
from dxnet.core.models import AuditEntry, ImportJob
from dxnet.network.models import TeamMember

from .conftest import client_for

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>')
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Thành viên" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="sharedStrings.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>')
HEADERS = ["Mã xã", "Tên thôn, tổ dân phố", "Họ và tên", "Điện thoại", "Vai trò"]


def cell(reference: str, value: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>'


HEADER_ROW = '<row r="1">' + "".join(cell(f"{c}1", h) for c, h in zip("ABCDE", HEADERS, strict=True)) + "</row>"


def worksheet(rows: str, dimension: str | None = None, prolog: str = "") -> str:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">{declared}'
            f"<sheetData>{HEADER_ROW}{rows}</sheetData></worksheet>")


def xlsx(sheet: str, shared_strings: str = f'<sst xmlns="{MAIN}" count="0" uniqueCount="0"/>',
         extra: dict[str, bytes] | None = None) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared_strings)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return data.getvalue()


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
          + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)) + "]>")
TOO_MANY_ROWS = "Tệp có quá 200.000 dòng; hãy chia nhỏ."
TOO_MANY_COLUMNS = "Tệp có quá {} cột; hãy chỉ giữ các cột của mẫu nhập."
BOMB = "Tệp nén bất thường (dữ liệu giải nén lớn gấp hàng trăm lần); không đọc tệp này."
DTD = "Tệp có khai báo DOCTYPE hoặc thực thể XML; Excel không tạo ra các khai báo này."
NOT_UTF8 = "Tệp CSV phải dùng bảng mã UTF-8."
CSV_HEADER = ",".join(f'"{h}"' for h in HEADERS) + "\n"


def _zip(parts: dict[str, bytes]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return data.getvalue()


def _duplicate_sheet() -> bytes:
    """The sheet twice in the zip: a harmless one for the guard, the far cell for a reader that takes the other."""
    data = io.BytesIO(xlsx(worksheet(f'<row r="1048576">{cell("XFD1048576", "x")}</row>')))
    with warnings.catch_warnings(), zipfile.ZipFile(data, "a") as archive:
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name, which is the point
        archive.writestr("xl/worksheets/sheet1.xml", worksheet(""))
    return data.getvalue()


def _corrupt_sheet() -> bytes:
    """A workbook whose sheet's compressed bytes are damaged in the middle."""
    data = bytearray(xlsx(worksheet("".join(f'<row r="{n}">{cell(f"C{n}", f"Người {n}")}</row>'
                                            for n in range(2, 500)))))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    data[start:start + 40] = bytes(range(40))
    return bytes(data)


# name → (how to build the file, the error its sender reads). Built on demand: some take a second to compress.
MALICIOUS = {
    # One cell at the last row and column: 1.6 KB that made the reader ask for 512 GB and abort.
    "far-cell-declared.xlsx": (lambda: xlsx(worksheet(f'<row r="1048576">{cell("XFD1048576", "x")}</row>',
                                                      "A1:XFD1048576")), TOO_MANY_ROWS),
    "far-cell-undeclared.xlsx": (lambda: xlsx(worksheet(f'<row r="1048576">{cell("XFD1048576", "x")}</row>')),
                                 TOO_MANY_ROWS),
    "far-column.xlsx": (lambda: xlsx(worksheet(f'<row r="2">{cell("XFD2", "x")}</row>')), TOO_MANY_COLUMNS),
    "far-cell-without-reference.xlsx": (
        lambda: xlsx(worksheet('<row r="900000"><c t="inlineStr"><is><t>x</t></is></c></row>')), TOO_MANY_ROWS),
    "declared-only.xlsx": (lambda: xlsx(worksheet("", "A1:E5000000")), TOO_MANY_ROWS),
    "million-empty-rows.xlsx": (lambda: xlsx(worksheet("".join(f'<row r="{n}"/>' for n in range(2, 1_000_002)))),
                                TOO_MANY_ROWS),
    "huge-shared-string.xlsx": (
        lambda: xlsx(worksheet('<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
                     f'<sst xmlns="{MAIN}"><si><t>{"A" * 60_000_000}</t></si></sst>'), BOMB),
    "zip-bomb.xlsx": (lambda: xlsx(worksheet(""), extra={"xl/media/image1.png": bytes(50_000_000)}), BOMB),
    "deep-xml.xlsx": (lambda: xlsx(worksheet('<row r="2">' + "<x>" * 100_000 + "</x>" * 100_000 + "</row>")),
                      upload_guard.DAMAGED),
    "billion-laughs-sheet.xlsx": (lambda: xlsx(worksheet(f'<row r="2">{cell("A2", "&lol9;")}</row>', prolog=LAUGHS)),
                                  DTD),
    "billion-laughs-strings.xlsx": (
        lambda: xlsx(worksheet(""), f'<?xml version="1.0"?>{LAUGHS}<sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'),
        DTD),
    "nul-in-xml.xlsx": (lambda: xlsx(worksheet('<row r="2">' + cell("C2", "Nguyễn\x00Văn") + "</row>")),
                        upload_guard.DAMAGED),
    "duplicate-part.xlsx": (_duplicate_sheet, upload_guard.DAMAGED),
    "corrupt-part.xlsx": (_corrupt_sheet, upload_guard.DAMAGED),
    "not-a-zip.xlsx": (lambda: b"PK\x03\x04 not really a workbook" * 10, upload_guard.NOT_A_WORKBOOK),
    "zip-without-workbook.xlsx": (lambda: _zip({"ghi-chu.txt": b"xin chao"}), upload_guard.NOT_A_WORKBOOK),
    "utf16.csv": (lambda: (CSV_HEADER + "02647,Thôn Một,Lê Thị Hà,0912345678,Tổ trưởng\n").encode("utf-16"),
                  NOT_UTF8),
    "latin1.csv": (lambda: "Mã xã,Tên thôn\n02647,Thôn Ba\n".encode("latin-1"), NOT_UTF8),  # old Excel "CSV"
    "nul.csv": (lambda: (CSV_HEADER + "02647,Thôn\x00 Một,A,0912345678,Tổ trưởng\n").encode(),
                "Tệp CSV có ký tự NUL; hãy lưu lại tệp dạng CSV UTF-8 từ Excel."),
    "million-empty-rows.csv": (lambda: CSV_HEADER.encode() + b",,,,\n" * 1_000_000, TOO_MANY_ROWS),
    "endless-quote.csv": (lambda: CSV_HEADER.encode() + b'"' + b"a" * 200_000 + b"\n",
                          "Tệp CSV sai định dạng (dấu ngoặc kép không đóng, ô quá dài…)."),
    "wide.csv": (lambda: CSV_HEADER.encode() + b"," * 5_000 + b"\n", TOO_MANY_COLUMNS),
}


def expected(name: str) -> str:
    message = MALICIOUS[name][1]
    columns = len(sheet_for("team-members", None).columns) + upload_guard.MAX_EXTRA_COLUMNS
    return message.format(columns) if message == TOO_MANY_COLUMNS else message


@pytest.fixture
def nothing_written(db):
    counts = TeamMember.objects.count(), AuditEntry.objects.count()
    yield
    assert (TeamMember.objects.count(), AuditEntry.objects.count()) == counts


@pytest.mark.django_db
@pytest.mark.parametrize("name", MALICIOUS)
def test_the_web_import_refuses_a_malicious_file_with_a_clear_error(name, coordinator, registry, nothing_written):
    response = client_for(coordinator).post(reverse("exchange:import", args=["team-members"]),
                                            {"file": SimpleUploadedFile(name, MALICIOUS[name][0]())}, follow=True)
    assert response.status_code == 200
    job = ImportJob.objects.get(file_name=name)
    assert (job.status, job.errors) == (ImportJob.Status.FAILED, [{"row": 0, "column": "", "message": expected(name)}])
    page = response.content.decode()
    assert expected(name) in page and "<td>Cả tệp</td>" in page
    assert not job.file  # a refused upload is not kept


@pytest.mark.django_db
def test_an_empty_file_is_refused_by_the_form(coordinator, nothing_written):
    response = client_for(coordinator).post(reverse("exchange:import", args=["team-members"]),
                                            {"file": SimpleUploadedFile("rong.xlsx", b"")})
    assert response.status_code == 200 and "rỗng" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert spreadsheets.read_rows(sheet_for("team-members", coordinator), io.BytesIO())[1][0].message == (
        "Tệp rỗng, không có dòng nào.")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["far-cell-declared.xlsx", "far-cell-undeclared.xlsx", "zip-bomb.xlsx",
                                  "billion-laughs-sheet.xlsx", "million-empty-rows.csv"])
def test_the_background_worker_survives_a_malicious_file(name, coordinator, registry, nothing_written):
    """A file queued before the guard existed (or let through by a bug) fails its job; the worker goes on."""
    from django.core.files.base import ContentFile

    from dxnet.core.exchange import process_import

    job = ImportJob(kind="team-members", actor=coordinator, file_name=name, background=True)
    job.file.save(name, ContentFile(MALICIOUS[name][0]()))
    process_import.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.errors[0]["message"]) == (ImportJob.Status.FAILED, expected(name))
    assert not job.file


def test_the_reader_in_its_child_process_dies_alone(settings):
    """Past the guard, the parse itself is sandboxed: the far cell read without the guard kills only the child."""
    settings.DXNET_IMPORT_MEMORY_MB = 512
    with pytest.raises(upload_guard.UnsafeFile, match="cần quá nhiều bộ nhớ hoặc thời gian"):
        upload_guard.read_xlsx(MALICIOUS["far-cell-undeclared.xlsx"][0]())
    assert upload_guard.read_xlsx(xlsx(worksheet(f'<row r="2">{cell("A2", "02647")}</row>')))[1][0] == "02647"


def test_a_reading_past_its_time_limit_is_an_error(settings, monkeypatch):
    def too_slow(command, **options):
        assert options["timeout"] == settings.DXNET_IMPORT_SECONDS + 5 and command[-1] == "30"
        raise subprocess.TimeoutExpired(command, options["timeout"])
    settings.DXNET_IMPORT_SECONDS = 30
    monkeypatch.setattr(upload_guard.subprocess, "run", too_slow)
    with pytest.raises(upload_guard.UnsafeFile, match="Đọc tệp quá 30 giây; hãy chia nhỏ tệp."):
        upload_guard.read_xlsx(xlsx(worksheet("")))


def test_counting_rows_is_guarded_too():
    sheet = sheet_for("team-members", None)
    with pytest.raises(upload_guard.UnsafeFile, match=TOO_MANY_ROWS):
        spreadsheets.row_count(sheet, io.BytesIO(MALICIOUS["far-cell-declared.xlsx"][0]()))
    big = io.BytesIO(b"x" * (20 * 1024 * 1024 + 1))
    with pytest.raises(upload_guard.UnsafeFile, match="Tệp lớn hơn 20 MB; hãy chia nhỏ tệp."):
        spreadsheets.row_count(sheet, big)


@pytest.mark.parametrize("name", ["far-cell-declared.xlsx", "far-cell-undeclared.xlsx", "billion-laughs-sheet.xlsx",
                                  "utf16.csv"])
def test_the_command_line_import_exits_with_an_error_not_an_abort(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(MALICIOUS[name][0]())
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DXNET_VAR_DIR": str(tmp_path / "var")}
    done = subprocess.run([str(Path(sys.executable).with_name("dxnet")), "import", "team-members", str(path)],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 1, done.stderr[-2000:]
    assert f"Tệp bị từ chối: {expected(name)}" in done.stderr and "không nhập dòng nào" in done.stderr
