"""Steering committees: every write (establishing, members, meetings, attendance, conclusions) and the seed-000
rule that heads of agencies attend at least the quarterly sessions."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.scoping import scope_of
from dxnet.core.services import require_role, save_in_scope
from dxnet.monitoring import services as milestones
from dxnet.plans import services as plans
from dxnet.plans.models import Plan, PlanTemplate, Task

from .models import Attendance, CommitteeMember, Conclusion, ConclusionItem, Meeting, SteeringCommittee

NATIONAL_COMMITTEE_CODE = "uy-ban-quoc-gia-ve-chuyen-doi-so"  # UBQGCĐS, in the agency reference data
# The seed-000 rule, made countable: a committee complies in a quarter when it met and, at one of its meetings of
# that quarter, at least half of the heads of member agencies attended in person (a delegate does not count).
HEADS_QUORUM = 0.5
CONCLUSION_PLAN_TITLE = "Thực hiện kết luận của Ban Chỉ đạo năm {year}"


def _require_manage(committee: SteeringCommittee, user) -> None:
    if not (user.can_manage_registry and scope_of(user).covers(committee.agency.path)):
        raise PermissionDenied("Chỉ cơ quan có Ban Chỉ đạo (hoặc cấp trên) được thay đổi dữ liệu của Ban Chỉ đạo.")


def check_committee_agency(agency: Agency) -> None:
    if agency.code == NATIONAL_COMMITTEE_CODE or agency.kind in (*Agency.MINISTRY_LEVEL_KINDS,
                                                                 Agency.Kind.PROVINCIAL_PC):
        return
    raise ValidationError({"agency": "Ban Chỉ đạo chuyển đổi số chỉ lập cho bộ, cơ quan ngang bộ, cơ quan thuộc "
                                     "Chính phủ, Ủy ban nhân dân cấp tỉnh, hoặc là Ủy ban Quốc gia về chuyển đổi số."})


def _sync_milestone(committee: SteeringCommittee, *, acting_user) -> None:
    """The committee's establishing decision records the milestone “steering-committee” of its agency; a committee
    without a decision records nothing (and withdraws what it recorded)."""
    if committee.decision_number and committee.decision_date:
        milestones.do_derive_milestone(
            committee, agency=committee.agency, code="steering-committee", achieved_on=committee.decision_date,
            issuer=committee.agency.name, document=f"{committee.decision}: thành lập {committee.name}",
            acting_user=acting_user)
    else:
        milestones.do_withdraw_derived(committee, acting_user=acting_user)


@transaction.atomic
def do_establish_committee(committee: SteeringCommittee, *, acting_user, agency: Agency, **fields
                           ) -> SteeringCommittee:
    """Establish a committee for a ministry, a province or the nation; its decision records the milestone."""
    require_role(acting_user.can_manage_registry)
    check_committee_agency(agency)
    fields.setdefault("valid_from", fields.get("decision_date"))
    committee = save_in_scope(committee, acting_user=acting_user, agency=agency, **fields)
    _sync_milestone(committee, acting_user=acting_user)
    return committee


@transaction.atomic
def do_save_committee(committee: SteeringCommittee, *, acting_user, **fields) -> SteeringCommittee:
    """Change a committee (its decision, chair, validity); clearing the decision withdraws the milestone."""
    require_role(acting_user.can_manage_registry)
    if "agency" in fields:
        check_committee_agency(fields["agency"])
    committee = save_in_scope(committee, acting_user=acting_user, **fields)
    _sync_milestone(committee, acting_user=acting_user)
    return committee


@transaction.atomic
def do_add_member(committee: SteeringCommittee, person, *, role: str = CommitteeMember.Role.MEMBER,
                  is_agency_head: bool = False, acting_user) -> CommitteeMember:
    _require_manage(committee, acting_user)
    if committee.members.filter(person=person).exists():
        raise ValidationError({"person": f"{person.full_name} đã là thành viên {committee.name}."})
    member = CommitteeMember(committee=committee, person=person, role=role, is_agency_head=is_agency_head)
    member.full_clean()
    member.save()
    audit.record_create(member, actor=acting_user)
    if role == CommitteeMember.Role.CHAIR and committee.chair_id is None:
        do_save_committee(committee, acting_user=acting_user, chair=person)
    return member


def check_meeting_date(committee: SteeringCommittee, date: datetime.date) -> None:
    if (committee.valid_from and date < committee.valid_from) or (committee.valid_to and date > committee.valid_to):
        start = f"{committee.valid_from:%d/%m/%Y}" if committee.valid_from else "…"
        end = f"{committee.valid_to:%d/%m/%Y}" if committee.valid_to else "nay"
        raise ValidationError({"date": f"Ngày họp {date:%d/%m/%Y} nằm ngoài thời gian hoạt động của {committee.name} "
                                       f"({start} – {end})."})


@transaction.atomic
def do_schedule_meeting(meeting: Meeting, *, acting_user, committee: SteeringCommittee, date: datetime.date,
                        kind: str, agenda: str = "", minutes=None, attendance=None) -> Meeting:
    """Schedule (or record) a meeting within the committee's validity; members are notified on commit."""
    _require_manage(committee, acting_user)
    check_meeting_date(committee, date)
    creating = meeting._state.adding
    meeting = save_in_scope(meeting, acting_user=acting_user, committee=committee, date=date, kind=kind,
                            agenda=agenda, **({"minutes": minutes} if minutes else {}))
    if attendance:
        do_record_attendance(meeting, attendance, acting_user=acting_user)
    if creating:
        notify_meeting_scheduled(meeting)
    return meeting


