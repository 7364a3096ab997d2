"""Spreadsheet formats of DX staff and focal-point designations."""

from collections import defaultdict

from dxnet.agencies.models import Agency
from dxnet.core.spreadsheets import (
    CellError,
    Column,
    ImportResult,
    Sheet,
    by_name_or_code,
    choice,
    date,
    describe,
    email,
    phone,
    text,
    warn_same_names,
)
from dxnet.core.text import fold

from .filters import FocalPointFilterSet, PersonFilterSet
from .models import DxDuty, FocalPoint, JobPosition, Person
from .services import do_import_duties

AGENCY_CODE = "Mã cơ quan"
MASK = "•"


@describe("Số định danh cá nhân (số căn cước), đúng 12 chữ số.", "001085012345")
def national_id(value) -> str:
    raw = str(value).strip().removesuffix(".0")
    if MASK in raw:  # a masked export: keep what is stored
        return MASK
    if not raw.isdigit() or len(raw) != 12:
        raise ValueError("Số định danh cá nhân gồm đúng 12 chữ số.")
    return raw


class _AgencySheet(Sheet):
    def prepare(self, rows):
        codes = {row["agency"] for row in rows}
        self.agencies = {a.code: a for a in Agency.objects.visible_to(self.user).filter(code__in=codes)}

    def agency(self, values) -> Agency:
        try:
            return self.agencies[values["agency"]]
        except KeyError:
            raise CellError(AGENCY_CODE, f"Không có cơ quan mã “{values['agency']}” trong phạm vi của bạn.") from None


def _agency_columns() -> list[Column]:
    return [Column(AGENCY_CODE, "agency", text, width=24),
            Column("Tên cơ quan", "agency_name", text, required=False, export_only=True, width=36)]


class PeopleSheet(_AgencySheet):
    kind = "people"
    filterset_class = PersonFilterSet
    title = "Cán bộ làm chuyển đổi số"
    model = Person
    columns = [*_agency_columns(), Column("Họ và tên", "full_name", text, width=26, example="Nguyễn Văn An"),
               Column("Giới tính", "gender", choice(Person.Gender.choices), required=False, width=10),
               Column("Chức vụ", "position", text, required=False, width=24, example="Phó Chủ tịch UBND xã"),
               Column("Điện thoại", "phone", phone, width=14),
               Column("Thư điện tử", "email", email, required=False, width=26),
               Column("Số định danh cá nhân", "national_id", national_id, required=False, width=16),
               Column("Vị trí việc làm", "job_position", text, required=False, width=30),
               Column("Hình thức làm CĐS", "duty", choice(DxDuty.Kind.choices), required=False, width=14),
               Column("Từ ngày", "duty_from", date, required=False, width=12)]
    key = ("agency_id", "phone")

    def prepare(self, rows):
        super().prepare(rows)
        self.positions = by_name_or_code(JobPosition.objects.filter(is_active=True))

    def resolve(self, values):
        row = {"agency_id": self.agency(values).id, "full_name": values["full_name"],
               "gender": values["gender"] or "", "position": values["position"] or "", "phone": values["phone"],
               "email": values["email"] or "", "job_position_id": None}
        if values["national_id"] != MASK:
            row["national_id"] = values["national_id"] or ""
        if values["job_position"]:
            position = self.positions.get(fold(values["job_position"]))
            if position is None:
                raise CellError("Vị trí việc làm", f"Không có vị trí việc làm “{values['job_position']}” "
                                                   "trong danh mục.")
            row["job_position_id"] = position.id
        if bool(values["duty"]) != bool(values["duty_from"]):
            raise CellError("Từ ngày", "Ghi cả hình thức làm chuyển đổi số và ngày bắt đầu, hoặc bỏ trống cả hai.")
        row["_duty"] = (values["duty"], values["duty_from"]) if values["duty"] else None
        return row

    def check_duplicates(self, rows, result: ImportResult):
        super().check_duplicates(rows, result)
        warn_same_names(rows, result, "cơ quan")

    def write(self, rows, *, acting_user):
        duties = [(row["agency_id"], row["phone"], row.pop("_duty")) for row in rows]
        created, updated = super().write(rows, acting_user=acting_user)
        people = {(p.agency_id, p.phone): p.id for p in Person.objects.filter(
            agency_id__in={agency for agency, _, _ in duties}, phone__in={phone for _, phone, _ in duties})}
        do_import_duties([(people[(agency, phone_number)], *duty) for agency, phone_number, duty in duties if duty],
                         acting_user=acting_user)
        return created, updated

    def queryset(self):
        return super().queryset().select_related("agency", "job_position").prefetch_related("duties")

    def values(self, obj):
        duty = next((d for d in obj.duties.all() if d.valid_to is None), None)
        return {"agency": obj.agency.code, "agency_name": obj.agency.name, "full_name": obj.full_name,
                "gender": obj.get_gender_display(), "position": obj.position, "phone": obj.phone, "email": obj.email,
                "national_id": obj.masked_national_id,
                "job_position": obj.job_position.name if obj.job_position else "",
                "duty": duty.get_kind_display() if duty else "", "duty_from": duty.valid_from if duty else None}


class FocalPointSheet(_AgencySheet):
    kind = "focal-points"
    filterset_class = FocalPointFilterSet
    title = "Đầu mối chuyển đổi số"
    model = FocalPoint
    columns = [*_agency_columns(),
               Column("Họ và tên", "full_name", text, required=False, export_only=True, width=26),
               Column("Điện thoại người được giao", "phone", phone, width=16),
               Column("Số quyết định", "decision_number", text, width=18, example="15/QĐ-UBND"),
               Column("Ngày quyết định", "decision_date", date, width=14),
               Column("Từ ngày", "valid_from", date, required=False, width=12),
               Column("Đến ngày", "valid_to", date, required=False, width=12)]
    key = ("agency_id", "person_id", "decision_number")

    def prepare(self, rows):
        super().prepare(rows)
        self.people = defaultdict(list)
        for person in Person.objects.visible_to(self.user).filter(phone__in={row["phone"] for row in rows}):
            self.people[person.phone].append(person)

    def resolve(self, values):
        agency = self.agency(values)
        candidates = self.people.get(values["phone"], [])
        person = next((p for p in candidates if p.agency_id == agency.id), candidates[0] if candidates else None)
        if person is None:
            raise CellError("Điện thoại người được giao", f"Chưa có cán bộ số điện thoại {values['phone']}; "
                                                          "hãy nhập danh sách cán bộ trước.")
        valid_from = values["valid_from"] or values["decision_date"]
        return {"agency_id": agency.id, "person_id": person.id, "decision_number": values["decision_number"],
                "decision_date": values["decision_date"], "valid_from": valid_from, "valid_to": values["valid_to"]}

    def queryset(self):
        return super().queryset().select_related("agency", "person")

    def values(self, obj):
        return {"agency": obj.agency.code, "agency_name": obj.agency.name, "full_name": obj.person.full_name,
                "phone": obj.person.phone, "decision_number": obj.decision_number,
                "decision_date": obj.decision_date, "valid_from": obj.valid_from, "valid_to": obj.valid_to}
