"""Every write of the information-security register: systems, the approval of their level, assessments, drills and
trust labels. Coordinators and focal points write within their scope; each write is audited in its transaction, and
the province's or ministry's milestone “security-dossiers” follows the register (never typed by hand)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.scoping import scope_of
from dxnet.core.services import require_role, save_in_scope
from dxnet.monitoring import services as milestones
from dxnet.monitoring.models import Milestone

from . import rules
from .models import InformationSystem, SecurityAssessment, SecurityDrill, TrustLabel

MILESTONE_CODE = "security-dossiers"
NOT_ALLOWED = "Chỉ cán bộ điều phối và đầu mối chuyển đổi số được ghi sổ an toàn thông tin."
APPROVAL_FIELDS = ("approved_level", "dossier_number", "dossier_date", "dossier_approver", "dossier_file")


def _require_writer(user) -> None:
    require_role(user.can_manage_registry, NOT_ALLOWED)


def _require_scope(agency: Agency, user) -> None:
    if not scope_of(user).covers(agency.path):
        raise PermissionDenied("Cơ quan này nằm ngoài phạm vi của bạn.")


def _without_empty_file(fields: dict, name: str) -> dict:
    """A form or an API call that sends no new file keeps the stored one."""
    if name in fields and not fields[name]:
        fields.pop(name)
    return fields


# --- The milestone “security-dossiers”, derived from the register ---------------------------------------------------

def dossiers_complete(body: Agency, day: datetime.date) -> InformationSystem | None:
    """When every system registered in the body's subtree on `day` is approved, the system whose approval completed
    the set (the latest approved); None when one is not, or none is registered."""
    systems = InformationSystem.objects.filter(agency__path__startswith=body.path).filter(rules.registered_on(day))
    if not systems.exists() or systems.exclude(rules.approved_on(day)).exists():
        return None
    return systems.order_by("-dossier_date", "-pk").first()


@transaction.atomic
def sync_dossier_milestone(agency: Agency, *, acting_user) -> Milestone | None:
    """Record the milestone of the province or ministry above `agency` while 100% of its systems are approved,
    withdraw it when that stops holding. Called after every write that changes the register."""
    body = rules.body_of(agency)
    if body is None:
        return None
    completing = dossiers_complete(body, timezone.localdate())
    if completing is not None:
        return milestones.do_derive_milestone(
            completing, agency=body, code=MILESTONE_CODE, achieved_on=completing.dossier_date, issuer=body.name,
            document=(f"Sổ hệ thống thông tin: {body.name} phê duyệt hồ sơ đề xuất cấp độ cho 100% hệ thống thông tin"
                      f" (hồ sơ cuối cùng: {completing.name}, {completing.dossier_number or 'không số'} ngày "
                      f"{completing.dossier_date:%d/%m/%Y})"), acting_user=acting_user)
    derived = Milestone.objects.filter(agency=body, kind__code=MILESTONE_CODE,
                                       source_type=ContentType.objects.get_for_model(InformationSystem)).first()
    if derived is not None:
        milestones.do_withdraw_derived(InformationSystem(pk=derived.source_id), acting_user=acting_user)
    return None


# --- Systems ------------------------------------------------------------------------------------------------------

@transaction.atomic
def do_register_system(system: InformationSystem, *, acting_user, agency: Agency, **fields) -> InformationSystem:
    """Register a system of an agency in the author's scope (with its level approved already, if it is)."""
    _require_writer(acting_user)
    _require_scope(agency, acting_user)
    fields = _without_empty_file(fields, "dossier_file")
    fields["valid_from"] = fields.get("valid_from") or timezone.localdate()  # in the register from today
    system = save_in_scope(system, acting_user=acting_user, agency=agency, **fields)
    sync_dossier_milestone(system.agency, acting_user=acting_user)
    return system


@transaction.atomic
def do_update_system(system: InformationSystem, *, acting_user, **fields) -> InformationSystem:
    """Change a system's description, level, dossier or protection; moving it moves its milestone too."""
    _require_writer(acting_user)
    before_agency = system.agency
    if "agency" in fields:
        _require_scope(fields["agency"], acting_user)
    fields = _without_empty_file(fields, "dossier_file")
    system = save_in_scope(system, acting_user=acting_user, **fields)
    sync_dossier_milestone(system.agency, acting_user=acting_user)
    if before_agency.pk != system.agency_id:
        sync_dossier_milestone(before_agency, acting_user=acting_user)
    return system


@transaction.atomic
def do_approve_level(system: InformationSystem, *, acting_user, approved_level: int, dossier_date: datetime.date,
                     dossier_number: str = "", dossier_approver: str = "", dossier_file=None,
                     seen_version=None) -> InformationSystem:
    """Record the approval of the system's level dossier (hồ sơ đề xuất cấp độ)."""
    if not approved_level or not dossier_date:
        raise ValidationError({"approved_level" if not approved_level else "dossier_date":
                               "Phê duyệt hồ sơ cấp độ cần cả cấp độ được phê duyệt và ngày phê duyệt."})
    extra = {"seen_version": seen_version} if seen_version is not None else {}
    return do_update_system(system, acting_user=acting_user, approved_level=approved_level, dossier_date=dossier_date,
                            dossier_number=dossier_number.strip(), dossier_approver=dossier_approver.strip(),
                            dossier_file=dossier_file, **extra)


