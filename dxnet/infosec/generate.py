"""Generated information systems for `dxnet generate`: ~30k systems at national scale over each province's People's
Committee, departments and communes (and a few per ministry), their level dossiers, periodic assessments (most on
time, some overdue), live-fire drills and trust labels. Bulk inserts, no audit (nobody did them).

About four provinces in ten have every system approved: their milestone “security-dossiers” is the one the register
derives (its source the system that completed the set); in the others a generated milestone of that kind is removed,
so the milestone always agrees with the register.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max

from dxnet.agencies.models import Agency
from dxnet.monitoring.models import Milestone, MilestoneKind

from .models import InformationSystem, SecurityAssessment, SecurityDrill, TrustLabel
from .rules import CYCLE_MONTHS, add_months

BATCH = 5000
LEVEL_WEIGHTS = {1: 30, 2: 35, 3: 25, 4: 8, 5: 2}
NAMES = {
    Agency.Kind.PROVINCIAL_PC: ["Cổng thông tin điện tử", "Hệ thống quản lý văn bản và điều hành",
                                "Hệ thống thư điện tử", "Hệ thống thông tin báo cáo",
                                "Trung tâm điều hành thông minh (IOC)",
                                "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)", "Hệ thống giám sát an toàn thông tin",
                                "Hệ thống thông tin giải quyết thủ tục hành chính", "Trung tâm dữ liệu"],
    Agency.Kind.PROVINCIAL_DEPARTMENT: ["Trang thông tin điện tử", "Phần mềm quản lý chuyên ngành",
                                        "Cơ sở dữ liệu chuyên ngành", "Phần mềm quản lý hồ sơ", "Hệ thống mạng nội bộ",
                                        "Phần mềm kế toán"],
    Agency.Kind.COMMUNE_PC: ["Trang thông tin điện tử", "Hệ thống một cửa điện tử", "Mạng nội bộ",
                             "Phần mềm quản lý hộ tịch", "Phần mềm kế toán"],
}
MINISTRY_NAMES = NAMES[Agency.Kind.PROVINCIAL_PC]
PUBLIC = {"Cổng thông tin điện tử", "Trang thông tin điện tử"}
FIRST = datetime.date(2023, 1, 2)
DOSSIERS_FROM, DOSSIERS_TO = datetime.date(2023, 3, 1), datetime.date(2025, 9, 30)


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _how_many(agency: Agency, rng: random.Random) -> int:
    if agency.kind == Agency.Kind.PROVINCIAL_PC:
        return rng.randint(20, 40)
    if agency.kind == Agency.Kind.COMMUNE_PC:
        return rng.randint(4, 8)
    return rng.randint(14, 26)


def _system(rng: random.Random, agency: Agency, index: int, names: list[str], complete: bool,
            today: datetime.date) -> InformationSystem:
    base = names[index % len(names)]
    name = base if index < len(names) else f"{base} {index // len(names) + 1}"
    level = rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
    approved = complete or rng.random() < 0.85
    dossier = _day(rng, DOSSIERS_FROM, min(today, DOSSIERS_TO)) if approved else None
    protected = dossier and rng.random() < 0.8
    return InformationSystem(
        agency=agency, name=name, purpose="Phục vụ chỉ đạo, điều hành và cung cấp dịch vụ.",
        public_facing=base in PUBLIC,
        operator="Trung tâm Công nghệ thông tin", hosting="Trung tâm dữ liệu tỉnh", proposed_level=level,
        approved_level=level if approved else None, dossier_date=dossier,
        dossier_number=f"{rng.randint(1, 3000)}/QĐ-UBND" if approved else "", dossier_approver=agency.name[:300],
        protection_implemented_on=min(today, dossier + datetime.timedelta(days=rng.randint(20, 240)))
        if protected else None, valid_from=FIRST)


def _assessments(rng: random.Random, system: InformationSystem, today: datetime.date) -> list[SecurityAssessment]:
    """From the approval on, one per cycle a little early or late; one system in ten stops (it becomes overdue)."""
    rows, day = [], system.dossier_date
    stops = rng.random() < 0.1
    while True:
        day = add_months(day, CYCLE_MONTHS[system.approved_level]) - datetime.timedelta(days=rng.randint(0, 45))
        if day > today or (stops and rows):
            return rows
        rows.append(SecurityAssessment(system_id=system.pk, assessed_on=day, assessor="Đơn vị chuyên trách an toàn "
                                       "thông tin", result=rng.choice(("passed", "passed", "passed", "findings"))))


def generate(rng: random.Random, provinces: list[Agency], today: datetime.date) -> dict[str, int]:
    """Insert the register for `provinces` and the ministries in force; returns the counts per kind of row."""
    ministries = list(Agency.objects.ministry_level().filter(valid_to__isnull=True).order_by("code"))
    per_ministry = max(1, round(30 * len(provinces) / 34))
    complete_bodies = set()
    systems: list[InformationSystem] = []
    for body in [*provinces, *ministries]:
        complete = rng.random() < 0.4
        if complete:
            complete_bodies.add(body.pk)
        start = len(systems)
        if body.kind == Agency.Kind.PROVINCIAL_PC:
            agencies = Agency.objects.filter(path__startswith=body.path, valid_to__isnull=True, kind__in=list(NAMES))
            for agency in agencies.order_by("path"):
                names = NAMES[agency.kind]
                systems.extend(_system(rng, agency, i, names, complete, today) for i in range(_how_many(agency, rng)))
        else:
            systems.extend(_system(rng, body, i, MINISTRY_NAMES, complete, today) for i in range(per_ministry))
        for system in systems[start:]:
            system.body_id = body.pk  # not a field: which drill may exercise it
    # A second run over new provinces meets the ministries' systems again: a name stays once per agency.
    existing = set(InformationSystem.objects.filter(agency__in={s.agency_id for s in systems})
                   .values_list("agency_id", "name"))
    systems = [s for s in systems if (s.agency_id, s.name) not in existing]
    InformationSystem.objects.bulk_create(systems, batch_size=BATCH)

    assessments = [a for s in systems if s.dossier_date for a in _assessments(rng, s, today)]
    SecurityAssessment.objects.bulk_create(assessments, batch_size=BATCH)
    labels = []
    for system in systems:
        if system.public_facing and system.dossier_date and rng.random() < 0.8:
            issued = _day(rng, max(system.dossier_date, today - datetime.timedelta(days=900)), today)
            labels.append(TrustLabel(system_id=system.pk, number=f"TNM-{system.pk}", issued_on=issued,
                                     expires_on=issued + datetime.timedelta(days=730)))
    TrustLabel.objects.bulk_create(labels, batch_size=BATCH)

    drills, exercised = _drills(rng, provinces, ministries, systems, today)
    SecurityDrill.objects.bulk_create(drills, batch_size=BATCH)
    through = SecurityDrill.systems.through
    through.objects.bulk_create([through(securitydrill_id=drill.pk, informationsystem_id=pk)
                                 for drill, pks in zip(drills, exercised, strict=True) for pk in pks],
                                batch_size=BATCH)
    _derive_milestones([*provinces, *ministries], complete_bodies)
    return {"hệ thống thông tin": len(systems), "lần đánh giá an toàn thông tin": len(assessments),
            "nhãn tín nhiệm mạng": len(labels), "cuộc diễn tập": len(drills)}


def _drills(rng, provinces, ministries, systems, today) -> tuple[list[SecurityDrill], list[list[int]]]:
    """Most provinces drill live-fire once or twice a year, exercising some of their level 3+ systems."""
    priority: dict[int, list[int]] = {}
    for system in systems:
        if (system.approved_level or 0) >= 3:
            priority.setdefault(system.body_id, []).append(system.pk)
    drills, exercised = [], []
    for body in [*provinces, *ministries]:
        for year in (today.year - 1, today.year):
            for _ in range(rng.choice((0, 1, 1, 2) if body.kind == Agency.Kind.PROVINCIAL_PC else (0, 1))):
                day = _day(rng, datetime.date(year, 1, 5), min(today, datetime.date(year, 12, 20)))
                drills.append(SecurityDrill(agency=body, date=day, live_fire=rng.random() < 0.8,
                                            scenario="Tấn công mã độc tống tiền vào hệ thống quan trọng",
                                            result="Phát hiện và xử lý trong thời gian quy định."))
                candidates = priority.get(body.pk, [])
                exercised.append(rng.sample(candidates, min(len(candidates), rng.randint(1, 5))))
    return drills, exercised


def _derive_milestones(bodies: list[Agency], complete: set[int]) -> None:
    """The milestone “security-dossiers” as the register says: derived where every system is approved (source: the
    last approved system), absent elsewhere."""
    kind = MilestoneKind.objects.get(code="security-dossiers")
    source_type = ContentType.objects.get_for_model(InformationSystem)
    # A body drawn complete again on a second run may hold systems of the first one still waiting: not complete.
    complete = {body.pk for body in bodies if body.pk in complete and not InformationSystem.objects.filter(
        agency__path__startswith=body.path, dossier_date__isnull=True).exists()}
    Milestone.objects.filter(kind=kind, agency__in=[b for b in bodies if b.pk not in complete]).delete()
    rows = []
    for body in bodies:
        if body.pk not in complete:
            continue
        systems = InformationSystem.objects.filter(agency__path__startswith=body.path)
        last_day = systems.aggregate(day=Max("dossier_date"))["day"]
        last = systems.filter(dossier_date=last_day).order_by("-pk").first()
        if last is None:
            continue
        Milestone.objects.filter(kind=kind, agency=body).delete()
        rows.append(Milestone(agency=body, kind=kind, year=0, achieved_on=last_day, document_date=last_day,
                              document=f"Sổ hệ thống thông tin: {body.name} phê duyệt hồ sơ cấp độ cho 100% hệ thống",
                              issuer=body.name[:300], source_type=source_type, source_id=last.pk))
    Milestone.objects.bulk_create(rows, batch_size=BATCH)
