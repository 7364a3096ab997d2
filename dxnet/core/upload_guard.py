"""What an uploaded spreadsheet must pass before any reader opens it, and the reader's sandbox.

A 1.6 KB workbook can declare one cell at XFD1048576: the reader then allocates the whole range (half a terabyte)
and the process that asked aborts — the web server, the worker or the command line. So a file is first looked at
with bounded work: its size, its zip directory (entries, uncompressed size, compression ratio), and every XML part
read by a streaming parser that refuses DTDs and entities, with the first sheet's declared and real extent held
to the row and column limits. Only then is it parsed, and the parse runs in a child process with a memory and a
time limit, so that even a reader bug we do not know of ends in an error message and not in a dead server.
"""

import hashlib
import io
import os
import pickle
import posixpath
import re
import subprocess
import sys
import zipfile
from xml.parsers import expat

from django.conf import settings

MAX_ROWS = 200_000
MAX_EXTRA_COLUMNS = 50  # columns a file may carry beyond its kind's (notes, a copy of the error column…)
MAX_ENTRIES = 1_000  # parts in the zip; Excel writes a dozen
MAX_RATIO = 200  # uncompressed / compressed for a part above 1 MB; office XML stays under 30, a zip bomb is ~1000
MAX_DEPTH = 64  # XML nesting; a worksheet needs 7 (worksheet, sheetData, row, c, is, r, t)
_CHUNK = 1 << 16
_SMALL_PART = 1 << 22  # the workbook and its relationships: a few KB in a real file
_READER = os.path.join(os.path.dirname(__file__), "sheet_reader.py")

NOT_A_WORKBOOK = "Tệp không phải là tệp Excel (.xlsx) hoặc CSV hợp lệ."
DAMAGED = "Tệp Excel bị hỏng hoặc có cấu trúc không được hỗ trợ; hãy mở bằng Excel và lưu lại thành tệp .xlsx mới."


