"""Official documents in DOCX laid out by Nghị định 30/2020/NĐ-CP: A4, Times New Roman, the header block (issuing
body, số và ký hiệu, quốc hiệu, tiêu ngữ, địa danh và ngày), the document type and its summary, "Nơi nhận" and the
signature block (quyền hạn, chức vụ, họ tên)."""

import datetime
import decimal
import io
import re
from dataclasses import dataclass, field
from typing import Protocol

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import numbers

FONT = "Times New Roman"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BLANK = "……"

# Nghị định 30/2020/NĐ-CP, Phụ lục III: the abbreviation of each kind of document in its symbol ("…/KH-UBND").
KIND_SYMBOLS = {
    "nghị quyết": "NQ", "quyết định": "QĐ", "chỉ thị": "CT", "quy chế": "QC", "quy định": "QyĐ",
    "thông cáo": "TC", "thông báo": "TB", "hướng dẫn": "HD", "chương trình": "CTr", "kế hoạch": "KH",
    "phương án": "PA", "đề án": "ĐA", "dự án": "DA", "báo cáo": "BC", "biên bản": "BB", "tờ trình": "TTr",
    "hợp đồng": "HĐ", "công điện": "CĐ", "bản ghi nhớ": "BGN", "bản thỏa thuận": "BTT", "giấy ủy quyền": "GUQ",
    "giấy mời": "GM", "giấy giới thiệu": "GGT", "phiếu gửi": "PG", "phiếu chuyển": "PC", "phiếu báo": "PB",
}
# Bodies whose abbreviation is fixed by use rather than by their initials.
FIXED_ABBREVIATIONS = {"ủy ban nhân dân": "UBND", "hội đồng nhân dân": "HĐND", "chính phủ": "CP",
                       "thủ tướng chính phủ": "TTg", "văn phòng chính phủ": "VPCP"}
# The place an agency's name ends with ("… tỉnh Lào Cai"): not part of its abbreviation.
_PLACE_IN_NAME = re.compile(r"\s+(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s.*$", re.IGNORECASE)
_UNIT_PREFIXES = ("Thành phố ", "Tỉnh ", "Huyện ", "Quận ", "Thị xã ", "Xã ", "Phường ", "Thị trấn ", "Đặc khu ")
# Who signs for a body, by the first words of its name: (collective body signed "TM.", head's title).
_HEADS = [("ủy ban nhân dân", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), ("hội đồng nhân dân", "HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH"),
          ("chính phủ", "CHÍNH PHỦ", "THỦ TƯỚNG"), ("bộ ", "", "BỘ TRƯỞNG"), ("tổng cục ", "", "TỔNG CỤC TRƯỞNG"),
          ("cục ", "", "CỤC TRƯỞNG"), ("vụ ", "", "VỤ TRƯỞNG"), ("sở ", "", "GIÁM ĐỐC"),
          ("văn phòng ", "", "CHÁNH VĂN PHÒNG"), ("trung tâm ", "", "GIÁM ĐỐC"), ("phòng ", "", "TRƯỞNG PHÒNG"),
          ("ban ", "", "TRƯỞNG BAN"), ("công an ", "", "GIÁM ĐỐC")]


class IssuingBody(Protocol):
    """What a document needs of the body that issues it (an agency): its name, the parent body above it and the
    administrative unit it serves (for the place name)."""

    code: str
    name: str

    def issuer_lines(self) -> list[tuple[str, dict]]:
        """The issuing body block of the header, line by line with its style."""


def _lowered(name: str) -> str:
    """A name in lower case with single spaces, "uỷ" spelled "ủy" (both spellings are in use)."""
    return " ".join(name.split()).lower().replace("uỷ", "ủy")


def issuer_abbreviation(body: IssuingBody) -> str:
    """The body's abbreviation in document symbols: "UBND" for a People's Committee, the initials of the rest
    otherwise ("Sở Khoa học và Công nghệ tỉnh Lào Cai" → "SKHCN", "Bộ Nội vụ" → "BNV"); a Cục signs with the
    initials of its own name ("Cục Chuyển đổi số quốc gia" → "CĐSQG")."""
    name = " ".join(body.name.split())
    lowered = _lowered(name)
    for prefix, abbreviation in FIXED_ABBREVIATIONS.items():
        if lowered == prefix or lowered.startswith(prefix + " "):
            return abbreviation
    own = _PLACE_IN_NAME.sub("", name)
    if own.lower().startswith("cục ") and len(own.split()) > 1:
        own = own[4:]
    words = [w for w in re.split(r"[\s\-–,&()]+", own) if w and w.lower() != "và"]
    # A word already abbreviated ("Sở KH&CN", "Văn phòng UBND") is kept whole.
    return "".join(w if len(w) > 1 and w.isupper() else w[0].upper() for w in words) or body.code.split("-")[0].upper()