@transaction.atomic
def do_end_system(system: InformationSystem, *, acting_user, valid_to: datetime.date,
                  seen_version=None) -> InformationSystem:
    """Retire a system from the register on a day (it stays as history)."""
    if valid_to is None:
        raise ValidationError({"valid_to": "Hãy ghi ngày hệ thống ngừng hoạt động."})
    extra = {"seen_version": seen_version} if seen_version is not None else {}
    return do_update_system(system, acting_user=acting_user, valid_to=valid_to, **extra)


# --- Assessments, drills, trust labels -----------------------------------------------------------------------------

def _check_system(system: InformationSystem, user) -> None:
    if not InformationSystem.objects.visible_to(user).filter(pk=system.pk).exists():
        raise PermissionDenied("Hệ thống này nằm ngoài phạm vi của bạn.")


@transaction.atomic
def do_record_assessment(assessment: SecurityAssessment, *, acting_user, system: InformationSystem | None = None,
                         **fields) -> SecurityAssessment:
    """Record (or correct) a periodic assessment of a system; its next due date moves on from it."""
    _require_writer(acting_user)
    system = system or assessment.system
    _check_system(system, acting_user)
    fields = _without_empty_file(fields, "file")
    return save_in_scope(assessment, acting_user=acting_user, system=system, **fields)


HIDDEN_SYSTEM = "Hệ thống được chọn không có hoặc nằm ngoài phạm vi của bạn."


def check_drill_systems(agency: Agency, systems, user=None) -> None:
    """The systems of a drill lie in its body's subtree; one the author cannot see is refused without its name (as
    a missing one), so that a refusal never tells what another province runs."""
    if user is not None:
        visible = set(InformationSystem.objects.visible_to(user).filter(pk__in=[s.pk for s in systems])
                      .values_list("pk", flat=True))
        if any(s.pk not in visible for s in systems):
            raise ValidationError({"systems": HIDDEN_SYSTEM})
    outside = [s.name for s in systems if not s.agency.path.startswith(agency.path)]
    if outside:
        raise ValidationError({"systems": f"Hệ thống không thuộc {agency.name}: {', '.join(outside)}."})


@transaction.atomic
def do_record_drill(drill: SecurityDrill, *, acting_user, agency: Agency | None = None, systems=None,
                    seen_version=None, **fields) -> SecurityDrill:
    """Record (or correct) a drill of a province or a ministry with the systems it exercised (of its subtree)."""
    _require_writer(acting_user)
    agency = agency or drill.agency
    _require_scope(agency, acting_user)
    systems = list(systems if systems is not None else (drill.systems.all() if drill.pk else []))
    check_drill_systems(agency, systems, acting_user)
    before = ", ".join(sorted(drill.systems.values_list("name", flat=True))) if drill.pk else ""
    extra = {"seen_version": seen_version} if seen_version is not None else {}
    drill = save_in_scope(drill, acting_user=acting_user, agency=agency, **extra, **fields)
    drill.systems.set(systems)
    after = ", ".join(sorted(s.name for s in systems))
    if after != before:  # not a field of the drill: the history shows the key as its label
        audit.record_change(drill, {"hệ thống tham gia": [before or None, after or None]}, actor=acting_user)
    return drill


@transaction.atomic
def do_record_trust_label(label: TrustLabel, *, acting_user, system: InformationSystem | None = None, **fields
                          ) -> TrustLabel:
    """Record (or correct) the network trust label of a website or portal."""
    _require_writer(acting_user)
    system = system or label.system
    _check_system(system, acting_user)
    return save_in_scope(label, acting_user=acting_user, system=system, **fields)


@transaction.atomic
def do_import_systems(rows: list[dict], *, acting_user) -> tuple[int, int]:
    """Write the checked rows of a sheet (upsert on agency and name, audited), then let the milestone of each province
    or ministry they touch follow; (created, updated)."""
    from dxnet.core.reference import upsert

    _require_writer(acting_user)
    today = timezone.localdate()
    new = {(row["agency_id"], row["name"]) for row in rows} - set(
        InformationSystem.objects.filter(agency_id__in={row["agency_id"] for row in rows}).values_list(
            "agency_id", "name"))
    for row in rows:  # a new system enters the register today, as from the form
        if (row["agency_id"], row["name"]) in new:
            row["valid_from"] = today
    result = upsert(InformationSystem, rows, key=("agency_id", "name"), actor=acting_user,
                    queryset=InformationSystem.objects.visible_to(acting_user))
    bodies = {}
    for agency in Agency.objects.filter(pk__in={row["agency_id"] for row in rows}):
        body = rules.body_of(agency)
        if body is not None:
            bodies[body.pk] = body
    for body in bodies.values():
        sync_dossier_milestone(body, acting_user=acting_user)
    return result
