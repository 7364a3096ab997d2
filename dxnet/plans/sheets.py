"""Indicator values and disbursements as spreadsheets: all or nothing, errors by row and column, through the same
checks and services as the forms and the API."""

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from dxnet.core.spreadsheets import CellError, Column, ImportResult, RowError, Sheet, count, date, text

from .access import may_manage_plan
from .filters import DisbursementFilterSet, IndicatorValueFilterSet
from .models import Disbursement, Indicator, IndicatorValue, Plan, Project
from .services.budget import check_disbursement, do_record_disbursement, over_warning
from .services.measures import check_indicator_value, do_declare_indicator_value

AGENCY = "Mã cơ quan ban hành kế hoạch"
YEAR = "Năm kế hoạch"
CODE = "Mã chỉ tiêu"
PROJECT = "Mã dự án"
AMOUNT = "Số đã giải ngân (triệu đồng)"
NOT_YOURS = "Chỉ cơ quan ban hành kế hoạch được kê khai số liệu của kế hoạch này."


def number(value) -> Decimal:
    """A figure as Excel holds it (a number) or as a person types it ("1.500,5", "85,5", "-3")."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value))
    raw = str(value).strip().replace(" ", "")
    if "," in raw:  # Vietnamese: dots group thousands, the comma is the decimal mark
        raw = raw.replace(".", "").replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"“{value}” không phải là số.") from None


def year(value) -> int:
    """A year as typed: its bounds are the model's (one message, as the form and the API give it)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(f"“{value}” không phải là năm.") from None


def _first(error: ValidationError) -> tuple[str, str]:
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.message_dict.items()))
        return field, messages[0]
    return "", error.messages[0]


class IndicatorValueSheet(Sheet):
    kind = "indicator-values"
    title = "Giá trị chỉ tiêu"
    model = IndicatorValue
    columns = [Column(AGENCY, "agency", text, width=22), Column(YEAR, "year", count, width=10),
               Column(CODE, "code", text, width=24),
               Column("Chỉ tiêu", "name", text, required=False, export_only=True, width=40),
               Column("Tính đến ngày", "on", date, width=14), Column("Giá trị", "value", number, width=12),
               Column("Ghi chú, lý do điều chỉnh", "note", text, required=False, width=40)]
    key = ("indicator_id", "on")
    filterset_class = IndicatorValueFilterSet

    def prepare(self, rows):
        """The indicators the rows name, among the plans the user sees (one query)."""
        agencies, codes = {r["agency"] for r in rows}, {r["code"] for r in rows}
        self.indicators: dict[tuple, list[Indicator]] = defaultdict(list)
        for indicator in (Indicator.objects.visible_to(self.user).exclude(plan__status=Plan.Status.WITHDRAWN)
                          .filter(plan__agency__code__in=agencies, code__in=codes).select_related("plan__agency")):
            self.indicators[(indicator.plan.agency.code, indicator.code)].append(indicator)

    def indicator(self, values) -> Indicator:
        found = [i for i in self.indicators.get((values["agency"], values["code"]), [])
                 if i.plan.year <= values["year"] <= i.plan.until_year]
        if not found:
            raise CellError(CODE, f"Không có chỉ tiêu mã “{values['code']}” trong kế hoạch năm {values['year']} của "
                                  f"cơ quan “{values['agency']}” (hoặc kế hoạch nằm ngoài phạm vi của bạn).")
        if len(found) > 1:
            raise CellError(CODE, f"Có {len(found)} kế hoạch năm {values['year']} cùng có chỉ tiêu mã "
                                  f"“{values['code']}”; hãy kê khai trên trang của chỉ tiêu.")
        return found[0]

    def resolve(self, values):
        indicator = self.indicator(values)
        if not may_manage_plan(indicator.plan, self.user):
            raise CellError(CODE, NOT_YOURS)
        try:
            check_indicator_value(indicator, values["on"], values["value"], values["note"] or "")
        except ValidationError as error:
            field, message = _first(error)
            raise CellError(self.header_of(field), message) from None
        return {"indicator_id": indicator.pk, "on": values["on"], "value": values["value"],
                "note": values["note"] or "", "_indicator": indicator}

    def write(self, rows, *, acting_user):
        for row in rows:
            do_declare_indicator_value(row["_indicator"], acting_user=acting_user, on=row["on"], value=row["value"],
                                       note=row["note"])
        return len(rows), 0

    def queryset(self):
        return super().queryset().select_related("indicator__plan__agency")

    def values(self, row: IndicatorValue) -> dict:
        indicator = row.indicator
        return {"agency": indicator.plan.agency.code, "year": indicator.plan.year, "code": indicator.code,
                "name": indicator.name, "on": row.on, "value": float(row.value), "note": row.note}


