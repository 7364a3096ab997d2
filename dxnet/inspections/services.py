"""Every rule about inspections: making one, recording findings, turning recommendations into tasks, coverage."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.scoping import scope_of
from dxnet.core.services import require_role
from dxnet.core.versioning import lock_for_change
from dxnet.people.models import Person
from dxnet.plans import services as plans
from dxnet.plans.models import Plan, PlanGroup, PlanTemplate, Task

from .models import FollowUp, InspectedAgency, Inspection, checklist

FOLLOW_UP_PLAN_TITLE = "Thực hiện kiến nghị sau kiểm tra năm {year}"
FOLLOW_UP_GROUP = ("KT", "Thực hiện kiến nghị sau kiểm tra")


def may_inspect(user) -> bool:
    """Coordinators (within their scope) and national administrators organise inspections."""
    return bool(getattr(user, "can_manage_plans", False))


def require_inspect(user) -> None:
    require_role(may_inspect(user), "Chỉ cán bộ điều phối hoặc quản trị quốc gia được tổ chức đoàn kiểm tra.")


def check_inspection(*, acting_user, agency: Agency, starts_on, ends_on, inspected, members=()) -> None:
    """The inspecting body and each inspected agency lie in the author's scope; the inspected ones under the
    inspecting body (a national administrator inspects anywhere); the period runs forward."""
    require_inspect(acting_user)
    scope = scope_of(acting_user)
    if agency is None or not scope.covers(agency.path):
        raise ValidationError({"agency": "Cơ quan kiểm tra nằm ngoài phạm vi quản lý của bạn."})
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "Ngày kết thúc kiểm tra không được trước ngày bắt đầu."})
    if not inspected:
        raise ValidationError({"inspected": "Hãy chọn ít nhất một cơ quan được kiểm tra."})
    outside = [a for a in inspected if not scope.covers(a.path)
               or not (acting_user.sees_everything or a.path.startswith(agency.path))]
    if outside:
        names = ", ".join(a.name for a in outside)
        raise ValidationError({"inspected": f"Cơ quan được kiểm tra nằm ngoài phạm vi của cơ quan kiểm tra: {names}."})
    visible = Person.objects.visible_to(acting_user)
    if any(not visible.filter(pk=p.pk).exists() for p in members):
        raise ValidationError({"members": "Thành viên đoàn phải là cán bộ trong phạm vi của bạn."})


@transaction.atomic
def do_save_inspection(inspection: Inspection, *, acting_user, inspected=None, members=None, seen_version=None,
                       **fields) -> Inspection:
    """Create an inspection or change one: period, team, inspected agencies (one with findings stays), the
    conclusion document."""
    creating = inspection._state.adding
    before = {} if creating else audit.snapshot(lock_for_change(inspection, seen_version))
    for name, value in fields.items():
        setattr(inspection, name, value)
    current = [] if creating else [t.agency for t in inspection.targets.select_related("agency")]
    inspected = list(inspected) if inspected is not None else current
    members = list(members) if members is not None else ([] if creating else list(inspection.members.all()))
    check_inspection(acting_user=acting_user, agency=inspection.agency if inspection.agency_id else None,
                     starts_on=inspection.starts_on, ends_on=inspection.ends_on, inspected=inspected, members=members)
    if inspection.conclusion_number and not inspection.conclusion_date:
        raise ValidationError({"conclusion_date": "Kết luận kiểm tra cần có ngày ban hành."})
    if inspection.conclusion_date and inspection.conclusion_date > timezone.localdate():
        raise ValidationError({"conclusion_date": "Ngày kết luận không được sau hôm nay."})
    if creating:
        inspection.created_by = acting_user
    inspection.full_clean()
    inspection.save()
    inspection.members.set(members)
    wanted = {a.pk for a in inspected}
    if not creating:
        dropped = inspection.targets.exclude(agency__in=wanted)
        kept = [t.agency.name for t in dropped.select_related("agency") if t.inspected_on or t.followups.exists()]
        if kept:
            raise ValidationError({"inspected": "Không bỏ được cơ quan đã có kết quả kiểm tra: "
                                                f"{', '.join(kept)}."})
        dropped.delete()
    have = set(inspection.targets.values_list("agency_id", flat=True))
    InspectedAgency.objects.bulk_create([InspectedAgency(inspection=inspection, agency=a)
                                         for a in inspected if a.pk not in have])
    if creating:
        audit.record_create(inspection, actor=acting_user)
    else:
        audit.record_update(inspection, before, actor=acting_user)
    return inspection


def do_create_inspection(*, acting_user, agency: Agency, title: str, starts_on, ends_on, inspected, members=(),
                         **fields) -> Inspection:
    return do_save_inspection(Inspection(), acting_user=acting_user, agency=agency, title=title, starts_on=starts_on,
                              ends_on=ends_on, inspected=inspected, members=members, **fields)


def require_change(inspection: Inspection, user) -> None:
    """Only the inspecting side (its subtree's coordinators, national administrators) writes an inspection."""
    require_inspect(user)
    if not scope_of(user).covers(inspection.agency.path):
        raise PermissionDenied("Chỉ cơ quan kiểm tra được thay đổi đoàn kiểm tra này.")


def check_findings(target: InspectedAgency, inspected_on, findings: dict) -> dict:
    """Every one of the six questions answered, on a day of the inspection's period not after today."""
    errors = {}
    if inspected_on is None:
        errors["inspected_on"] = "Hãy ghi ngày kiểm tra."
    elif inspected_on < target.inspection.starts_on:
        errors["inspected_on"] = "Ngày kiểm tra không được trước ngày bắt đầu của đoàn kiểm tra."
    elif inspected_on > timezone.localdate():
        errors["inspected_on"] = "Ngày kiểm tra không được sau hôm nay."
    answers = {}
    for code, label in checklist():
        answer = str((findings or {}).get(code) or "").strip()
        if not answer:
            errors[code] = f"Hãy trả lời câu hỏi “{label}”."
        answers[code] = answer
    if errors:
        raise ValidationError(errors)
    return answers


@transaction.atomic
def do_record_findings(target: InspectedAgency, *, acting_user, inspected_on, findings: dict) -> InspectedAgency:
    """The answers to the six questions for one inspected agency (recording again replaces them)."""
    require_change(target.inspection, acting_user)
    answers = check_findings(target, inspected_on, findings)
    before = audit.snapshot(lock_for_change(target))
    target.inspected_on, target.findings = inspected_on, answers
    target.save()
    audit.record_update(target, before, actor=acting_user)
    return target


def _followup_plan(agency: Agency, year: int, *, acting_user) -> tuple[Plan, PlanGroup]:
    """The agency's yearly DX plan of the year when it has one, else its plan of follow-ups for the year."""
    plan = (Plan.objects.filter(agency=agency, year=year, template__kind=PlanTemplate.Kind.DX_PLAN)
            .exclude(status=Plan.Status.WITHDRAWN).order_by("-status", "pk").first())
    if plan is None:
        title = FOLLOW_UP_PLAN_TITLE.format(year=year)
        plan = Plan.objects.filter(agency=agency, year=year, template=None, title=title).first()
        if plan is None:
            plan = Plan(agency=agency, year=year, until_year=year, title=title,
                        resolved_on=plans.resolution_day(agency, year))
            plan.full_clean()
            plan.save()
            audit.record_create(plan, actor=acting_user)
    code, title = FOLLOW_UP_GROUP
    group = plan.groups.filter(code=code).first()
    if group is None:
        order = (plan.groups.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        group = PlanGroup.objects.create(plan=plan, code=code, title=title, order=order)
    return plan, group


@dataclass
class FollowUpItem:
    text: str
    deadline_text: str = ""


@transaction.atomic
def do_add_followups(target: InspectedAgency, *, acting_user, items) -> list[FollowUp]:
    """Each recommendation becomes a task led by the inspected agency, in its plan of the year, linked back."""
    inspection = target.inspection
    require_change(inspection, acting_user)
    items = [FollowUpItem(**item) if isinstance(item, dict) else item for item in items or []]
    if target.inspected_on is None:
        raise ValidationError({"items": "Hãy ghi kết quả kiểm tra trước khi giao kiến nghị."})
    if not items or any(not (item.text or "").strip() for item in items):
        raise ValidationError({"items": "Hãy ghi nội dung kiến nghị."})
    plan, group = _followup_plan(target.agency, target.inspected_on.year, acting_user=acting_user)
    made = []
    for item in items:
        text = item.text.strip()
        task = plans.do_save_task(
            Task(plan=plan), acting_user=acting_user, group=group, title=text[:600], lead=target.agency,
            deadline_text=(item.deadline_text or "").strip(),
            assignment=f"Kiến nghị của {inspection.title} ({inspection.agency.name})",
            content=f"Theo kết quả kiểm tra ngày {target.inspected_on:%d/%m/%Y}: {text}")
        followup = FollowUp.objects.create(target=target, task=task, text=text)
        audit.record_create(followup, actor=acting_user)
        made.append(followup)
    transaction.on_commit(lambda: notify_followups_assigned(target, made))
    return made


def notify_followups_assigned(target: InspectedAgency, followups: list[FollowUp]) -> int:
    """Tell those acting for the inspected agency that recommendations were assigned to it."""
    from dxnet.notifications.models import Kind
    from dxnet.notifications.services import do_notify, users_acting_for

    inspection = target.inspection
    return do_notify(users_acting_for(target.agency), kind=Kind.INSPECTION_FOLLOWUP,
                     title=f"{len(followups)} kiến nghị sau kiểm tra giao {target.agency.name}",
                     body="\n".join(f"- {f.text}" for f in followups) + f"\n({inspection.title})",
                     url=reverse("inspections:detail", args=[inspection.pk]),
                     key=f"inspection-followup:{target.pk}:{followups[-1].pk}")


# Coverage -------------------------------------------------------------------------------------------------------

TIERS = {"province": "Tỉnh, thành phố", "ministry": "Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"}


@dataclass
class Coverage:
    """How many bodies of a tier were inspected in the year (by a body outside them), and which were not."""

    tier: str
    year: int
    covered: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return TIERS[self.tier]

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.missing)

    @property
    def percent(self) -> float:
        return round(100 * len(self.covered) / self.total, 1) if self.total else 0.0


def coverage(tier: str, year: int, today: datetime.date | None = None) -> Coverage:
    """x/N: the provinces (or ministry-level bodies) in force in the year where some body of theirs was inspected
    that year by an inspection from outside them. Two queries whatever the country holds."""
    if tier not in TIERS:
        raise ValidationError({"tier": "Cấp phải là province hoặc ministry."})
    today = today or timezone.localdate()
    day = min(today, datetime.date(year, 12, 31))
    bodies = Agency.objects.valid_on(day)
    bodies = bodies.provincial_pcs() if tier == "province" else bodies.ministry_level()
    bodies = list(bodies.order_by("name").only("pk", "name", "path", "code"))
    rows = (InspectedAgency.objects.filter(inspected_on__year=year, inspected_on__lte=day)
            .values_list("agency__path", "inspection__agency__path"))
    inspected = list(rows)
    result = Coverage(tier, year)
    for body in bodies:
        hit = any(path.startswith(body.path) and not by.startswith(body.path) for path, by in inspected)
        (result.covered if hit else result.missing).append(body)
    return result
