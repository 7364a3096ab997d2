"""The list to report to the Government / Prime Minister: obstacles beyond authority, as a DOCX annex laid out by
Nghị định 30/2020/NĐ-CP (the report it goes with numbered "…/BC-CĐSQG", signed by the Cục's head), grouped by
category, with the agencies that asked."""

import datetime
from itertools import groupby

from dxnet.core import documents
from dxnet.core.documents import DOCX  # noqa: F401 (the views' content type)

from . import routing
from .models import Obstacle

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def government_annex(day: datetime.date) -> bytes:
    rows = (Obstacle.objects.filter(beyond_authority=True).exclude(status=Obstacle.Status.CLOSED)
            .select_related("category", "agency").prefetch_related("handlers")
            .order_by("category__order", "category__code", "raised_on", "pk"))
    heading = documents.Heading(
        agency=routing.national_handler(), kind="Phụ lục", attached_to="Báo cáo",
        summary="Tổng hợp vướng mắc, kiến nghị vượt thẩm quyền, đề nghị Chính phủ, Thủ tướng Chính phủ xem xét, "
                "giải quyết", place="Hà Nội", day=day, recipients=["Thủ tướng Chính phủ", "Văn phòng Chính phủ"])
    document = documents.start(heading)
    count = 0
    for index, (category, items) in enumerate(groupby(rows, key=lambda o: o.category)):
        items = list(items)
        count += len(items)
        documents.paragraph(document, f"{ROMAN[index % len(ROMAN)]}. {category.name.upper()} ({len(items)})",
                            bold=True, indent=False)
        documents.table(document, ["STT", "Vướng mắc, kiến nghị", "Cơ quan nêu", "Ngày nêu", "Cơ quan đã xử lý"], [
            [number, f"{o.title}: {o.description}", o.agency.name, o.raised_on.strftime("%d/%m/%Y"),
             "; ".join(a.name for a in o.handlers.all())]
            for number, o in enumerate(items, start=1)], widths=[14, 58, 33, 28, 32])
    if not count:
        documents.paragraph(document, "Không có vướng mắc nào vượt thẩm quyền đang chờ giải quyết.")
    return documents.finish(document, heading)