@transaction.atomic
def do_record_attendance(meeting: Meeting, entries: list[dict], *, acting_user) -> list[Attendance]:
    """Record who attended: each entry {member, status, delegate}; a member's earlier entry is replaced."""
    _require_manage(meeting.committee, acting_user)
    members = {m.pk: m for m in meeting.committee.members.select_related("person")}
    rows = []
    for entry in entries:
        member = entry["member"]
        member_id = getattr(member, "pk", member)
        if member_id not in members:
            name = getattr(getattr(member, "person", None), "full_name", f"#{member_id}")
            raise ValidationError({"attendance": f"{name} không phải thành viên {meeting.committee.name}."})
        status = entry.get("status") or ""
        delegate = (entry.get("delegate") or "").strip()
        if status not in Attendance.Status.values:
            raise ValidationError({"attendance": "Tình trạng tham dự phải là: có mặt, cử người dự thay hoặc vắng mặt."})
        if status == Attendance.Status.DELEGATED and not delegate:
            raise ValidationError({"attendance": f"Hãy ghi người dự thay {members[member_id].person.full_name}."})
        row = Attendance.objects.filter(meeting=meeting, member_id=member_id).first()
        before = audit.snapshot(row) if row else {}
        row = row or Attendance(meeting=meeting, member=members[member_id])
        row.status, row.delegate = status, delegate if status == Attendance.Status.DELEGATED else ""
        row.full_clean()
        row.save()
        if before:
            audit.record_update(row, before, actor=acting_user)
        else:
            audit.record_create(row, actor=acting_user)
        rows.append(row)
    return rows


def plan_for_conclusions(agency: Agency, year: int, *, on: datetime.date, acting_user) -> Plan:
    """The agency's yearly DX plan of the year (issued first); when it has none, the plan gathering the
    committee's conclusions of that year, created once."""
    yearly = (Plan.objects.filter(agency=agency, year=year, template__kind=PlanTemplate.Kind.DX_PLAN)
              .exclude(status=Plan.Status.WITHDRAWN).order_by("-status", "pk"))
    plan = yearly.filter(status=Plan.Status.ISSUED).first() or yearly.first()
    if plan is not None:
        return plan
    title = CONCLUSION_PLAN_TITLE.format(year=year)
    plan = Plan.objects.filter(agency=agency, year=year, template__isnull=True, title=title).first()
    if plan is None:
        plans.require_manage(Plan(agency=agency), acting_user)
        plan = Plan(agency=agency, year=year, until_year=year, title=title, resolved_on=on)
        plan.full_clean()
        plan.save()
        audit.record_create(plan, actor=acting_user)
    return plan


