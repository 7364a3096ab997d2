"""Participations and completions as a spreadsheet: a person of the registry (agency code and phone) in a session
of a plan (its code, “Mã lớp”) or in a course named on its own, with the completion day and scores.

A row with a session reads the course's name from the catalogue and is keyed by (session, person): importing the
session's list first and its results later updates the same rows. A row without a session is keyed as before by
(person, course, completion day); one naming a class's course and day of a person in that class updates that
participation (one fact, one row).
"""

from dxnet.core.spreadsheets import CellError, Column, RowError, Sheet, date, phone, text
from dxnet.people.members import AGENCY_CODE, PHONE, MemberLookup

from .filters import TrainingRecordFilterSet
from .models import TrainingRecord, TrainingSession

SESSION = "Mã lớp"
COURSE = "Khóa bồi dưỡng"
COMPLETED_ON = "Ngày hoàn thành"


def whole_number(value) -> int:
    """A whole number, negative ones included: the model's bounds then give the same message as the form's."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer():
            return int(value)
        raise ValueError(f"“{value}” không phải là số nguyên.")
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(f"“{value}” không phải là số nguyên.") from None


class TrainingSheet(Sheet):
    kind = "trainings"
    title = "Kết quả bồi dưỡng, tập huấn"
    model = TrainingRecord
    columns = [Column(AGENCY_CODE, "agency", text, width=24), Column(PHONE, "phone", phone, width=14),
               Column("Họ và tên", "person", text, required=False, export_only=True, width=26),
               Column(SESSION, "session", whole_number, required=False, width=10),
               Column(COURSE, "course", text, required=False, width=40),
               Column("Đơn vị tổ chức", "provider", text, required=False, width=30),
               Column(COMPLETED_ON, "completed_on", date, required=False, width=14),
               Column("Số giờ", "hours", whole_number, required=False, width=8),
               Column("Điểm đánh giá (1-5)", "evaluation", whole_number, required=False, width=10),
               Column("Điểm kiểm tra (0-100)", "post_test", whole_number, required=False, width=10)]
    key = ("person_id", "course", "completed_on")
    session_key = ("session_id", "person_id")
    filterset_class = TrainingRecordFilterSet

    def prepare(self, rows):
        self.lookup = MemberLookup(self.user, rows)
        ids = {row["session"] for row in rows if row.get("session") is not None}
        self.sessions = {s.pk: s for s in TrainingSession.objects.visible_to(self.user).filter(pk__in=ids)
                         .select_related("course", "organiser", "plan")} if ids else {}

    def resolve(self, values):
        person = self.lookup.person(values["agency"], values["phone"])
        session = None
        if values["session"] is not None:
            session = self.sessions.get(values["session"])
            if session is None:
                raise CellError(SESSION, f"Không có lớp mã {values['session']} trong phạm vi của bạn.")
        elif not values["course"]:
            raise CellError(COURSE, "Không được để trống (hoặc ghi Mã lớp).")
        elif not values["completed_on"]:
            raise CellError(COMPLETED_ON, "Không được để trống khi không ghi Mã lớp.")
        record = TrainingRecord(session=session, course=values["course"] or "", provider=values["provider"] or "",
                                hours=values["hours"])
        record.take_from_session()  # the catalogue's name, as every other door takes it
        return {"agency_id": person.agency_id, "person_id": person.pk, "session_id": getattr(session, "pk", None),
                "course": record.course, "provider": record.provider, "completed_on": values["completed_on"],
                "hours": record.hours, "evaluation": values["evaluation"], "post_test": values["post_test"]}

    def instance(self, row):
        record = super().instance(row)
        if record.session_id:
            record.session = self.sessions[record.session_id]
        return record

    def row_key(self, row: dict) -> tuple:
        """The natural key of a resolved row: (session, person) in a session, else (person, course, day)."""
        return tuple(row[k] for k in (self.session_key if row["session_id"] else self.key))

    def check_duplicates(self, rows, result):
        seen: dict[tuple, int] = {}
        for number, row in rows:
            key = (bool(row["session_id"]), *self.row_key(row))
            if key in seen:
                result.errors.append(RowError(number, self.columns[0].header,
                                              f"Trùng với dòng {seen[key]} trong cùng tệp."))
            seen.setdefault(key, number)

    def write(self, rows, *, acting_user):
        from dxnet.core.reference import upsert

        visible = TrainingRecord.objects.visible_to(acting_user)
        in_sessions = [r for r in rows if r["session_id"]]
        # A completion named on its own that matches a class's row updates it and leaves it in its class.
        alone = [r for r in rows if not r["session_id"]]
        in_class = {}
        if alone:
            people = {r["person_id"] for r in alone}
            for record in visible.filter(session__isnull=False, person_id__in=people).with_names():
                in_class[(record.person_id, record.course_name, record.completed_on)] = record.session_id
        on_their_own = []
        for row in alone:
            session_id = in_class.get((row["person_id"], row["course"], row["completed_on"]))
            if session_id is None:
                on_their_own.append({k: v for k, v in row.items() if k != "session_id"})
            else:
                in_sessions.append({**row, "session_id": session_id, "course": "", "provider": ""})
        created, updated = upsert(TrainingRecord, in_sessions, key=self.session_key, actor=acting_user,
                                  queryset=visible) if in_sessions else (0, 0)
        more = upsert(TrainingRecord, on_their_own, key=self.key, actor=acting_user,
                      queryset=visible) if on_their_own else (0, 0)
        return created + more[0], updated + more[1]

    def queryset(self):
        return super().queryset().select_related("agency", "person", "session__course", "session__organiser")

    def values(self, record):
        return {"agency": record.agency.code, "phone": record.person.phone, "person": record.person.full_name,
                "session": record.session_id, "course": record.course_title, "provider": record.provider_shown,
                "completed_on": record.completed_on, "hours": record.hours, "evaluation": record.evaluation,
                "post_test": record.post_test}
