"""Success stories as a spreadsheet: one row per story of an agency in the importer's scope, keyed by (agency,
title, day); an import writes through the service as every other door does: new stories wait to be published, and
a published story changed by someone who may not publish is withdrawn until published again."""

from dxnet.agencies.models import Agency
from dxnet.core.spreadsheets import CellError, Column, Sheet, by_name_or_code, date, text
from dxnet.core.text import fold
from dxnet.people.members import AGENCY_CODE

from . import services
from .filters import SuccessStoryFilterSet
from .models import StoryArea, SuccessStory

AREA = "Lĩnh vực"


class SuccessStorySheet(Sheet):
    kind = "success-stories"
    title = "Mô hình, câu chuyện chuyển đổi số thành công"
    model = SuccessStory
    columns = [Column(AGENCY_CODE, "agency", text, width=24),
               Column("Tên mô hình, câu chuyện", "title", text, width=50),
               Column(AREA, "area", text, width=20), Column("Ngày", "date", date, width=12),
               Column("Tóm tắt", "summary", text, required=False, width=60),
               Column("Liên kết", "link", text, required=False, width=40),
               Column("Đã công bố", "published", text, required=False, export_only=True, width=10)]
    key = ("agency_id", "title", "date")
    filterset_class = SuccessStoryFilterSet

    def prepare(self, rows):
        codes = {row.get("agency") for row in rows}
        self.agencies = {a.code: a for a in Agency.objects.visible_to(self.user).filter(code__in=codes)}
        self.areas = by_name_or_code(StoryArea.objects.all())

    def resolve(self, values):
        agency = self.agencies.get(values["agency"])
        if agency is None:
            raise CellError(AGENCY_CODE, f"Không có cơ quan mã “{values['agency']}” trong phạm vi của bạn.")
        area = self.areas.get(fold(values["area"]))
        if area is None:
            raise CellError(AREA, f"Không có lĩnh vực “{values['area']}”; dùng tên hoặc mã trong danh mục.")
        return {"agency_id": agency.pk, "title": values["title"], "area_id": area.pk, "date": values["date"],
                "summary": values["summary"] or "", "link": values["link"] or ""}

    def write(self, rows, *, acting_user):
        return services.do_import_stories(rows, acting_user=acting_user)

    def queryset(self):
        return super().queryset().select_related("agency", "area")

    def values(self, story):
        return {"agency": story.agency.code, "title": story.title, "area": story.area.code, "date": story.date,
                "summary": story.summary, "link": story.link, "published": "Có" if story.published else "Không"}