@transaction.atomic
def do_record_conclusions(meeting: Meeting, *, acting_user, number: str, date: datetime.date, text: str,
                          items: list[dict]) -> Conclusion:
    """Record a notice of conclusions; each item {text, lead, deadline_text} becomes a task of the yearly plan,
    with a link back to the meeting. Any bad item writes nothing."""
    committee = meeting.committee
    _require_manage(committee, acting_user)
    if date < meeting.date:
        raise ValidationError({"date": "Ngày thông báo kết luận không được trước ngày họp."})
    if not items:
        raise ValidationError({"items": "Hãy ghi ít nhất một nội dung giao."})
    conclusion = save_in_scope(Conclusion(meeting=meeting), acting_user=acting_user, number=number.strip(),
                               date=date, text=text.strip())
    plan = plan_for_conclusions(committee.agency, date.year, on=date, acting_user=acting_user)
    source = (f"Theo {conclusion} của {committee.name} (phiên họp ngày {meeting.date:%d/%m/%Y}: "
              f"{meeting.get_absolute_url()}).")
    for index, item in enumerate(items, start=1):
        body = (item.get("text") or "").strip()
        if not body:
            raise ValidationError({"items": f"Nội dung giao thứ {index} đang để trống."})
        try:
            task = plans.do_save_task(Task(plan=plan), acting_user=acting_user, title=body[:600], content=source,
                                      assignment=item["lead"].name, lead=item["lead"],
                                      deadline_text=(item.get("deadline_text") or "").strip())
        except ValidationError as error:
            raise ValidationError({"items": [f"Nội dung giao thứ {index}: {m}" for m in error.messages]}) from None
        row = ConclusionItem(conclusion=conclusion, text=body, lead=item["lead"], deadline_text=task.deadline_text,
                             task=task)
        row.full_clean()
        row.save()
        audit.record_create(row, actor=acting_user)
        notify_conclusion_assigned(row)
    return conclusion


# --- Notifications (dxnet.notifications) -------------------------------------------------------------------------

def notify_meeting_scheduled(meeting: Meeting) -> None:
    """Members with an account (matched by e-mail) learn of a meeting that has them as member."""
    from dxnet.accounts.models import User
    from dxnet.notifications.services import do_notify

    emails = [e.lower() for e in meeting.committee.members.exclude(person__email="")
              .values_list("person__email", flat=True)]
    if not emails:
        return
    users = [u for u in User.objects.filter(is_active=True).exclude(email="") if u.email.lower() in emails]
    do_notify(users, kind="meeting_scheduled", key=f"meeting-scheduled:{meeting.pk}",
              title=f"Họp {meeting.committee.name} ngày {meeting.date:%d/%m/%Y}",
              body=f"{meeting.get_kind_display()}. {meeting.agenda}".strip(), url=meeting.get_absolute_url())


def notify_conclusion_assigned(item: ConclusionItem) -> None:
    """Those who act for the lead agency learn of the task a conclusion gives it."""
    from dxnet.notifications.services import do_notify, users_acting_for

    do_notify(users_acting_for(item.lead), kind="conclusion_assigned", key=f"conclusion-item:{item.pk}",
              title=f"Kết luận của Ban Chỉ đạo giao {item.lead.name}", body=item.text[:500],
              url=item.conclusion.meeting.get_absolute_url())


# --- The seed-000 rule per quarter, and the compliance table ---------------------------------------------------

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        nxt = Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        return nxt.start - datetime.timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"Quý {['I', 'II', 'III', 'IV'][self.number - 1]}/{self.year}"


