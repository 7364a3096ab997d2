"""Every rule about plans: templates, turning a template into a plan, task updates, roll-ups."""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404

from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.deadlines import DeadlineError, parse
from dxnet.core.scoping import scope_of
from dxnet.core.services import require_role
from dxnet.core.versioning import lock_for_change
from dxnet.geo.services import tiers

from .models import AssessmentEntry, Plan, PlanGroup, PlanTemplate, Task, TaskPeriod, TaskUpdate

TEMPLATES_DIR = Path(__file__).parent / "data" / "templates"
MATCH_KEYS = {"self", "kind", "is_dx_lead", "is_dedicated_dx_unit", "name_startswith"}


# --- Templates ---------------------------------------------------------------------------------

def _require(condition: bool, errors: list[str], message: str) -> bool:
    if not condition:
        errors.append(message)
    return condition


def _check_tasks(tasks, roles: dict, where: str, errors: list[str]) -> int:
    codes = set()
    for index, task in enumerate(tasks, 1):
        label = f"{where}, nhiệm vụ {task.get('code') or index}"
        if not _require(isinstance(task, dict) and task.get("title"), errors, f"{label}: thiếu tên nhiệm vụ."):
            continue
        _require(task.get("code") not in codes, errors, f"{label}: trùng số thứ tự.")
        codes.add(task.get("code"))
        for role in [task.get("lead"), *task.get("cooperating", [])]:
            _require(role is None or role in roles, errors, f"{label}: vai trò “{role}” chưa khai báo trong “roles”.")
        try:
            if task.get("deadline"):
                parse(task["deadline"])
        except DeadlineError as error:
            errors.append(f"{label}: {error}")
        _check_tasks(task.get("subtasks", []), roles, label, errors)
    return len(tasks)


def check_template_document(data) -> dict:
    """A template document as the shipped JSON files write it; ValidationError listing every problem."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ValidationError("Tệp mẫu phải là một đối tượng JSON.")
    for key in ("code", "version", "title", "source", "groups"):
        _require(data.get(key), errors, f"Thiếu mục “{key}”.")
    _require(data.get("tier", "any") in PlanTemplate.Tier.values, errors,
             f"“tier” phải là một trong: {', '.join(PlanTemplate.Tier.values)}.")
    roles = data.get("roles", {})
    for code, role in roles.items():
        if role.get("external"):
            continue
        match = role.get("match", {})
        _require(match and set(match) <= MATCH_KEYS, errors,
                 f"Vai trò “{code}”: “match” chỉ dùng các khóa {', '.join(sorted(MATCH_KEYS))}.")
        _require(role.get("tier") is None or role["tier"] in tiers(), errors, f"Vai trò “{code}”: cấp không hợp lệ.")
        _require(role.get("replaced_by") is None or role["replaced_by"] in roles, errors,
                 f"Vai trò “{code}”: “replaced_by” chưa khai báo.")
    task_count = 0
    for group in data.get("groups", []):
        if _require(isinstance(group, dict) and group.get("code") and group.get("title"), errors,
                    "Mỗi nhóm cần “code” và “title”."):
            task_count += _check_tasks(group.get("tasks", []), roles, f"Nhóm {group['code']}", errors)
    if errors:
        raise ValidationError(errors)
    return {"code": data["code"], "version": str(data["version"]), "title": data["title"], "source": data["source"],
            "tier": data.get("tier", "any"), "group_count": len(data["groups"]), "task_count": task_count}


def read_template_file(content: bytes) -> dict:
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError(f"Tệp mẫu không phải JSON hợp lệ (UTF-8): {error}") from None


@transaction.atomic
def do_save_template(data: dict, *, acting_user) -> tuple[PlanTemplate, bool]:
    """Add a template, or replace the same code and version; returns (template, created)."""
    require_role(acting_user is None or acting_user.sees_everything,
                 "Chỉ quản trị quốc gia được thêm mẫu kế hoạch.")
    fields = check_template_document(data)
    template = PlanTemplate.objects.filter(code=fields["code"], version=fields["version"]).first()
    if template is None:
        template = PlanTemplate.objects.create(document=data, **fields)
        audit.record_create(template, actor=acting_user)
        return template, True
    if template.document != data:
        before = audit.snapshot(template)
        for name, value in {**fields, "document": data}.items():
            setattr(template, name, value)
        template.save()
        audit.record_update(template, before, actor=acting_user)
    return template, False


def load_reference_templates(*, acting_user=None) -> tuple[int, int]:
    """The templates shipped in `data/templates`; (created, updated)."""
    created = updated = 0
    for path in sorted(TEMPLATES_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        stored = PlanTemplate.objects.filter(code=data["code"], version=data["version"]).first()
        _, new = do_save_template(data, acting_user=acting_user)
        created += new
        updated += stored is not None and stored.document != data
    return created, updated


# --- Turning a template into a plan ------------------------------------------------------------

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


class _Builder:
    """Creates a plan's groups and tasks from the template document, resolving each role once."""

    def __init__(self, plan: Plan, roles: dict):
        self.plan, self.roles = plan, roles
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
        due, recurrence, periods = _deadline(spec.get("deadline", ""), plan.year, plan.until_year)
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
            plan=plan, group=group, parent=parent, code=spec.get("code", ""), title=spec["title"],
            content="\n".join(fill(p, plan) for p in spec.get("content", [])),
            assignment=spec.get("assignment", ""), lead=lead, unresolved=unresolved, external="; ".join(external),
            support=spec.get("support", ""), deadline_text=spec.get("deadline", ""), due_date=due,
            recurrence=recurrence, order=len(self.tasks))
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
    _require_in_subtree(agency, acting_user)
    until_year = until_year or year
    check_plan(template, agency, year, until_year)
    document = template.document
    plan = Plan(agency=agency, template=template, year=year, until_year=until_year,
                resolved_on=resolution_day(agency, year),
                document={key: document[key] for key in ("preamble", "sections", "assessment", "document",
                                                         "project_list") if key in document})
    builder = _Builder(plan, document.get("roles", {}))
    plan.document["names"] = builder.department_names()
    plan.title = title or fill(document.get("plan_title", document["title"]), plan)
    plan.save()
    for order, spec in enumerate(document["groups"]):
        group = PlanGroup.objects.create(plan=plan, code=spec["code"], title=fill(spec["title"], plan),
                                         guidance=spec.get("guidance", ""), order=order)
        for task in spec.get("tasks", []):
            builder.add_task(task, group, None)
    builder.save_links()
    plan.notes = builder.notes()
    plan.save(update_fields=["notes"])
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