class UnsafeFile(ValueError):
    """A file refused before reading, with the Vietnamese reason shown to the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def max_spreadsheet_bytes() -> int:
    return min(settings.DXNET_MAX_SPREADSHEET_BYTES, settings.DXNET_MAX_UPLOAD_BYTES)


def too_many_rows() -> UnsafeFile:
    return UnsafeFile(f"Tệp có quá {MAX_ROWS:,} dòng; hãy chia nhỏ.".replace(",", "."))


def too_many_columns(limit: int) -> UnsafeFile:
    return UnsafeFile(f"Tệp có quá {limit} cột; hãy chỉ giữ các cột của mẫu nhập.")


def read_bytes(upload) -> bytes:
    """The whole upload, refused above the spreadsheet size limit without reading past it."""
    limit = max_spreadsheet_bytes()
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise UnsafeFile(f"Tệp lớn hơn {_megabytes(limit)}; hãy chia nhỏ tệp.")
    if not data:
        raise UnsafeFile("Tệp rỗng, không có dòng nào.")
    return data


# --- The zip and its XML parts -----------------------------------------------------------------------------------

def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except Exception:  # whatever a hostile directory makes zipfile raise, the answer is the same
        raise UnsafeFile(NOT_A_WORKBOOK) from None
    names = [entry.filename.replace("\\", "/").lower() for entry in entries]
    if len(entries) > MAX_ENTRIES or len(set(names)) < len(names):  # a part twice: which would the reader take?
        raise UnsafeFile(DAMAGED)
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > (1 << 20) and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise UnsafeFile("Tệp nén bất thường (dữ liệu giải nén lớn gấp hàng trăm lần); không đọc tệp này.")
    if total > settings.DXNET_MAX_SPREADSHEET_UNZIPPED_BYTES:
        raise UnsafeFile(f"Dữ liệu trong tệp vượt quá {_megabytes(settings.DXNET_MAX_SPREADSHEET_UNZIPPED_BYTES)} "
                         "khi giải nén; hãy chia nhỏ tệp.")
    return archive


def _refuse_dtd(*_args):
    raise UnsafeFile("Tệp có khai báo DOCTYPE hoặc thực thể XML; Excel không tạo ra các khai báo này.")


class _Depth:
    def __init__(self):
        self.depth = 0

    def start(self, _name, _attrs):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise UnsafeFile(DAMAGED)

    def end(self, _name):
        self.depth -= 1


def _parser():
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.ExternalEntityRefHandler = _refuse_dtd
    return parser


def _parse(archive: zipfile.ZipFile, name: str, parser) -> None:
    """Stream one part through the parser, never holding more than a chunk of it; a malformed part is refused."""
    read = 0
    limit = archive.getinfo(name).file_size
    try:
        with archive.open(name) as part:
            while chunk := part.read(_CHUNK):
                read += len(chunk)
                if read > limit:  # a directory that lies about the size
                    raise UnsafeFile(DAMAGED)
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except UnsafeFile:
        raise
    except Exception:  # malformed XML, a corrupt or encrypted part, an unknown compression: all a damaged file
        raise UnsafeFile(DAMAGED) from None


def _small_tree(archive: zipfile.ZipFile, name: str) -> list[tuple[str, dict]]:
    """The elements of a small part (workbook, relationships) as (name, attributes), read by the guarded parser."""
    elements = []
    parser = _parser()
    depth = _Depth()

    def start(element, attrs):
        depth.start(element, attrs)
        elements.append((element.rpartition(":")[2], attrs))
    parser.StartElementHandler, parser.EndElementHandler = start, depth.end
    _parse(archive, name, parser)
    return elements


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The part of the first worksheet, as the reader finds it: workbook order, through the relationships."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        raise UnsafeFile(NOT_A_WORKBOOK)
    if max(archive.getinfo(n).file_size for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")) > _SMALL_PART:
        raise UnsafeFile(DAMAGED)  # read whole below: a few KB in any real workbook
    sheets = [attrs for element, attrs in _small_tree(archive, "xl/workbook.xml") if element == "sheet"]
    targets = {attrs.get("Id"): attrs.get("Target", "")
               for element, attrs in _small_tree(archive, "xl/_rels/workbook.xml.rels") if element == "Relationship"}
    if not sheets:
        raise UnsafeFile(NOT_A_WORKBOOK)
    first = next((v for k, v in sheets[0].items() if k.endswith(":id") or k == "id"), None)
    target = targets.get(first, "")
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    if path not in names:
        raise UnsafeFile(NOT_A_WORKBOOK)
    return path


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter.upper()) - 64
    return number


def _split_reference(reference: str) -> tuple[int, int]:
    """'XFD1048576' → (row 1048576, column 16384); a reference that is not a cell raises UnsafeFile."""
    letters = reference.rstrip("0123456789")
    digits = reference[len(letters):]
    if not digits or not letters.isalpha() or not letters.isascii() or len(letters) > 3:
        raise UnsafeFile(DAMAGED)
    return int(digits), _column_number(letters)


_CELL = re.compile(r"([A-Za-z]{1,3})([0-9]{1,9})").fullmatch


class _Extent:
    """The first sheet's rows and columns as the reader will place them, checked as the parser meets them.

    Called for every element of the sheet, so kept to a few operations per cell: this is most of the guard's cost.
    """

    def __init__(self, max_rows: int, max_columns: int):
        self.max_rows, self.max_columns = max_rows, max_columns
        self.rows = self.row = self.column = self.depth = 0
        self.columns: dict[str, int] = {}  # letters → column number, met again on every row

    def start(self, name, attrs):
        self.depth += 1
        if name == "c" or name[-2:] == ":c":
            reference = attrs.get("r")
            if reference:
                cell = _CELL(reference)
                if cell is None:
                    raise UnsafeFile(DAMAGED)
                letters, digits = cell.groups()
                column = self.columns.get(letters) or self.columns.setdefault(letters, _column_number(letters))
                self.row, self.column = int(digits), column
            else:
                self.column += 1
            if self.row > self.max_rows:
                raise too_many_rows()
            if self.column > self.max_columns:
                raise too_many_columns(self.max_columns)
            if self.row > self.rows:
                self.rows = self.row
        elif self.depth > MAX_DEPTH:
            raise UnsafeFile(DAMAGED)
        elif name == "row" or name[-4:] == ":row":
            number = attrs.get("r")
            self.row = int(number) if number and number.isdigit() and len(number) < 10 else self.row + 1
            self.column = 0
            if self.row > self.max_rows:
                raise too_many_rows()
        elif name == "dimension" or name[-10:] == ":dimension":
            row, column = _split_reference(attrs.get("ref", "A1").split(":")[-1])
            if row > self.max_rows:
                raise too_many_rows()
            if column > self.max_columns:
                raise too_many_columns(self.max_columns)

    def end(self, _name):
        self.depth -= 1


_passed: dict[tuple[bytes, int], int] = {}  # files this process checked already: the web import counts, then reads


def check_xlsx(data: bytes, *, max_columns: int) -> int:
    """Refuse a workbook that could hurt the reader; the rows its first sheet really uses otherwise."""
    key = (hashlib.sha256(data).digest(), max_columns)
    if key not in _passed:
        if len(_passed) >= 16:
            _passed.pop(next(iter(_passed)))
        _passed[key] = _check_xlsx(data, max_columns)
    return _passed[key]


def _check_xlsx(data: bytes, max_columns: int) -> int:
    archive = _open_zip(data)
    sheet = _first_sheet(archive)
    for name in archive.namelist():
        if name == sheet or not name.endswith((".xml", ".rels")):
            continue
        parser = _parser()
        depth = _Depth()
        parser.StartElementHandler, parser.EndElementHandler = depth.start, depth.end
        _parse(archive, name, parser)
    extent = _Extent(MAX_ROWS + 1, max_columns)  # row 1 is the header
    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler = extent.start, extent.end
    _parse(archive, sheet, parser)
    return extent.rows


# --- Reading in a child process ----------------------------------------------------------------------------------

def read_xlsx(data: bytes) -> list[list]:
    """The first worksheet's rows, parsed by calamine in a child process under a memory and a time limit."""
    limits = [str(settings.DXNET_IMPORT_MEMORY_MB), str(settings.DXNET_IMPORT_SECONDS)]
    try:
        done = subprocess.run([sys.executable, "-I", _READER, *limits], input=data, capture_output=True,  # noqa: S603
                              timeout=settings.DXNET_IMPORT_SECONDS + 5, check=False)
    except subprocess.TimeoutExpired:
        raise UnsafeFile(f"Đọc tệp quá {settings.DXNET_IMPORT_SECONDS} giây; hãy chia nhỏ tệp.") from None
    if done.returncode == 2:
        raise UnsafeFile(NOT_A_WORKBOOK)
    if done.returncode != 0:
        raise UnsafeFile("Không đọc được tệp: tệp cần quá nhiều bộ nhớ hoặc thời gian để đọc; "
                         "hãy mở bằng Excel, xoá các ô thừa và lưu lại.")
    return pickle.loads(done.stdout)  # noqa: S301 - written by our own reader, from cells only
