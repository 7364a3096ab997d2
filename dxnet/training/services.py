"""Training: every write (the course catalogue, yearly plans, sessions, participations and completions) and the
seed-004 rules computed for any scope and day — plans approved before 30 March, carried out before 30 November —
with the quality check seed 000 asks for (participants' evaluation and post-test score per course and provider)."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Max, Min, Q, Sum

from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.csvdata import read_csv
from dxnet.core.scoping import scope_of
from dxnet.core.services import require_role, save_in_scope

from .models import Course, TrainingPlan, TrainingRecord, TrainingSession, approval_deadline, completion_deadline

COURSES_CSV = Path(__file__).parent / "data" / "national_courses.csv"
NATIONAL_ONLY = "Chỉ quản trị quốc gia được thay đổi danh mục khóa học quốc gia."
OUT_OF_SCOPE = "Chỉ cơ quan trong phạm vi của bạn (hoặc cấp trên) được thay đổi dữ liệu này."
TIERS = {"province": "Tỉnh, thành phố", "ministry": "Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"}


# --- The course catalogue --------------------------------------------------------------------------------------

def load_national_courses(*, acting_user=None) -> tuple[int, int]:
    """The national open online platform's courses (seed 004), created when missing, never overwritten."""
    existing = set(Course.objects.values_list("code", flat=True))
    created = [Course(code=row["code"], title=row["title"], audience=row["audience"], form=row["form"],
                      provider=row["provider"], source=row["source"])
               for row in read_csv(COURSES_CSV) if row["code"] not in existing]
    Course.objects.bulk_create(created)
    audit.record_bulk(created=created, updated=[], actor=acting_user)
    return len(created), 0


def require_course_change(course: Course, agency: Agency | None, user) -> None:
    """National courses: the national administrator; an agency's own: coordinators and focal points above it."""
    owners = {agency} | ({course.agency} if course.pk else set())  # moving a course needs both sides
    for owner in owners:
        if owner is None:
            require_role(user.sees_everything, NATIONAL_ONLY)
        else:
            require_role(user.can_manage_registry and scope_of(user).covers(owner.path), OUT_OF_SCOPE)


@transaction.atomic
def do_save_course(course: Course, *, acting_user, **fields) -> Course:
    """Add or change a course of the catalogue (no agency: the national catalogue)."""
    agency = fields["agency"] if "agency" in fields else course.agency if course.pk else None
    require_course_change(course, agency, acting_user)
    # Participants of its sessions read its name and provider from it: no record is rewritten.
    return save_in_scope(course, acting_user=acting_user, **fields)


# --- Plans and sessions ----------------------------------------------------------------------------------------

def check_plan_agency(agency: Agency) -> None:
    if agency.kind not in (*Agency.MINISTRY_LEVEL_KINDS, Agency.Kind.PROVINCIAL_PC):
        raise ValidationError({"agency": "Kế hoạch bồi dưỡng, tập huấn lập cho bộ, cơ quan ngang bộ, cơ quan thuộc "
                                         "Chính phủ hoặc Ủy ban nhân dân cấp tỉnh."})


def require_manage(agency: Agency, user) -> None:
    require_role(user.can_manage_registry)
    if not scope_of(user).covers(agency.path):
        raise PermissionDenied(OUT_OF_SCOPE)


@transaction.atomic
def do_save_plan(plan: TrainingPlan, *, acting_user, **fields) -> TrainingPlan:
    """A ministry's or province's training plan of a year (one per year), with its approval."""
    require_role(acting_user.can_manage_registry)
    agency = fields.get("agency") or (plan.agency if plan.agency_id else None)
    if agency is not None:
        check_plan_agency(agency)
    year, agency_id = fields.get("year", plan.year), getattr(agency, "pk", None)
    if TrainingPlan.objects.filter(agency_id=agency_id, year=year).exclude(pk=plan.pk).exists():
        raise ValidationError({"year": f"{agency.name} đã có kế hoạch bồi dưỡng, tập huấn năm {year}."})
    return save_in_scope(plan, acting_user=acting_user, **fields)