def _require_in_subtree(agency: Agency, user) -> None:
    if not scope_of(user).covers(agency.path):
        raise ValidationError({"agency": "Cơ quan này nằm ngoài phạm vi quản lý của bạn."})


def may_manage_plan(plan: Plan, user) -> bool:
    """The plan's own agency (or above) with a planning role: edits tasks, settles roles, issues."""
    return user.can_manage_plans and scope_of(user).covers(plan.agency.path)


def _require_manage(plan: Plan, user) -> None:
    if not may_manage_plan(plan, user):
        raise PermissionDenied("Chỉ cơ quan ban hành kế hoạch được thay đổi kế hoạch này.")


@transaction.atomic
def do_settle_role(plan: Plan, role: str, agency: Agency, *, acting_user) -> int:
    """Give every task waiting on `role` the agency a person chose; returns how many tasks changed."""
    _require_manage(plan, acting_user)
    if not agency.path.startswith(plan.agency.path):
        raise ValidationError({"agency": f"Cơ quan phải thuộc {plan.agency}."})
    changed = 0
    for task in plan.tasks.exclude(unresolved=[]):
        waiting = [item for item in task.unresolved if item["role"] == role]
        if not waiting:
            continue
        before = audit.snapshot(task)
        if any(item["as"] == "lead" for item in waiting) and task.lead is None:
            task.lead = agency
        else:
            task.cooperating.add(agency)
        task.unresolved = [item for item in task.unresolved if item["role"] != role]
        task.save(update_fields=["lead", "unresolved"])
        audit.record_update(task, before, actor=acting_user)
        changed += 1
    if not changed:
        raise ValidationError("Không còn nhiệm vụ nào chờ xác định vai trò này.")
    return changed


@transaction.atomic
def do_issue_plan(plan: Plan, *, acting_user, number: str, issued_on: datetime.date, place: str,
                  signer_title: str, signer_name: str) -> Plan:
    """Record the issuing document; a plan with tasks still waiting for an agency cannot be issued."""
    _require_manage(plan, acting_user)
    waiting = unresolved_roles(plan)
    if waiting:
        raise ValidationError("Còn vai trò chưa xác định cơ quan thực hiện: "
                              + ", ".join(f"“{w['label']}”" for w in waiting) + ".")
    before = audit.snapshot(plan)
    plan.number, plan.issued_on, plan.place = number, issued_on, place
    plan.signer_title, plan.signer_name, plan.status = signer_title, signer_name, Plan.Status.ISSUED
    plan.full_clean()
    plan.save()
    audit.record_update(plan, before, actor=acting_user)
    return plan