def parse_quarter(text: str) -> Quarter:
    match = _QUARTER.match((text or "").strip().upper())
    if not match:
        raise ValidationError({"quarter": f"Quý “{text}” không hợp lệ; hãy ghi theo dạng 2026Q3 (năm, chữ Q, "
                                          "số quý từ 1 đến 4)."})
    return Quarter(int(match[1]), int(match[2]))


def last_quarter(today: datetime.date | None = None) -> Quarter:
    """The last quarter already ended."""
    today = today or timezone.localdate()
    number = (today.month - 1) // 3  # the current quarter is number + 1
    return Quarter(today.year - 1, 4) if number == 0 else Quarter(today.year, number)


def heads_rate(meeting: Meeting) -> float | None:
    """Share of heads of member agencies who attended in person; None when the committee lists no head."""
    heads = [m for m in meeting.committee.members.all() if m.is_agency_head]
    if not heads:
        return None
    present = {a.member_id for a in meeting.attendance.all() if a.status == Attendance.Status.PRESENT}
    return sum(1 for m in heads if m.pk in present) / len(heads)


@dataclass
class QuarterRecord:
    """A committee in a quarter: its meetings, whether it met, the best heads' attendance rate, compliance."""

    committee: SteeringCommittee
    quarter: Quarter
    meetings: list = field(default_factory=list)

    @property
    def met(self) -> bool:
        return bool(self.meetings)

    @property
    def heads_rate(self) -> float | None:
        rates = [r for r in (heads_rate(m) for m in self.meetings) if r is not None]
        return max(rates) if rates else None

    @property
    def complies(self) -> bool:
        return self.met and (self.heads_rate or 0) >= HEADS_QUORUM


def quarter_record(committee: SteeringCommittee, quarter: Quarter) -> QuarterRecord:
    meetings = [m for m in committee.meetings.all() if quarter.start <= m.date <= quarter.end]
    return QuarterRecord(committee, quarter, meetings)


TIERS = {"province": "Tỉnh, thành phố", "ministry": "Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"}


@dataclass
class CommitteeCompliance:
    tier: str
    quarter: Quarter
    rows: list  # (agency, QuarterRecord | None)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def complying(self) -> int:
        return sum(1 for _, record in self.rows if record is not None and record.complies)

    @property
    def laggards(self) -> list:
        return [(agency, record) for agency, record in self.rows if record is None or not record.complies]


def check_tier(tier: str) -> str:
    if tier not in TIERS:
        raise ValidationError({"tier": "Cấp phải là “province” (tỉnh, thành phố) hoặc “ministry” (bộ, ngành)."})
    return tier


def compliance(user, *, tier: str, quarter: Quarter) -> CommitteeCompliance:
    """Per body of the tier in force at the quarter's end (within the user's scope): its committee in force in the
    quarter and whether it met with heads. Three queries whatever the number of bodies."""
    check_tier(tier)
    bodies = Agency.objects.visible_to(user).valid_on(quarter.end)
    bodies = (bodies.provincial_pcs() if tier == "province" else bodies.ministry_level()).order_by("name")
    meetings = Meeting.objects.filter(date__range=(quarter.start, quarter.end)).prefetch_related("attendance")
    committees = (SteeringCommittee.objects.filter(agency__in=bodies)
                  .exclude(valid_from__gt=quarter.end).exclude(valid_to__lt=quarter.start)
                  .prefetch_related("members", Prefetch("meetings", queryset=meetings)).order_by("valid_from"))
    by_agency = {}
    for committee in committees:
        by_agency[committee.agency_id] = committee  # the latest in force wins
    rows = []
    for agency in bodies:
        committee = by_agency.get(agency.pk)
        rows.append((agency, quarter_record(committee, quarter) if committee else None))
    return CommitteeCompliance(tier, quarter, rows)