@transaction.atomic
def do_save_session(session: TrainingSession, *, acting_user, **fields) -> TrainingSession:
    """A class of a plan; the plan's side (or, for an existing class, its organiser) writes it."""
    plan = fields.get("plan") or session.plan
    require_manage(plan.agency, acting_user)
    organiser = fields.get("organiser") or (session.organiser if session.organiser_id else plan.agency)
    fields["organiser"] = organiser
    # Its participants read the course's name and provider from it (a changed course or organiser follows).
    return save_in_scope(session, acting_user=acting_user, **fields)


def plan_standing(plan: TrainingPlan, on: datetime.date) -> "PlanStanding":
    """One plan judged on a day: its approval and how many of its sessions were held."""
    sessions = plan.sessions.all()
    total = sessions.aggregate(n=Count("pk"), last=Max("ends_on"))
    return PlanStanding(plan.agency, plan.year, on, plan, total["n"], sessions.held_by(on).count(), total["last"])


# --- Participations and completions ---------------------------------------------------------------------------

@transaction.atomic
def do_record_training(record: TrainingRecord, *, acting_user, **fields) -> TrainingRecord:
    """A person took part in a course (in a session or on their own), completed it or not yet; the record belongs
    to the person's agency, and a session's participant takes the course's name from the catalogue."""
    require_role(acting_user.can_manage_registry)
    person = fields.get("person") or record.person
    fields["agency"] = person.agency
    session = fields.get("session", record.session if record.session_id else None)
    if session is not None:
        duplicate = TrainingRecord.objects.filter(session=session, person=person).exclude(pk=record.pk)
        if duplicate.exists():
            raise ValidationError({"person": f"{person.full_name} đã có trong danh sách lớp này."})
    return save_in_scope(record, acting_user=acting_user, **fields)


# --- The seed-004 rules, per body of a tier, for a day ----------------------------------------------------------

@dataclass
class PlanStanding:
    """A ministry or province and its plan of the year, judged on a day by the two rules."""

    agency: Agency
    year: int
    on: datetime.date
    plan: TrainingPlan | None = None
    sessions: int = 0
    held: int = 0
    last_end: datetime.date | None = None  # the latest end of its sessions

    @property
    def approval(self) -> str:
        """in-time, late (approved after 30/3), missing (not approved, deadline passed), pending (not yet due)."""
        deadline = approval_deadline(self.year)
        approved = self.plan.approved_on if self.plan and self.plan.approved_on else None
        if approved and approved <= self.on:
            return "in-time" if approved <= deadline else "late"
        return "missing" if self.on > deadline else "pending"

    @property
    def carried_out(self) -> str:
        """in-time (every session held by 30/11), late (held, one after it), missing (due, not all held), pending."""
        deadline = completion_deadline(self.year)
        done = self.sessions > 0 and self.held == self.sessions
        if done:
            return "in-time" if self.last_end <= deadline else "late"
        return "missing" if self.on > deadline else "pending"

    @property
    def laggard(self) -> bool:
        return self.approval in ("late", "missing") or self.carried_out in ("late", "missing")


LABELS = {"in-time": "Đúng hạn", "late": "Trễ hạn", "missing": "Chưa có, đã quá hạn", "pending": "Chưa đến hạn"}


@dataclass
class PlanCompliance:
    tier: str
    on: datetime.date
    rows: list[PlanStanding] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.on.year

    @property
    def total(self) -> int:
        return len(self.rows)

    def count(self, rule: str, value: str) -> int:
        return sum(1 for row in self.rows if getattr(row, rule) == value)

    @property
    def approved_in_time(self) -> int:
        return self.count("approval", "in-time")

    @property
    def carried_out_in_time(self) -> int:
        return self.count("carried_out", "in-time")

    @property
    def laggards(self) -> list[PlanStanding]:
        return [row for row in self.rows if row.laggard]


def check_tier(tier: str) -> str:
    if tier not in TIERS:
        raise ValidationError({"tier": "Cấp phải là “province” (tỉnh, thành phố) hoặc “ministry” (bộ, ngành)."})
    return tier