@transaction.atomic
def do_save_task(task: Task, *, acting_user, cooperating=None, seen_version=None, **fields) -> Task:
    """Add a task to a plan or change one (title, agencies, deadline, project columns); a change made over an
    older version than `seen_version` raises `StaleEdit`."""
    plan = task.plan
    _require_manage(plan, acting_user)
    creating = task._state.adding
    before = {} if creating else audit.snapshot(lock_for_change(task, seen_version))
    for name, value in fields.items():
        setattr(task, name, value)
    for agency in [task.lead, *(cooperating or [])]:
        if agency is not None and not agency.path.startswith(plan.agency.path):
            raise ValidationError({"lead": f"Cơ quan thực hiện phải thuộc {plan.agency}."})
    try:
        due, recurrence, periods = _deadline(task.deadline_text, plan.year, plan.until_year)
    except DeadlineError as error:
        raise ValidationError({"deadline_text": str(error)}) from None
    task.due_date, task.recurrence = due, recurrence
    if creating:
        task.order = (plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    task.full_clean()
    task.save()
    if cooperating is not None:
        task.cooperating.set(cooperating)
    if not recurrence:  # no longer recurring: periods nobody reported on go
        task.periods.filter(updates__isnull=True).delete()
    else:
        kept = {p.year for p in task.periods.all()}
        TaskPeriod.objects.bulk_create([TaskPeriod(task=task, year=y, due_date=d) for y, d in periods if y not in kept])
        for period in task.periods.all():
            period.due_date = dict(periods).get(period.year, period.due_date)
            period.save(update_fields=["due_date"])
        _follow_current_period(task)
    if creating:
        audit.record_create(task, actor=acting_user)
    else:
        audit.record_update(task, before, actor=acting_user)
    return task


# --- Reporting on tasks ------------------------------------------------------------------------

def _require_visible(tasks: list[Task], user) -> None:
    visible = set(Task.objects.visible_to(user).filter(pk__in=[t.pk for t in tasks]).values_list("pk", flat=True))
    if any(t.pk not in visible for t in tasks):
        raise Http404

def may_set_status(task: Task, user) -> bool:
    """The lead (or the plan's agency) reports status and progress; cooperating agencies add results and evidence."""
    scope = scope_of(user)
    paths = [task.plan.agency.path] + ([task.lead.path] if task.lead else [])
    return user.can_manage_registry and any(scope.covers(path) for path in paths)


def _consistent(status: str, progress: int | None, previous: int) -> int:
    if status == Task.Status.DONE:
        return 100
    if status == Task.Status.TODO:
        return 0
    value = previous if progress is None else progress
    if not 1 <= value <= 99:
        raise ValidationError({"progress": "Nhiệm vụ đang làm có tiến độ từ 1 đến 99%."})
    return value


def _follow_current_period(task: Task) -> None:
    """A recurring task shows its first open period: its due date, status and progress."""
    periods = list(task.periods.all())
    current = next((p for p in periods if p.status != Task.Status.DONE), periods[-1] if periods else None)
    if current is not None:
        task.due_date, task.status, task.progress = current.due_date, current.status, current.progress
        task.save(update_fields=["due_date", "status", "progress"])


def _roll_up_parent(task: Task, actor) -> None:
    parent = task.parent
    if parent is None:
        return
    before = audit.snapshot(parent)
    children = list(parent.subtasks.all())
    parent.progress = round(sum(c.progress for c in children) / len(children))
    parent.status = (Task.Status.DONE if all(c.status == Task.Status.DONE for c in children)
                     else Task.Status.TODO if all(c.status == Task.Status.TODO for c in children)
                     else Task.Status.DOING)
    parent.save(update_fields=["progress", "status"])
    audit.record_update(parent, before, actor=actor)


def _set_status(task: Task, status: str, progress: int | None, acting_user) -> TaskPeriod | None:
    before = audit.snapshot(task)
    period = None
    if task.recurrence:
        period = next((p for p in task.periods.all() if p.status != Task.Status.DONE), None)
    target = period or task
    target.progress = _consistent(status, progress, target.progress)
    target.status = status
    target.save(update_fields=["status", "progress"])
    if period is not None:
        _follow_current_period(task)
    audit.record_update(task, before, actor=acting_user)
    _roll_up_parent(task, acting_user)
    return period


@transaction.atomic
def do_record_update(task: Task, *, acting_user, text: str, status: str = "", progress: int | None = None,
                     document_number: str = "", document_date=None, document_title: str = "", file=None) -> TaskUpdate:
    """A report on a task; with a status it moves the task (or its current period) and rolls up to its parent."""
    require_role(acting_user.can_manage_registry, "Vai trò của bạn không được báo cáo nhiệm vụ.")
    _require_visible([task], acting_user)
    if task.subtasks.exists() and status:
        raise ValidationError({"status": "Hiện trạng của nhiệm vụ này tính từ các nhiệm vụ con; hãy cập nhật "
                                         "từng nhiệm vụ con."})
    if status and not may_set_status(task, acting_user):
        raise ValidationError({"status": "Chỉ cơ quan chủ trì hoặc cơ quan ban hành kế hoạch cập nhật hiện trạng; "
                                         "cơ quan phối hợp báo cáo kết quả và minh chứng."})
    if document_number and not document_date:
        raise ValidationError({"document_date": "Văn bản minh chứng cần có ngày ban hành."})
    period = _set_status(task, status, progress, acting_user) if status else None
    update = TaskUpdate(task=task, period=period, author=acting_user, agency=acting_user.agency, text=text,
                        status=status, progress=task.progress if status else None, document_number=document_number,
                        document_date=document_date, document_title=document_title, file=file or "")
    update.full_clean()
    update.save()
    audit.record_create(update, actor=acting_user)
    return update


@transaction.atomic
def do_bulk_status(tasks: list[Task], status: str, *, acting_user) -> int:
    """Set one status on many tasks: all of them, or none when any may not be changed by this user."""
    require_role(acting_user.can_manage_registry, "Vai trò của bạn không được báo cáo nhiệm vụ.")
    if status not in Task.Status.values:
        raise ValidationError("Hiện trạng không hợp lệ.")
    _require_visible(tasks, acting_user)
    refused = [t for t in tasks if not may_set_status(t, acting_user) or t.subtasks.exists()]
    if refused:
        raise ValidationError("Không cập nhật được các nhiệm vụ: " + ", ".join(t.code or t.title for t in refused)
                              + " (không do cơ quan bạn chủ trì, hoặc có nhiệm vụ con). Không nhiệm vụ nào thay đổi.")
    for task in tasks:
        # Started in bulk without a figure: 1%, so a roll-up never overstates what was reported.
        _set_status(task, status, 1 if status == Task.Status.DOING and not 1 <= task.progress <= 99 else None,
                    acting_user)
    return len(tasks)


@transaction.atomic
def do_save_assessment(entry: AssessmentEntry, *, acting_user, achieved: str, shortcomings: str,
                       seen_version=None) -> AssessmentEntry:
    _require_manage(entry.plan, acting_user)
    before = audit.snapshot(lock_for_change(entry, seen_version))
    entry.achieved, entry.shortcomings = achieved, shortcomings
    entry.save()
    audit.record_update(entry, before, actor=acting_user)
    return entry


# --- Reading ---------------------------------------------------------------------------------

@dataclass
class GroupRollup:
    """A group's tasks and what they add up to: how many done, doing, not started, and mean progress."""

    group: PlanGroup | None
    tasks: list
    done: int = 0
    doing: int = 0
    todo: int = 0
    overdue: int = 0
    progress: int = 0

    @property
    def symbol(self) -> str:
        if self.tasks and self.done == len(self.tasks):
            return "✓"
        return "Đ" if self.done or self.doing else "✗"


def rollup(tasks: list[Task], groups: list[PlanGroup], today: datetime.date) -> tuple[list[GroupRollup], GroupRollup]:
    """Per group and for the whole plan, over top-level tasks (a parent already sums up its sub-tasks)."""
    by_group: dict[int | None, GroupRollup] = {g.pk: GroupRollup(g, []) for g in groups}
    total = GroupRollup(None, [])
    for task in tasks:
        task.overdue = task.is_overdue(today)
        row = by_group.setdefault(task.group_id, GroupRollup(None, []))
        row.tasks.append(task)
        if task.parent_id is not None:
            continue
        for r in (row, total):
            setattr(r, task.status, getattr(r, task.status) + 1)
            r.overdue += task.overdue
            r.progress += task.progress
    for r in [*by_group.values(), total]:
        top = r.done + r.doing + r.todo
        r.progress = round(r.progress / top) if top else 0
    return list(by_group.values()), total


def tasks_of_agency(agency: Agency, user):
    """The tasks an agency leads and those it cooperates on, among those the user may see."""
    visible = Task.objects.visible_to(user).select_related("plan", "lead").order_by("due_date", "plan", "order")
    cooperating = Task.cooperating.through.objects.filter(agency=agency).values("task")
    # A subquery rather than a join: the two querysets can be OR-ed without counting a task twice.
    return visible.filter(lead=agency), visible.filter(pk__in=cooperating).exclude(lead=agency)


def assignable_agencies(plan: Plan):
    """Agencies a plan may assign: its own agency and those below it, in force on the plan's day."""
    return Agency.objects.filter(Q(pk=plan.agency_id) | Q(path__startswith=plan.agency.path)).valid_on(
        plan.resolved_on).order_by("depth", "name")
