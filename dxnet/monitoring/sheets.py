"""The milestones as a spreadsheet or CSV: `agency,milestone,achieved_on,document`."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core.spreadsheets import CellError, Column, Sheet, date, text

from .filters import MilestoneFilterSet
from .models import Milestone, MilestoneKind
from .services import DERIVED_ONLY, check_hand_entry, check_hand_kind, parse_milestone_code

AGENCY = "Cơ quan"
MILESTONE = "Mốc"


def hand_milestone_codes(sheet) -> list[str]:
    """The template's dropdown: every milestone typed by hand, a yearly one for the current year."""
    year = timezone.localdate().year
    return [f"{k.code}-{year}" if k.yearly else k.code for k in MilestoneKind.objects.all()
            if k.code not in DERIVED_ONLY]


class MilestoneSheet(Sheet):
    kind = "milestones"
    title = "Mốc đã đạt"
    model = Milestone
    columns = [Column(AGENCY, "agency", text, width=40, rule="Mã cơ quan, hoặc tên cơ quan khi không trùng tên."),
               Column(MILESTONE, "milestone", text, width=22, options=hand_milestone_codes,
                      rule="Mã mốc trong danh sách thả xuống; mốc theo năm ghi kèm năm (…-2025)."),
               Column("Ngày đạt", "achieved_on", date, width=12), Column("Văn bản", "document", text, required=False,
                                                                          width=50)]
    key = ("agency_id", "kind_id", "year")
    filterset_class = MilestoneFilterSet

    def prepare(self, rows):
        """Agencies of the user's scope by code, or by exact name when the name is not shared."""
        names = {row["agency"] for row in rows}
        visible = Agency.objects.visible_to(self.user)
        self.agencies = {a.code: a for a in visible.filter(code__in=names)}
        by_name: dict[str, list[Agency]] = {}
        for agency in visible.filter(name__in=names):
            by_name.setdefault(agency.name, []).append(agency)
        self.by_name = by_name
        self.kinds = {k.code: k for k in MilestoneKind.objects.all()}
        found = [*self.agencies.values(), *(a for same in by_name.values() for a in same)]
        self.derived = {(m.agency_id, m.kind_id, m.year): m for m in Milestone.objects.filter(
            agency__in=found, source_type__isnull=False).select_related("agency", "kind", "source_type")}

    def agency(self, value: str) -> Agency:
        if value in self.agencies:
            return self.agencies[value]
        found = self.by_name.get(value, [])
        if len(found) > 1:
            raise CellError(AGENCY, f"Có {len(found)} cơ quan tên “{value}”; hãy ghi mã cơ quan.")
        if not found:
            raise CellError(AGENCY, f"Không có cơ quan mã hoặc tên “{value}” trong phạm vi của bạn.")
        return found[0]

    def resolve(self, values):
        agency = self.agency(values["agency"])
        try:
            kind, year = parse_milestone_code(values["milestone"], self.kinds)
        except ValidationError as error:
            raise CellError(MILESTONE, " ".join(error.messages)) from None
        try:
            check_hand_kind(kind)
            check_hand_entry(self.derived.get((agency.id, kind.id, year)))
        except ValidationError as error:
            raise CellError(MILESTONE, " ".join(error.messages)) from None
        return {"agency_id": agency.id, "kind_id": kind.id, "year": year, "achieved_on": values["achieved_on"],
                "document": values["document"] or ""}

    def values(self, milestone: Milestone) -> dict:
        return {"agency": milestone.agency.code, "milestone": milestone.code, "achieved_on": milestone.achieved_on,
                "document": milestone.document}

    def queryset(self):
        return super().queryset().select_related("agency", "kind")