def plan_compliance(bodies, *, tier: str, on: datetime.date) -> PlanCompliance:
    """Per body of the tier among `bodies` (agencies in a scope): its plan of the year of `on` and the two rules on
    that day. Three queries whatever the number of bodies."""
    check_tier(tier)
    bodies = (bodies.provincial_pcs() if tier == "province" else bodies.ministry_level()).order_by("name")
    bodies = list(bodies)
    plans = {p.agency_id: p for p in TrainingPlan.objects.filter(agency__in=[b.pk for b in bodies], year=on.year)}
    sessions = TrainingSession.objects.filter(plan__in=list(plans.values()))
    held = sessions.held_by(on).values("plan").annotate(n=Count("pk"))
    held_by_plan = {row["plan"]: row["n"] for row in held}
    totals = {row["plan"]: row for row in sessions.values("plan").annotate(n=Count("pk"), last=Max("ends_on"))}
    rows = []
    for agency in bodies:
        plan = plans.get(agency.pk)
        total = totals.get(plan.pk, {}) if plan else {}
        rows.append(PlanStanding(agency, on.year, on, plan, total.get("n", 0),
                                 held_by_plan.get(plan.pk, 0) if plan else 0, total.get("last")))
    return PlanCompliance(tier, on, rows)


# --- Quality (seed 000, task 5: “giám sát … bảo đảm thực chất, hiệu quả”) -----------------------------------------

def quality(records, by: str = "course") -> list[dict]:
    """Average evaluation (1–5) and post-test score (0–100) per course or per provider, over `records`."""
    key = "course" if by == "course" else "provider"
    rows = records.with_names().values(f"{key}_name").annotate(
        participants=Count("pk"), completed=Count("pk", filter=Q(completed_on__isnull=False)),
        evaluation_avg=Avg("evaluation"), post_test_avg=Avg("post_test"), evaluated=Count("evaluation"),
        tested=Count("post_test"), first=Min("completed_on"), last=Max("completed_on")).order_by(f"{key}_name")
    return [{key: row.pop(f"{key}_name"), **row} for row in rows]


SCORES = ("evaluation", "post_test")


def score_totals(records) -> dict:
    """Participants, and each score's sum and count (`<score>_sum`, `<score>_count`): figures that add up over parts
    of the country, from which `means` works out the averages."""
    return records.aggregate(participants=Count("pk"), **{f"{score}_sum": Sum(score, default=0) for score in SCORES},
                             **{f"{score}_count": Count(score) for score in SCORES})


def means(totals: dict) -> dict:
    return {score: mean(totals[f"{score}_sum"], totals[f"{score}_count"]) for score in SCORES}


def averages(records) -> dict:
    """The mean of each score (None when nobody has one) and the participants."""
    totals = score_totals(records)
    return {**means(totals), "participants": totals["participants"]}


def mean(total: int, count: int) -> float | None:
    return round(total / count, 2) if count else None


def summary(user, on: datetime.date) -> dict:
    """The API's and the dashboard card's figures for the user's scope on a day: both rules per tier, DX staff
    trained this year (the dashboards' own indicator) and the year's average scores."""
    from dxnet.monitoring.targets import Scope, trained  # the indicator is computed once, where the others are

    scope = Scope(user, on)
    return build_summary(scope, trained(scope))


def build_summary(scope, trained_target, scores=averages) -> dict:
    bodies = scope.agencies()
    tiers = {}
    for tier in TIERS:
        table = plan_compliance(bodies, tier=tier, on=scope.as_of)
        tiers[tier] = {
            "label": TIERS[tier], "total": table.total, "approved_in_time": table.approved_in_time,
            "approved_late": table.count("approval", "late"), "not_approved": table.count("approval", "missing"),
            "carried_out_in_time": table.carried_out_in_time,
            "carried_out_late": table.count("carried_out", "late"),
            "not_carried_out": table.count("carried_out", "missing"),
            "laggards": [{"agency": row.agency.pk, "name": row.agency.name, "approval": row.approval,
                          "carried_out": row.carried_out} for row in table.laggards]}
    year = TrainingRecord.objects.visible_to(scope.user).filter(agency__in=bodies).completed_in_year(scope.as_of)
    return {"as_of": scope.as_of, "year": scope.as_of.year, "plans": tiers,
            "dx_staff": trained_target.total, "dx_staff_trained": trained_target.value,
            "coverage_percent": trained_target.percent, "scores": scores(year)}
