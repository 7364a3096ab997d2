"""Courses completed by DX staff, as a spreadsheet."""

from dxnet.core.spreadsheets import Column, Sheet, count, date, phone, text
from dxnet.people.members import AGENCY_CODE, PHONE, MemberLookup

from .filters import TrainingRecordFilterSet
from .models import TrainingRecord


class TrainingSheet(Sheet):
    kind = "trainings"
    title = "Kết quả bồi dưỡng, tập huấn"
    model = TrainingRecord
    columns = [Column(AGENCY_CODE, "agency", text, width=24), Column(PHONE, "phone", phone, width=14),
               Column("Họ và tên", "person", text, required=False, export_only=True, width=26),
               Column("Khóa bồi dưỡng", "course", text, width=40),
               Column("Đơn vị tổ chức", "provider", text, required=False, width=30),
               Column("Ngày hoàn thành", "completed_on", date, width=14),
               Column("Số giờ", "hours", count, required=False, width=8)]
    key = ("person_id", "course", "completed_on")
    filterset_class = TrainingRecordFilterSet

    def prepare(self, rows):
        self.lookup = MemberLookup(self.user, rows)

    def resolve(self, values):
        person = self.lookup.person(values["agency"], values["phone"])
        return {"agency_id": person.agency_id, "person_id": person.pk, "course": values["course"],
                "provider": values["provider"] or "", "completed_on": values["completed_on"], "hours": values["hours"]}

    def queryset(self):
        return super().queryset().select_related("agency", "person")

    def values(self, record):
        return {"agency": record.agency.code, "phone": record.person.phone, "person": record.person.full_name,
                "course": record.course, "provider": record.provider, "completed_on": record.completed_on,
                "hours": record.hours}
