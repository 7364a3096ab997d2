"""Turning a template into a plan for an agency and a year: roles resolved on the plan's day, deadlines."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.deadlines import parse, shift
from dxnet.core.services import require_role
from dxnet.geo.services import tiers

from ..access import require_in_subtree
from ..models import AssessmentEntry, Plan, PlanGroup, PlanTemplate, Task, TaskPeriod
from .wording import Rewording, reword_document, rewording_for


@dataclass
class Resolution:
    """Who a role names in one plan: agencies, an outside partner, or nobody yet (a person must say)."""

    label: str
    agencies: list = field(default_factory=list)
    external: bool = False
    note: str = ""


def resolve_role(code: str, roles: dict, agency: Agency, on: datetime.date) -> Resolution:
    role = roles[code]
    if role.get("external"):
        return Resolution(role["label"], external=True)
    tier = tiers().get(role.get("tier", ""))
    if tier and not tier.exists_on(on) and role.get("replaced_by"):
        replaced = resolve_role(role["replaced_by"], roles, agency, on)
        replaced.note = (f"Từ {tier.valid_to + datetime.timedelta(days=1):%d/%m/%Y} không còn {tier.name}: "
                         f"việc giao “{role['label']}” được giao cho “{replaced.label}”.")
        return replaced
    match = role["match"]
    if match.get("self"):
        return Resolution(role["label"], [agency])
    candidates = Agency.objects.filter(path__startswith=agency.path).exclude(pk=agency.pk).valid_on(on)
    for key in ("kind", "is_dx_lead", "is_dedicated_dx_unit"):
        if key in match:
            candidates = candidates.filter(**{key: match[key]})
    if "name_startswith" in match:
        candidates = candidates.filter(name__startswith=match["name_startswith"])
    candidates = candidates.order_by("name")
    return Resolution(role["label"], list(candidates if role.get("all") else candidates[:1]))


def _fits_tier(template: PlanTemplate, agency: Agency) -> bool:
    if template.tier == PlanTemplate.Tier.PROVINCE:
        return agency.kind == Agency.Kind.PROVINCIAL_PC
    if template.tier == PlanTemplate.Tier.MINISTRY:
        return agency.kind in Agency.MINISTRY_LEVEL_KINDS
    return True


def resolution_day(agency: Agency, year: int) -> datetime.date:
    """The day whose organisation a plan of `year` is assigned to: 1 January, or the day the agency began."""
    first = datetime.date(year, 1, 1)
    return max(first, agency.valid_from) if agency.valid_from else first


def check_plan(template: PlanTemplate, agency: Agency, year: int, until_year: int) -> None:
    errors = []
    if not _fits_tier(template, agency):
        errors.append(f"Mẫu “{template.title}” dùng cho cấp: {template.get_tier_display()}; "
                      f"“{agency}” thuộc loại: {agency.get_kind_display()}.")
    if not 2000 <= year <= 2100 or until_year < year:
        errors.append("Năm kế hoạch không hợp lệ (năm kết thúc không được trước năm bắt đầu).")
    elif ((agency.valid_from and agency.valid_from.year > until_year)
          or (agency.valid_to and agency.valid_to.year < year)):
        start = f"{agency.valid_from:%d/%m/%Y}" if agency.valid_from else "trước đây"
        end = f"{agency.valid_to:%d/%m/%Y}" if agency.valid_to else "nay"
        errors.append(f"“{agency}” chỉ hoạt động từ {start} đến {end}: không thể lập kế hoạch năm {year} cho cơ "
                      "quan này; hãy lập cho cơ quan hoạt động trong năm đó.")
    if errors:
        raise ValidationError(errors)


def fill(text: str, plan: Plan) -> str:
    """Template words for this plan: its agency, its year, and the departments its roles name (a 2026 plan says
    "Sở Khoa học và Công nghệ tỉnh Lào Cai" where the 2024 source said "Sở Thông tin và Truyền thông")."""
    for label, name in plan.document.get("names", {}).items():
        text = text.replace(label, name)
    return (text.replace("{agency}", plan.agency.name).replace("{year}", str(plan.year))
            .replace("{previous_year}", str(plan.year - 1)))


Periods = list[tuple[int, datetime.date]]


def _deadline(words: str, year: int, until_year: int) -> tuple[datetime.date | None, str, Periods]:
    """(due date, recurrence, periods) for a task of a plan covering `year`…`until_year`."""
    if not words:
        return None, Task.Recurrence.NONE, []
    deadline = parse(words)
    if deadline.recurring or deadline.is_yearly:
        periods = [(y, deadline.due_in_year(y) if deadline.is_yearly else datetime.date(y, 12, 31))
                   for y in range(year, until_year + 1)]
        recurrence = Task.Recurrence.YEARLY if deadline.is_yearly else Task.Recurrence.PERIODIC
        return periods[0][1], recurrence, periods
    return deadline.due, Task.Recurrence.NONE, []


@dataclass
class Redating:
    """How a template's deadlines become a plan's: moved by `years` (a yearly template written for another year),
    and the day the plan is made (a moved date already past that day has no due date until the author confirms)."""

    years: int | None  # None: a programme's dates, never moved
    today: datetime.date

    def deadline(self, words: str, year: int, until_year: int) -> dict:
        """The task fields for the template's `words`: the moved words and due date, and whether to confirm."""
        if self.years is None or not words:
            due, recurrence, periods = _deadline(words, year, until_year)
            return {"deadline_text": words, "due_date": due, "recurrence": recurrence, "periods": periods}
        moved = shift(words, self.years)
        due, recurrence, periods = _deadline(moved, year, until_year)
        passed = due is not None and due < self.today
        return {"deadline_text": moved, "due_date": None if passed else due, "recurrence": recurrence,
                "periods": periods, "deadline_source": words if moved != words or passed else "",
                "deadline_to_confirm": moved != words or passed}