class DisbursementSheet(Sheet):
    kind = "disbursements"
    title = "Giải ngân dự án"
    model = Disbursement
    columns = [Column(PROJECT, "project", count, width=10),
               Column("Tên nhiệm vụ, dự án", "name", text, required=False, export_only=True, width=50),
               Column("Năm giải ngân", "year", year, width=10), Column(AMOUNT, "amount", number, width=16),
               Column("Số liệu đến ngày", "declared_on", date, width=14)]
    key = ("project_id", "year")
    filterset_class = DisbursementFilterSet

    def prepare(self, rows):
        ids = {r["project"] for r in rows if r["project"] is not None}
        self.projects = {p.pk: p for p in Project.objects.visible_to(self.user).filter(pk__in=ids)
                         .select_related("task__plan__agency")}

    def resolve(self, values):
        project = self.projects.get(values["project"])
        if project is None:
            raise CellError(PROJECT, f"Không có dự án mã {values['project']} trong phạm vi của bạn.")
        if not may_manage_plan(project.task.plan, self.user):
            raise CellError(PROJECT, NOT_YOURS)
        try:
            check_disbursement(project, values["year"], values["amount"], values["declared_on"])
        except ValidationError as error:
            field, message = _first(error)
            raise CellError(self.header_of(field), message) from None
        return {"project_id": project.pk, "year": values["year"], "amount": values["amount"],
                "declared_on": values["declared_on"], "_project": project}

    def check_duplicates(self, rows, result: ImportResult):
        """Besides repeated years, warn (not refuse) where the file takes a project over its approved total."""
        super().check_duplicates(rows, result)
        by_year = {(p, y): a for p, y, a in Disbursement.objects.filter(
            project__in=[r["project_id"] for _, r in rows]).values_list("project", "year", "amount")}
        totals: dict[int, Decimal] = defaultdict(Decimal)
        for (project_id, _), amount in by_year.items():
            totals[project_id] += amount
        last_row: dict[int, tuple[int, Project]] = {}
        for number_, row in rows:
            key = (row["project_id"], row["year"])
            totals[row["project_id"]] += row["amount"] - by_year.pop(key, 0)
            last_row[row["project_id"]] = (number_, row["_project"])
        for project_id, (number_, project) in last_row.items():
            warning = over_warning(project, totals[project_id])
            if warning:
                result.warnings.append(RowError(number_, AMOUNT, warning))

    def write(self, rows, *, acting_user):
        created = 0
        for row in rows:
            existed = Disbursement.objects.filter(project_id=row["project_id"], year=row["year"]).exists()
            do_record_disbursement(row["_project"], acting_user=acting_user, year=row["year"], amount=row["amount"],
                                   declared_on=row["declared_on"])
            created += not existed
        return created, len(rows) - created

    def queryset(self):
        return super().queryset().select_related("project__task")

    def values(self, row: Disbursement) -> dict:
        return {"project": row.project_id, "name": row.project.task.title, "year": row.year,
                "amount": float(row.amount), "declared_on": row.declared_on}
