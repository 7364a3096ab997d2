"""Official documents in DOCX laid out by Nghị định 30/2020/NĐ-CP: A4, Times New Roman, the header block (issuing
body, số, quốc hiệu, tiêu ngữ, địa danh và ngày), the document type and its summary, "Nơi nhận" and the signature."""

import datetime
import io
from dataclasses import dataclass, field
from typing import Protocol

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class IssuingBody(Protocol):
    """What a document needs of the body that issues it (an agency)."""

    code: str

    def issuer_lines(self) -> list[tuple[str, dict]]:
        """The issuing body block of the header, line by line with its style."""


@dataclass
class Heading:
    """What the header, title and signature of a document say."""

    agency: IssuingBody
    kind: str  # "Kế hoạch", "Báo cáo"
    summary: str
    number: str = ""
    place: str = ""
    day: datetime.date | None = None
    year: int | None = None
    signer_title: str = ""  # lines separated by "/": "KT. CHỦ TỊCH/PHÓ CHỦ TỊCH"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=lambda: ["Như trên"])


def paragraph(container, text: str = "", *, bold=False, italic=False, size=14, align=None, indent=True,
              space_after=6):
    """A body paragraph: justified with a first-line indent, or aligned as asked."""
    result = container.add_paragraph()
    if text:
        run = result.add_run(text)
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
        run = line.add_run(text)
        run.bold, run.italic = style.get("bold", False), style.get("italic", False)
        run.underline = style.get("underline", False)
        run.font.size = Pt(style.get("size", 13))


def date_line(place: str, day: datetime.date | None, year: int | None = None) -> str:
    place = place or "……"
    if day is None:
        return f"{place}, ngày …… tháng …… năm {year or '……'}"
    # Days below 10 and months below 3 take a leading zero (Nghị định 30/2020/NĐ-CP, Phụ lục I).
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def table(document, headers: list[str], rows: list[list], *, size=11):
    """A bordered table with a bold header row."""
    result = document.add_table(rows=1, cols=len(headers))
    result.style = "Table Grid"
    for cell, header in zip(result.rows[0].cells, headers, strict=True):
        cell.text = header
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, value in zip(result.add_row().cells, row, strict=True):
            cell.text = "" if value is None else str(value)
    for row in result.rows:
        for cell in row.cells:
            for line in cell.paragraphs:
                for run in line.runs:
                    run.font.size = Pt(size)
    return result


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
    cell_lines(header.cell(1, 0), [(f"Số: {heading.number or '……'}", {"size": 13})])
    cell_lines(header.cell(1, 1), [(date_line(heading.place, heading.day, heading.year),
                                    {"italic": True, "size": 14})])
    paragraph(document, "")
    paragraph(document, heading.kind.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    paragraph(document, heading.summary, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    return document


def finish(document, heading: Heading) -> bytes:
    """"Nơi nhận" on the left, the signer on the right; the document as bytes."""
    block = document.add_table(rows=1, cols=2)
    no_borders(block)
    recipients = block.cell(0, 0)
    recipients.paragraphs[0].text = ""
    run = recipients.paragraphs[0].add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    office = heading.agency.code.split("-")[0].upper()
    for line in [*(f"- {r};" for r in heading.recipients), f"- Lưu: VT, {office}."]:
        recipients.add_paragraph().add_run(line).font.size = Pt(11)
    cell_lines(block.cell(0, 1), [(line, {"bold": True, "size": 14}) for line in
                                  heading.signer_title.upper().split("/") if line.strip()]
               + [("", {}), ("", {}), (heading.signer_name, {"bold": True, "size": 14})])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