def redating_for(template: PlanTemplate, year: int) -> Redating:
    written_for = template.document.get("written_for")
    return Redating(None if written_for is None else year - written_for, timezone.localdate())


class _Builder:
    """Creates a plan's groups and tasks from the template document, resolving each role once."""

    def __init__(self, plan: Plan, roles: dict, redating: Redating, rewording: Rewording):
        self.plan, self.roles, self.redating, self.rewording = plan, roles, redating, rewording
        self.resolved: dict[str, Resolution] = {}
        self.tasks: list[Task] = []
        self.cooperating: list[tuple[Task, list[Agency]]] = []
        self.periods: list[tuple[Task, list]] = []

    def resolve(self, code: str) -> Resolution:
        if code not in self.resolved:
            self.resolved[code] = resolve_role(code, self.roles, self.plan.agency, self.plan.resolved_on)
        return self.resolved[code]

    def add_task(self, spec: dict, group: PlanGroup, parent: Task | None):
        plan = self.plan
        deadline = self.redating.deadline(spec.get("deadline", ""), plan.year, plan.until_year)
        periods = deadline.pop("periods")
        where = f"Nhiệm vụ {spec.get('code') or spec['title'][:40]}"
        reword = self.rewording.apply
        unresolved, external, cooperating = [], [], []
        lead = None
        if spec.get("lead"):
            found = self.resolve(spec["lead"])
            if found.external:
                external.append(found.label)
            elif len(found.agencies) == 1:
                lead = found.agencies[0]
            elif found.agencies:  # a collective lead: every one of them carries the task
                cooperating += found.agencies
            else:
                unresolved.append({"role": spec["lead"], "label": found.label, "as": "lead"})
        for code in spec.get("cooperating", []):
            found = self.resolve(code)
            if found.external:
                external.append(found.label)
            elif found.agencies:
                cooperating += [a for a in found.agencies if a != lead and a not in cooperating]
            else:
                unresolved.append({"role": code, "label": found.label, "as": "cooperating"})
        task = Task.objects.create(
            plan=plan, group=group, parent=parent, code=spec.get("code", ""), title=reword(spec["title"], where),
            content="\n".join(fill(reword(p, where), plan) for p in spec.get("content", [])),
            assignment=reword(spec.get("assignment", ""), where), lead=lead, unresolved=unresolved,
            external="; ".join(external), support=reword(spec.get("support", ""), where), order=len(self.tasks),
            **deadline)
        self.tasks.append(task)
        self.cooperating.append((task, cooperating))
        self.periods.append((task, periods))
        for sub in spec.get("subtasks", []):
            self.add_task(sub, group, task)

    def save_links(self):
        through = Task.cooperating.through
        through.objects.bulk_create([through(task=task, agency=agency) for task, agencies in self.cooperating
                                     for agency in agencies], batch_size=2000)
        TaskPeriod.objects.bulk_create([TaskPeriod(task=task, year=year, due_date=due) for task, periods in
                                        self.periods for year, due in periods])

    def department_names(self) -> dict[str, str]:
        """The role labels that name one department ("Sở Nội vụ") and the department they name in this plan."""
        names = {}
        for code, role in self.roles.items():
            if role.get("external") or role.get("all") or role.get("match", {}).get("self"):
                continue
            found = self.resolve(code)
            if len(found.agencies) == 1:
                names[role["label"]] = found.agencies[0].name
        return names

    def notes(self) -> list[str]:
        return sorted({r.note for r in self.resolved.values() if r.note})


