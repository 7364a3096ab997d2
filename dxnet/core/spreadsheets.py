"""Excel in and out for every registry: one column spec per kind serves the template, the import and the export.

An import reads every row, validates and resolves them all, and writes nothing unless every row is right;
errors name the row and the column, in Vietnamese. Writing is an upsert on the kind's natural key, so the
same file imported twice changes nothing, and an export is exactly the import format.

A template guides whoever fills it, from what the columns declare: an example row (skipped on import), a dropdown
for each closed list, text cells for phones and codes (Excel keeps their leading 0), a prompt on each column and a
"Hướng dẫn" sheet with every column's rule. The import reads the first sheet only, so the guide sheets go after it.
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
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import upload_guard
from .phone import normalise_phone, restored_leading_zero
from .privacy import mask_phone, personal_data_kind, sees_contacts
from .scoping import CatalogueQuerySet
from .text import fold

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Every kind that goes in and out of Excel, by the name used in URLs and on the command line; each app registers
# its own in `AppConfig.ready()`, so the engine knows no domain.
SHEETS: dict[str, type["Sheet"]] = {}
MAX_ROWS = upload_guard.MAX_ROWS
# The template's example row starts with this; any row whose first cell starts with "Ví dụ" is skipped on import.
EXAMPLE_MARK = "Ví dụ: "
_EXAMPLE = "_example"  # the flag read_rows puts on such a row


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
    # What the template says of the column; when not given, the parser's own description (see `describe`).
    example: Any = None  # a value, or a function of the sheet (the user's own agency code…)
    rule: str = ""
    # A closed list offered as a dropdown: a function of the sheet giving the allowed values. `choice()` columns
    # and columns naming a shared catalogue (skill areas, job positions) have theirs without saying so.
    options: Callable[["Sheet"], Iterable[str]] | None = None


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

def describe(rule: str, example: Any = None, *, as_text: bool = True):
    """Say, for templates, how a parser's cells are filled: the rule shown in the guide, an example, and whether
    the cell is text in Excel (codes and phones keep their leading 0; numbers stay numbers)."""
    def mark(parse):
        parse.rule, parse.example, parse.as_text = rule, example, as_text
        return parse
    return mark


@describe("Chữ; khoảng trắng thừa được bỏ.")
def text(value) -> str:
    clean = " ".join(str(value).split())
    if ILLEGAL_CHARACTERS_RE.search(clean):
        raise ValueError("Ô có ký tự điều khiển (như ký tự NUL) không được phép; hãy gõ lại nội dung.")
    return clean


@describe("10 chữ số bắt đầu bằng 0 (di động 03, 05, 07, 08, 09…), được có dấu cách, chấm; +84 đổi thành 0. Ô dạng "
          "chữ để Excel giữ số 0 đầu; số di động mất số 0 đầu (còn 9 số) được tự thêm số 0, có cảnh báo.",
          "0912345678")
def phone(value) -> str:
    return normalise_phone(str(value))


@describe("Ngày dạng dd/mm/yyyy (ngày/tháng/năm).", "15/03/2025")
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


@describe("Số nguyên từ 0 trở lên, không có dấu phân cách.", 12, as_text=False)
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
            raise ValueError(f"“{value}” không có trong danh sách: {allowed_text(labels)}.") from None
    labels = [str(label) for _, label in choices]
    parse.options = labels
    return describe("Chọn một giá trị trong danh sách thả xuống (hoa, thường, có dấu hay không đều được).",
                    labels[0] if labels else None)(parse)


def allowed_text(values: Iterable[str]) -> str:
    """Allowed values in one line, separated by semicolons: labels may hold commas ("Trưởng thôn, tổ trưởng…")."""
    return "; ".join(f"“{value}”" for value in values)


@describe("Địa chỉ thư điện tử.", "nguyenvanan@laocai.gov.vn")
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
    guide_notes: tuple[str, ...] = ()  # what to know before filling the kind's template ("nhập thôn trước"…)

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
        row = {name: cells[i] if i < len(cells) else None for name, i in positions.items()}
        if is_example(cells):
            row[_EXAMPLE] = cells[0]
        found.append((number, row))
    return found, []


def is_example(cells) -> bool:
    """A row the template gave as an example: its first cell starts with "Ví dụ", whatever else it holds."""
    return bool(cells) and isinstance(cells[0], str) and fold(cells[0]).startswith("vi du")


def _skip_examples(sheet: Sheet, raw_rows: list[tuple[int, dict]], result: ImportResult) -> list[tuple[int, dict]]:
    """The rows without the example ones; an example row that was edited is reported, as its data is not taken."""
    rows = [(number, raw) for number, raw in raw_rows if _EXAMPLE not in raw]
    examples = [(number, raw) for number, raw in raw_rows if _EXAMPLE in raw]
    if not examples:
        return rows
    # Compared only where the example is the same for everybody: a colleague may import the file one downloaded.
    expected = {c.name: _folded(example_of(sheet, c)) for c in sheet.import_columns if not _users_own_example(c)}
    for number, raw in examples:
        values = {name: _folded(value) for name, value in raw.items() if name != _EXAMPLE}
        marked = next((name for name, value in raw.items() if name != _EXAMPLE and value == raw[_EXAMPLE]), None)
        if marked:
            values[marked] = _folded(str(raw[_EXAMPLE])[len(EXAMPLE_MARK):])
        if any(values.get(name, "") != value for name, value in expected.items()):
            result.warnings.append(RowError(
                number, sheet.import_columns[0].header,
                "Dòng ví dụ (ô đầu bắt đầu bằng “Ví dụ”) không được nhập dù đã được sửa; nếu là dữ liệu thật, "
                "hãy xoá chữ “Ví dụ:” ở ô đầu rồi nhập lại."))
    if not rows:
        result.warnings.append(RowError(examples[0][0], sheet.import_columns[0].header,
                                        "Tệp chỉ có dòng ví dụ; chưa có dòng dữ liệu nào để nhập."))
    return rows


def _users_own_example(column: Column) -> bool:
    return callable(column.example) or (column.example is None and column.name == "agency" and column.parse is text)


def _folded(value) -> str:
    if isinstance(value, datetime.date):
        value = value.strftime("%d/%m/%Y")
    return fold(str(value)) if value not in (None, "") else ""


def validate(sheet: Sheet, raw_rows: list[tuple[int, dict]], progress=None) -> tuple[list[dict], ImportResult]:
    """Parse and resolve every row; the rows are ready to write only when the result has no error."""
    result = ImportResult()
    raw_rows = _skip_examples(sheet, raw_rows, result)
    result.total = len(raw_rows)
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
                continue
            if column.parse is phone and restored_leading_zero(value):
                result.warnings.append(RowError(number, column.header,
                                                f"Đã thêm số 0 đầu: {value} → {values[name]}."))
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
    result.warnings.sort(key=lambda e: e.row)
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
        dimension = worksheet.column_dimensions[get_column_letter(index + 1)]
        dimension.width = column.width
        if getattr(column.parse, "as_text", True):  # rows added to an export keep their leading 0 too
            dimension.number_format = "@"
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


# --- Templates that guide ------------------------------------------------------------------------------------

GUIDE_TITLE = "Hướng dẫn"
LISTS_TITLE = "Danh mục"
LISTED_IN_GUIDE = 40  # allowed values written out in the guide; a longer list is only in the dropdown
_EXAMPLE_FONT = Font(italic=True, color="808080")
_WRAP = Alignment(wrap_text=True, vertical="top")
_LAST_ROW = 1_048_576  # Excel's last row: dropdowns and formats hold for every row a person may fill
# Excel refuses to open a file whose validation texts pass these lengths ("We found a problem with some content").
_TITLE_LIMIT, _MESSAGE_LIMIT = 32, 255


@dataclass
class ColumnGuide:
    """What a template says of one column, from what the column and its parser declare."""

    column: Column
    rule: str
    example: Any
    options: list[str]
    closed: bool  # a `choice()` list: Excel refuses anything else; a catalogue also takes codes, so only warns
    as_text: bool

    @property
    def requirement(self) -> str:
        if self.column.export_only:
            return "Chỉ để xem, bỏ qua khi nhập"
        return "Bắt buộc" if self.column.required else "Không bắt buộc"


def example_of(sheet: Sheet, column: Column) -> Any:
    """The column's value in the template's example row."""
    if column.example is not None:
        return column.example(sheet) if callable(column.example) else column.example
    if _users_own_example(column):  # every kind names its agency by code: the user's own
        return getattr(getattr(sheet.user, "agency", None), "code", "")
    example = getattr(column.parse, "example", None)
    if example is None and (options := _options(sheet, column)[0]):
        return options[0]
    return "" if example is None else example


def _options(sheet: Sheet, column: Column) -> tuple[list[str], bool]:
    """The allowed values of a closed list, and whether Excel must refuse any other."""
    if column.options is not None:
        return [str(value) for value in column.options(sheet)], False
    if hasattr(column.parse, "options"):
        return list(column.parse.options), True
    return _catalogue(sheet, column.name), False


def _catalogue(sheet: Sheet, name: str) -> list[str]:
    """The names of the shared catalogue (skill areas, job positions…) a column names, in its own order."""
    try:
        field = sheet.model._meta.get_field(name)
    except FieldDoesNotExist:
        return []
    if not field.many_to_one:
        return []
    entries = field.related_model._default_manager.all()
    if not isinstance(entries, CatalogueQuerySet):
        return []
    entries = entries.visible_to(sheet.user)
    if any(f.name == "is_active" for f in field.related_model._meta.fields):
        entries = entries.filter(is_active=True)
    return list(dict.fromkeys(entries.values_list("name", flat=True)))


def column_guides(sheet: Sheet) -> list[ColumnGuide]:
    guides = []
    for column in sheet.columns:
        options, closed = _options(sheet, column)
        # A parser that says nothing gets a plain hint, not its docstring: code speaks English, the guide Vietnamese.
        rule = (column.rule or getattr(column.parse, "rule", "")
                or "Ghi như dòng ví dụ, hoặc như tệp đã xuất từ hệ thống.")
        if column.name == "agency" and not column.rule and column.parse is text:
            rule = "Mã cơ quan (xem trên trang của cơ quan), ví dụ mã cơ quan của bạn."
        guides.append(ColumnGuide(column, rule, example_of(sheet, column), options, closed,
                                  getattr(column.parse, "as_text", True)))
    return guides


def _clip(message: str, limit: int) -> str:
    return message if len(message) <= limit else message[:limit - 1] + "…"


def _validation(guide: ColumnGuide, letter: str, list_letter: str | None) -> DataValidation:
    """The column's prompt (its rule) and, for a closed list, its dropdown read from the "Danh mục" sheet."""
    column = guide.column
    validation = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=_clip(column.header, _TITLE_LIMIT),
                                prompt=_clip(f"{guide.requirement}. {guide.rule}", _MESSAGE_LIMIT))
    if list_letter:
        validation.type = "list"
        validation.formula1 = f"'{LISTS_TITLE}'!${list_letter}$2:${list_letter}${len(guide.options) + 1}"
        validation.showErrorMessage = True
        validation.errorStyle = "stop" if guide.closed else "warning"
        validation.errorTitle = _clip(f"{column.header}: giá trị không có trong danh sách", _TITLE_LIMIT)
        listed = f"Chọn một giá trị trong danh sách: {allowed_text(guide.options)}."
        validation.error = listed if len(listed) <= _MESSAGE_LIMIT else (
            f"Chọn một trong {len(guide.options)} giá trị của danh sách thả xuống (xem sheet “{GUIDE_TITLE}”).")
    validation.add(f"{letter}2:{letter}{_LAST_ROW}")
    return validation