def number_and_symbol(kind: str, body: IssuingBody, number: str = "") -> str:
    """"12/KH-UBND": a number already holding its symbol is kept; a bare or missing number gets the kind's and the
    issuer's abbreviations (a document not yet numbered shows "……/KH-UBND")."""
    number = number.strip()
    if "/" in number:
        return number
    symbol = KIND_SYMBOLS.get(kind.strip().lower())
    issuer = issuer_abbreviation(body)
    return f"{number or BLANK}/{symbol}-{issuer}" if symbol else f"{number or BLANK}/{issuer}"


def place_of(body) -> str:
    """The place name of the date line (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục I.4): the administrative unit
    where the issuing body sits — the province for a province's bodies, the commune for a commune's — without
    "Tỉnh", "Xã"…; a central body's is Hà Nội."""
    while body is not None:
        unit = getattr(body, "admin_unit", None)
        if unit is not None:
            name = unit.name
            for prefix in _UNIT_PREFIXES:
                if name.startswith(prefix):
                    return name.removeprefix(prefix)
            return name
        body = getattr(body, "parent", None)
    return "Hà Nội"


def signature_lines(body: IssuingBody, signer_title: str = "") -> list[str]:
    """The signature block's authority and title lines, in capitals: the given title ("Phó Giám đốc"), completed
    with "KT. GIÁM ĐỐC" for a deputy and "TM. ỦY BAN NHÂN DÂN" for a collective body; the body's head when no one
    is named yet."""
    lowered = _lowered(body.name)
    collective, head = next(((c, h) for prefix, c, h in _HEADS if lowered.startswith(prefix)),
                            ("", "THỦ TRƯỞNG CƠ QUAN"))
    lines = [line.strip().upper() for line in signer_title.split("/") if line.strip()] or [head]
    if lines[-1].startswith("PHÓ ") and not any(line.startswith("KT.") for line in lines):
        lines.insert(len(lines) - 1, f"KT. {lines[-1].removeprefix('PHÓ ')}")
    if collective and not any(line.startswith(("TM.", "Q.", "TL.", "TUQ.")) for line in lines):
        lines.insert(0, f"TM. {collective}")
    return lines


@dataclass
class Heading:
    """What the header, title and signature of a document say."""

    agency: IssuingBody
    kind: str  # "Kế hoạch", "Báo cáo", "Phụ lục"
    summary: str
    number: str = ""  # "12", "12/KH-UBND" or empty (not yet numbered)
    place: str = ""  # the issuing body's when empty
    day: datetime.date | None = None
    year: int | None = None
    signer_title: str = ""  # lines separated by "/": "KT. CHỦ TỊCH/PHÓ CHỦ TỊCH"; the body's head when empty
    signer_name: str = ""  # blank lines are left for signing when empty
    # "Như trên" only after a "Kính gửi" line, which these documents do not have: none by default.
    recipients: list[str] = field(default_factory=list)
    attached_to: str = ""  # an annex: the kind of document it goes with ("Báo cáo")

    @property
    def symbol_kind(self) -> str:
        return self.attached_to or self.kind

    @property
    def number_and_symbol(self) -> str:
        return number_and_symbol(self.symbol_kind, self.agency, self.number)


# XML 1.0 (a DOCX) has no control characters but tab and line breaks: one that reached a stored text (before the
# API refused them) is left out of the document rather than failing its export.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return NOT_IN_XML.sub("", text)


def paragraph(container, text: str = "", *, bold=False, italic=False, size=14, align=None, indent=True,
              space_after=6):
    """A body paragraph: justified with a first-line indent, or aligned as asked."""
    result = container.add_paragraph()
    if text:
        run = result.add_run(xml_text(text))
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    result.paragraph_format.space_after = Pt(space_after)
    result.paragraph_format.first_line_indent = Mm(10) if indent and align is None else None
    result.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    return result


def no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def cell_lines(cell, lines: list[tuple[str, dict]]) -> None:
    """Centred lines in a header cell, each with its own style (bold, italic, underline, size)."""
    cell.paragraphs[0].text = ""
    for index, (text, style) in enumerate(lines):
        line = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.paragraph_format.space_after = Pt(0)
        run = line.add_run(xml_text(text))
        run.bold, run.italic = style.get("bold", False), style.get("italic", False)
        run.underline = style.get("underline", False)
        run.font.size = Pt(style.get("size", 13))


