"""Excel in and out for every registry: one column spec per kind serves the template, the import and the export.

An import reads every row, validates and resolves them all, and writes nothing unless every row is right;
errors name the row and the column, in Vietnamese. Writing is an upsert on the kind's natural key, so the
same file imported twice changes nothing, and an export is exactly the import format.
"""

import csv
import datetime
import functools
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from . import upload_guard
from .phone import normalise_phone
from .privacy import mask_phone, personal_data_kind, sees_contacts
from .text import fold

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Every kind that goes in and out of Excel, by the name used in URLs and on the command line; each app registers
# its own in `AppConfig.ready()`, so the engine knows no domain.
SHEETS: dict[str, type["Sheet"]] = {}
MAX_ROWS = upload_guard.MAX_ROWS


class CellError(ValueError):
    """A value that cannot be taken, with the header of its column."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


@dataclass(frozen=True)
class Column:
    header: str
    name: str
    parse: Callable[[Any], Any] = str
    required: bool = True
    width: int = 22
    export_only: bool = False  # informative (a name beside a code): written on export, ignored on import


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Cell parsers: each takes a non-empty cell value and returns it clean, or raises ValueError. ---------------

def text(value) -> str:
    clean = " ".join(str(value).split())
    if ILLEGAL_CHARACTERS_RE.search(clean):
        raise ValueError("Ô có ký tự điều khiển (như ký tự NUL) không được phép; hãy gõ lại nội dung.")
    return clean


def phone(value) -> str:
    return normalise_phone(str(value))


def date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(raw, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(f"Ngày “{raw}” không đúng dạng dd/mm/yyyy.")


def count(value) -> int:
    try:
        number = int(str(value).strip().replace(".", ""))
    except ValueError:
        raise ValueError(f"“{value}” không phải là số nguyên.") from None
    if number < 0:
        raise ValueError("Số phải lớn hơn hoặc bằng 0.")
    return number


def choice(choices) -> Callable[[Any], str]:
    """Accept a choice by its code or its Vietnamese label, whatever the case and diacritics."""
    by_word = {fold(str(label)): code for code, label in choices} | {fold(code): code for code, _ in choices}

    def parse(value) -> str:
        try:
            return by_word[fold(str(value))]
        except KeyError:
            labels = ", ".join(str(label) for _, label in choices)
            raise ValueError(f"“{value}” không có trong danh sách: {labels}.") from None
    return parse


def email(value) -> str:
    from django.core.validators import validate_email

    address = str(value).strip()
    try:
        validate_email(address)
    except Exception:
        raise ValueError(f"Thư điện tử “{address}” không hợp lệ.") from None
    return address


# --- Kinds ---------------------------------------------------------------------------------------------------

class Sheet:
    """One importable, exportable kind. Subclasses give the columns, how to resolve a row, and the key."""

    kind: str
    title: str
    model: type
    columns: list[Column]
    key: tuple[str, ...]
    filterset_class = None  # the list page's filters, reused by the export

    def __init__(self, user):
        self.user = user

    @property
    def personal_data(self) -> bool:
        """Exports are logged as reads of personal data when the model says it holds some."""
        return bool(personal_data_kind(self.model))

    # Import
    def prepare(self, rows: list[dict]) -> None:
        """Load what resolving the rows needs, in a few queries (codes in scope, parents, catalogues)."""

    def resolve(self, values: dict) -> dict:
        """Model attributes for one row of clean values; CellError names the column at fault."""
        raise NotImplementedError

    def check_row(self, row: dict) -> list[tuple[str, str]]:
        """The model's own rules on one resolved row (lengths, ranges, dates, `clean()`), as every other door applies
        them through `full_clean`; (column header, message) for each fault.

        Related rows were resolved within scope already and the key's uniqueness is checked for the whole file,
        so neither is queried row by row.
        """
        instance = self.instance(row)
        try:
            instance.full_clean(exclude=_unchecked_fields(self.model), validate_unique=False,
                                validate_constraints=False)
        except ValidationError as error:
            return [(self.header_of(name), message) for name, messages in error.message_dict.items()
                    for message in messages]
        return []

    def instance(self, row: dict):
        """The model object a resolved row describes, as `check_row` validates it."""
        return self.model(**{name: value for name, value in row.items() if not name.startswith("_")})

    def header_of(self, field_name: str) -> str:
        for column in self.import_columns:
            if column.name in (field_name, field_name.removesuffix("_id")):
                return column.header
        try:
            label = str(self.model._meta.get_field(field_name).verbose_name)
        except FieldDoesNotExist:
            return ""
        return label[:1].upper() + label[1:]

    def check_duplicates(self, rows: list[tuple[int, dict]], result: ImportResult) -> None:
        """Report rows whose natural key repeats in the file."""
        seen: dict[tuple, int] = {}
        for number, row in rows:
            key = tuple(row[k] for k in self.key)
            if key in seen:
                result.errors.append(RowError(number, self.columns[0].header,
                                              f"Trùng với dòng {seen[key]} trong cùng tệp."))
            seen.setdefault(key, number)

    def write(self, rows: list[dict], *, acting_user) -> tuple[int, int]:
        from .reference import upsert

        return upsert(self.model, rows, key=self.key, actor=acting_user,
                      queryset=self.model.objects.visible_to(acting_user))

    # Export
    def queryset(self):
        return self.model.objects.visible_to(self.user)

    def values(self, obj) -> dict:
        raise NotImplementedError

    @property
    def import_columns(self) -> list[Column]:
        return [c for c in self.columns if not c.export_only]


@functools.cache
def _unchecked_fields(model) -> tuple[str, ...]:
    return tuple(f.name for f in model._meta.concrete_fields if f.is_relation or not f.editable)


def register(*sheets: type[Sheet]) -> None:
    for sheet in sheets:
        SHEETS[sheet.kind] = sheet


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def row_count(sheet: Sheet, upload) -> int:
    """The rows of the first worksheet (or lines of a CSV file), counted with bounded work before any parse.

    Raises `UnsafeFile` for a file that no reader should open: the upload is then refused at once.
    """
    data = upload_guard.read_bytes(upload)
    if _is_csv(upload):
        lines = data.count(b"\n") + (not data.endswith(b"\n"))  # a quoted line break counts twice: an upper bound
        if lines > upload_guard.MAX_ROWS + 1:
            raise upload_guard.too_many_rows()
        return lines
    return upload_guard.check_xlsx(data, max_columns=_max_columns(sheet))


def _max_columns(sheet: Sheet) -> int:
    return len(sheet.columns) + upload_guard.MAX_EXTRA_COLUMNS


def by_name_or_code(queryset) -> dict:
    """A catalogue keyed by its folded names and codes, so a cell may hold either."""
    found = {}
    for item in queryset:
        found[fold(item.name)] = found[fold(item.code)] = item
    return found


def warn_same_names(rows: list[tuple[int, dict]], result: ImportResult, where: str) -> None:
    """Rows with the same name in the same agency are reported for a look, not merged nor blocked."""
    first_row: dict[tuple, int] = {}
    for number, row in rows:
        key = (row["agency_id"], fold(row.get("full_name") or row.get("name") or ""))
        if key in first_row:
            result.warnings.append(RowError(number, "Họ và tên",
                                            f"Cùng họ tên với dòng {first_row[key]} trong cùng {where}; hãy kiểm tra."))
        first_row.setdefault(key, number)


def _csv_rows(data: bytes, max_columns: int) -> Iterator[list[str]]:
    """The rows of a UTF-8 CSV file, without the comment lines (starting with #) that may head it."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise upload_guard.UnsafeFile("Tệp CSV phải dùng bảng mã UTF-8.") from None
    if "\x00" in content:
        raise upload_guard.UnsafeFile("Tệp CSV có ký tự NUL; hãy lưu lại tệp dạng CSV UTF-8 từ Excel.")
    lines = io.StringIO(content, newline="")
    for number, cells in enumerate(csv.reader(line for line in lines if not line.startswith("#")), start=1):
        if number > upload_guard.MAX_ROWS + 1:
            raise upload_guard.too_many_rows()
        if len(cells) > max_columns:
            raise upload_guard.too_many_columns(max_columns)
        yield cells


def _sheet_rows(sheet: Sheet, upload) -> Iterator[list]:
    """The rows of the first worksheet or of a CSV file, once the file has passed the upload guard.

    A workbook is read by calamine (Rust, an order of magnitude faster than openpyxl) in a child process with a
    memory and a time limit. Raises `UnsafeFile` with the reason in Vietnamese.
    """
    data = upload_guard.read_bytes(upload)
    if _is_csv(upload):
        return _checked_csv(_csv_rows(data, _max_columns(sheet)))
    upload_guard.check_xlsx(data, max_columns=_max_columns(sheet))
    return iter(upload_guard.read_xlsx(data))


def _checked_csv(rows: Iterator[list[str]]) -> Iterator[list[str]]:
    """The CSV rows, read to the end now so that a fault anywhere in the file is reported before any row."""
    try:
        return iter(list(rows))
    except csv.Error:
        raise upload_guard.UnsafeFile("Tệp CSV sai định dạng (dấu ngoặc kép không đóng, ô quá dài…).") from None


def _is_csv(upload) -> bool:
    return str(getattr(upload, "name", "")).lower().endswith(".csv")


def read_rows(sheet: Sheet, upload) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """The non-empty rows of the first worksheet (or of a CSV file) as (row number, {column name: raw value}).

    A column is found by its Vietnamese header or by its name (`agency`, `achieved_on`…), as a CSV may write it.
    """
    try:
        rows = _sheet_rows(sheet, upload)
    except upload_guard.UnsafeFile as error:
        return [], [RowError(0, "", error.message)]
    header = [fold(str(h)) if h is not None else "" for h in next(rows, ())]
    positions = {}
    errors = []
    for column in sheet.import_columns:
        for name in (fold(column.header), fold(column.name)):
            if name in header:
                positions[column.name] = header.index(name)
                break
        else:
            if column.required:
                errors.append(RowError(1, column.header, f"Thiếu cột “{column.header}”."))
    if errors:
        return [], errors
    found = []
    for number, cells in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            return [], [RowError(0, "", upload_guard.too_many_rows().message)]
        if not any(c not in (None, "") for c in cells):
            continue
        found.append((number, {name: cells[i] if i < len(cells) else None for name, i in positions.items()}))
    return found, []


def validate(sheet: Sheet, raw_rows: list[tuple[int, dict]], progress=None) -> tuple[list[dict], ImportResult]:
    """Parse and resolve every row; the rows are ready to write only when the result has no error."""
    result = ImportResult(total=len(raw_rows))
    columns = {c.name: c for c in sheet.import_columns}
    clean_rows = []
    for number, raw in raw_rows:
        values, bad = {}, False
        for name, column in columns.items():
            value = raw.get(name)
            if value is None or str(value).strip() == "":
                if column.required:
                    result.errors.append(RowError(number, column.header, "Không được để trống."))
                    bad = True
                values[name] = None
                continue
            try:
                values[name] = column.parse(value)
            except ValueError as error:
                result.errors.append(RowError(number, column.header, str(error)))
                bad = True
        if not bad:
            clean_rows.append((number, values))
    sheet.prepare([values for _, values in clean_rows])
    resolved = []
    for index, (number, values) in enumerate(clean_rows):
        try:
            row = sheet.resolve(values)
        except CellError as error:
            result.errors.append(RowError(number, error.column, str(error)))
            continue
        faults = sheet.check_row(row)
        result.errors.extend(RowError(number, column, message) for column, message in faults)
        if not faults:
            resolved.append((number, row))
        if progress and index % 1000 == 0:
            progress(index)
    sheet.check_duplicates(resolved, result)
    result.errors.sort(key=lambda e: (e.row, e.column))
    return [row for _, row in resolved], result


def import_file(sheet: Sheet, upload, *, acting_user, progress=None, on_read=None) -> ImportResult:
    """All or nothing: every row valid and written, or nothing written and every error reported.

    `on_read(total)` is told the number of rows once they are read; `progress(done)` as they are checked.
    """
    raw_rows, errors = read_rows(sheet, upload)
    if errors:
        return ImportResult(errors=errors)
    if on_read:
        on_read(len(raw_rows))
    rows, result = validate(sheet, raw_rows, progress)
    if result.ok:
        with transaction.atomic():
            result.created, result.updated = sheet.write(rows, acting_user=acting_user)
    return result


# --- Writing workbooks -----------------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")


def _cell(worksheet, value, **style):
    if isinstance(value, datetime.date):
        value = value.strftime("%d/%m/%Y")
    elif isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # a row stored before the rules held still exports
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text is never a formula, whatever it starts with
        cell.quotePrefix = True
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _new_sheet(sheet: Sheet, extra_headers=()):
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet.title[:31])
    for index, column in enumerate(sheet.columns):
        worksheet.column_dimensions[chr(ord("A") + index)].width = column.width
    worksheet.append([_cell(worksheet, c.header, font=_HEADER_FONT) for c in sheet.columns]
                     + [_cell(worksheet, h, font=_HEADER_FONT) for h in extra_headers])
    return workbook, worksheet


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook(sheets: dict[str, tuple[list[str], Iterable[list]]]) -> bytes:
    """A report workbook: one worksheet per title, a bold header row, text cells never read as formulas."""
    book = Workbook(write_only=True)
    for title, (headers, rows) in sheets.items():
        worksheet = book.create_sheet(title[:31])
        worksheet.append([_cell(worksheet, h, font=_HEADER_FONT) for h in headers])
        for row in rows:
            worksheet.append([_cell(worksheet, value) for value in row])
    return _save(book)