@transaction.atomic
def do_create_plan(template: PlanTemplate, agency: Agency, year: int, *, acting_user, until_year: int | None = None,
                   title: str = "") -> Plan:
    """A plan of `agency` from `template`: groups, tasks, deadlines for the year, roles resolved to agencies."""
    require_role(acting_user.can_manage_plans, "Vai trò của bạn không được lập kế hoạch.")
    require_in_subtree(agency, acting_user)
    until_year = until_year or year
    check_plan(template, agency, year, until_year)
    document = template.document
    plan = Plan(agency=agency, template=template, year=year, until_year=until_year,
                resolved_on=resolution_day(agency, year),
                document={key: document[key] for key in ("preamble", "sections", "assessment", "document",
                                                         "project_list") if key in document})
    rewording = rewording_for(document.get("roles", {}), plan.resolved_on)
    builder = _Builder(plan, document.get("roles", {}), redating_for(template, year), rewording)
    plan.document = reword_document(plan.document, rewording)
    plan.document["names"] = builder.department_names()
    plan.title = title or fill(document.get("plan_title", document["title"]), plan)
    plan.save()
    for order, spec in enumerate(document["groups"]):
        where = f"Nhóm {spec['code']}"
        group = PlanGroup.objects.create(plan=plan, code=spec["code"], title=fill(rewording.apply(spec["title"], where),
                                                                                  plan),
                                         guidance=rewording.apply(spec.get("guidance", ""), where), order=order)
        for task in spec.get("tasks", []):
            builder.add_task(task, group, None)
    builder.save_links()
    plan.notes = builder.notes()
    plan.document["reworded"] = rewording.notes(plan.resolved_on)
    plan.document["review"] = [dict(item, text=fill(item["text"], plan)) for item in rewording.review]
    plan.save(update_fields=["notes", "document"])
    _create_assessment(plan, document.get("assessment"))
    audit.record_create(plan, actor=acting_user)
    audit.record_bulk(created=builder.tasks, actor=acting_user)
    return plan


def _create_assessment(plan: Plan, assessment: dict | None) -> None:
    if not assessment:
        return
    entries = []
    for area in assessment["areas"]:
        items = area.get("items") or [{"code": area["code"], "title": area["title"]}]
        entries += [AssessmentEntry(plan=plan, code=item["code"], title=fill(item["title"], plan),
                                    order=len(entries) + i) for i, item in enumerate(items)]
    AssessmentEntry.objects.bulk_create(entries)


def unresolved_roles(plan: Plan) -> list[dict]:
    """The roles of a plan still without an agency: label, how many tasks wait, as lead or cooperating."""
    found: dict[str, dict] = {}
    for task in plan.tasks.exclude(unresolved=[]).only("unresolved"):
        for item in task.unresolved:
            entry = found.setdefault(item["role"], {"role": item["role"], "label": item["label"], "tasks": 0})
            entry["tasks"] += 1
    return sorted(found.values(), key=lambda e: e["label"])