def date_line(place: str, day: datetime.date | None, year: int | None = None) -> str:
    """"Lào Cai, ngày 05 tháng 02 năm 2026"; a document not yet signed leaves the day and month to be written."""
    place = place or BLANK
    if day is None:
        return f"{place}, ngày {BLANK} tháng {BLANK} năm {year or BLANK}"
    # Days below 10 and months below 3 take a leading zero (Nghị định 30/2020/NĐ-CP, Phụ lục I).
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def cell_text(value) -> str:
    """A table cell: numbers the Vietnamese way ("1.234", "0,5"), nothing as an empty cell. Years and codes are
    passed as text so that they are not grouped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | float | decimal.Decimal):
        return numbers.number(value)
    return str(value)


def table(document, headers: list[str], rows: list[list], *, size=11, widths: list[float] | None = None):
    """A bordered table with a bold header row; `widths` in millimetres (the text is 165 mm wide), equal columns
    otherwise."""
    result = document.add_table(rows=1, cols=len(headers))
    result.style = "Table Grid"
    for cell, header in zip(result.rows[0].cells, headers, strict=True):
        cell.text = xml_text(header)
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, value in zip(result.add_row().cells, row, strict=True):
            cell.text = xml_text(cell_text(value))
    for row in result.rows:
        for cell in row.cells:
            for line in cell.paragraphs:
                for run in line.runs:
                    run.font.size = Pt(size)
    if widths:
        result.autofit = False
        for column, width in zip(result.columns, widths, strict=True):
            column.width = Mm(width)  # the grid LibreOffice reads; Word reads the cells'
            for cell in column.cells:
                cell.width = Mm(width)
    return result


def section_heading(document, text: str) -> None:
    """A part of the document ("I. TÌNH HÌNH GỬI BÁO CÁO"): bold, flush left."""
    paragraph(document, text, bold=True, indent=False)


def start(heading: Heading):
    """A new A4 document with the header block, the document type and its summary."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    header.autofit = False
    no_borders(header)
    for index, width in enumerate((Mm(62), Mm(108))):
        header.columns[index].width = width
        for cell in header.columns[index].cells:
            cell.width = width
    cell_lines(header.cell(0, 0), heading.agency.issuer_lines())
    cell_lines(header.cell(0, 1), [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"bold": True, "size": 12}),
                                   ("Độc lập - Tự do - Hạnh phúc", {"bold": True, "underline": True, "size": 13})])
    cell_lines(header.cell(1, 0), [(f"Số: {heading.number_and_symbol}", {"size": 13})])
    cell_lines(header.cell(1, 1), [(date_line(heading.place or place_of(heading.agency), heading.day, heading.year),
                                    {"italic": True, "size": 14})])
    paragraph(document, "")
    paragraph(document, heading.kind.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    paragraph(document, heading.summary, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
              space_after=0 if heading.attached_to else 6)
    if heading.attached_to:
        # Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.4: an annex names the document it goes with.
        paragraph(document, f"(Kèm theo {heading.attached_to} số {heading.number_and_symbol} "
                            f"{date_line('', heading.day, heading.year).removeprefix(BLANK + ', ')} "
                            f"của {heading.agency.name})", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    return document


def finish(document, heading: Heading) -> bytes:
    """"Nơi nhận" on the left, the signature block on the right (quyền hạn, chức vụ, then room to sign and the
    name); the document as bytes."""
    paragraph(document, "")
    block = document.add_table(rows=1, cols=2)
    no_borders(block)
    recipients = block.cell(0, 0)
    recipients.paragraphs[0].text = ""
    run = recipients.paragraphs[0].add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    office = issuer_abbreviation(heading.agency)
    for line in [*(f"- {r};" for r in heading.recipients), f"- Lưu: VT, {office}."]:
        item = recipients.add_paragraph()
        item.paragraph_format.space_after = Pt(0)
        item.add_run(xml_text(line)).font.size = Pt(11)
    # Room for the signature and the seal: four blank lines whether or not the signer is known yet.
    cell_lines(block.cell(0, 1), [(line, {"bold": True, "size": 14})
                                  for line in signature_lines(heading.agency, heading.signer_title)]
               + [("", {})] * 4 + [(heading.signer_name, {"bold": True, "size": 14})])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