def template(sheet: Sheet) -> bytes:
    """An empty file with the headers of the kind."""
    workbook, _ = _new_sheet(sheet)
    return _save(workbook)


def export(sheet: Sheet, objects: Iterable) -> tuple[bytes, int]:
    """The rows in the import format; phones masked for a user who may not see contacts."""
    workbook, worksheet = _new_sheet(sheet)
    masked = set() if sees_contacts(sheet.user) else {c.name for c in sheet.columns if c.parse is phone}
    rows = 0
    for obj in objects:
        values = sheet.values(obj)
        for name in masked:
            values[name] = mask_phone(values.get(name) or "")
        worksheet.append([_cell(worksheet, values.get(c.name)) for c in sheet.columns])
        rows += 1
    return _save(workbook), rows


def annotate(sheet: Sheet, upload, errors: list[RowError]) -> bytes:
    """The uploaded rows with the faulty cells in red, a note on each, and a last column listing the errors."""
    by_row: dict[int, list[RowError]] = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(error)
    source = _sheet_rows(sheet, upload)  # the same guarded reading as the import that found the errors
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("Kết quả kiểm tra")
    header = []
    for number, cells in enumerate(source, start=1):
        if number == 1:
            header = [str(h or "") for h in cells]
            worksheet.append([_cell(worksheet, h, font=_HEADER_FONT) for h in header]
                             + [_cell(worksheet, "Lỗi", font=_HEADER_FONT)])
            continue
        row_errors = by_row.get(number, [])
        faulty = {fold(e.column): e.message for e in row_errors}
        out = []
        for index, value in enumerate(cells):
            cell = _cell(worksheet, value)
            message = faulty.get(fold(header[index])) if index < len(header) else None
            if message:
                cell.fill = _ERROR_FILL
                cell.comment = Comment(message, "dxnet")
            out.append(cell)
        out.append(_cell(worksheet, "; ".join(f"{e.column}: {e.message}" for e in row_errors) or None))
        worksheet.append(out)
    return _save(workbook)


def import_records(sheet: Sheet, records: list[dict], *, acting_user) -> ImportResult:
    """Import rows given as {column name: value} (demo data, scripts) through the same checks as a file."""
    rows, result = validate(sheet, list(enumerate(records, start=2)))
    if result.ok:
        with transaction.atomic():
            result.created, result.updated = sheet.write(rows, acting_user=acting_user)
    return result