def template(sheet: Sheet) -> bytes:
    """The kind's headers, an example row to keep or delete, a dropdown on each closed list, text cells for phones
    and codes, and a guide sheet; the data sheet comes first, as the import reads only the first sheet."""
    book = Workbook()
    data = book.active
    data.title = sheet.title[:31]
    guide_sheet = book.create_sheet(GUIDE_TITLE)
    lists = book.create_sheet(LISTS_TITLE)
    guides = column_guides(sheet)
    listed = 0
    for index, guide in enumerate(guides, start=1):
        letter = get_column_letter(index)
        dimension = data.column_dimensions[letter]
        dimension.width = guide.column.width
        if guide.as_text:
            dimension.number_format = "@"
        data.cell(1, index, guide.column.header).font = _HEADER_FONT
        value = guide.example
        if isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        if index == 1:
            value = f"{EXAMPLE_MARK}{value}"
        cell = data.cell(2, index, value if value != "" else None)
        cell.font = _EXAMPLE_FONT
        if guide.as_text:
            cell.number_format = "@"
        list_letter = None
        if guide.options and not guide.column.export_only:
            listed += 1
            list_letter = get_column_letter(listed)
            lists.cell(1, listed, guide.column.header).font = _HEADER_FONT
            for row, option in enumerate(guide.options, start=2):
                lists.cell(row, listed, option).number_format = "@"
        data.add_data_validation(_validation(guide, letter, list_letter))
    data["A2"].comment = Comment(
        "Dòng ví dụ: khi nhập, dòng có ô đầu bắt đầu bằng “Ví dụ” được bỏ qua. Có thể giữ hoặc xoá dòng này; "
        "muốn ghi dữ liệu thật vào dòng này thì xoá cả chữ “Ví dụ:” ở ô đầu.", "dxnet", width=300, height=110)
    data.freeze_panes = "A2"
    _write_guide(guide_sheet, sheet, guides)
    if listed:
        lists.sheet_state = "hidden"
    else:
        book.remove(lists)
    book.active = 0
    return _save(book)


def _write_guide(worksheet, sheet: Sheet, guides: list[ColumnGuide]) -> None:
    data_title = sheet.title[:31]
    notes = [
        f"Điền dữ liệu vào sheet “{data_title}” (sheet đầu tiên), mỗi dòng một bản ghi, từ dòng 3. Khi nhập, chỉ sheet "
        "đầu tiên được đọc: đừng chuyển sheet khác lên trước; sheet Hướng dẫn và Danh mục được bỏ qua.",
        "Giữ nguyên dòng tiêu đề (dòng 1). Các cột được tìm theo tiêu đề nên có thể đổi thứ tự; cột thừa được bỏ qua.",
        "Dòng 2 (chữ xám nghiêng, ô đầu bắt đầu bằng “Ví dụ:”) là dòng ví dụ: dòng nào có ô đầu bắt đầu bằng "
        "“Ví dụ” đều được bỏ qua khi nhập. Có thể giữ hoặc xoá; muốn ghi dữ liệu thật vào dòng này thì xoá cả chữ "
        "“Ví dụ:” ở ô đầu.",
        "Cột có danh sách thả xuống chỉ nhận giá trị trong danh sách. Số điện thoại và các mã để ở dạng chữ (Text) "
        "để Excel giữ số 0 đầu.",
        "Nhập là tất cả hoặc không: nếu có dòng sai, không dòng nào được ghi và tệp kết quả tô đỏ ô sai kèm lý do. "
        "Nhập lại cùng tệp không tạo bản ghi trùng.",
        *sheet.guide_notes,
    ]
    worksheet.append([f"Hướng dẫn điền mẫu: {sheet.title}"])
    worksheet["A1"].font = Font(bold=True, size=13)
    for note in notes:
        worksheet.append([f"• {note}"])
        worksheet.merge_cells(start_row=worksheet.max_row, start_column=1, end_row=worksheet.max_row, end_column=5)
        worksheet.cell(worksheet.max_row, 1).alignment = _WRAP
        worksheet.row_dimensions[worksheet.max_row].height = 15 * (1 + len(note) // 110)
    worksheet.append([])
    worksheet.append(["Cột", "Bắt buộc", "Quy tắc, định dạng", "Giá trị được phép", "Ví dụ"])
    for cell in worksheet[worksheet.max_row]:
        cell.font = _HEADER_FONT
    for guide in guides:
        if not guide.options:
            allowed = ""
        elif len(guide.options) <= LISTED_IN_GUIDE:
            allowed = "\n".join(guide.options)
        else:
            allowed = f"{len(guide.options)} giá trị: chọn trong danh sách thả xuống."
        example = guide.example.strftime("%d/%m/%Y") if isinstance(guide.example, datetime.date) else guide.example
        worksheet.append([guide.column.header, guide.requirement, guide.rule, allowed, example])
        for cell in worksheet[worksheet.max_row]:
            cell.alignment = _WRAP
            cell.number_format = "@"
    for letter, width in zip("ABCDE", (26, 16, 60, 40, 24), strict=True):
        worksheet.column_dimensions[letter].width = width


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
            as_text = {fold(c.header) for c in sheet.columns if getattr(c.parse, "as_text", True)}
            for index, title in enumerate(header, start=1):  # a phone retyped while fixing keeps its leading 0
                if fold(title) in as_text:
                    worksheet.column_dimensions[get_column_letter(index)].number_format = "@"
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
