"""Deterministic, plausible data on the real unit tree, for benchmarks and demonstrations at any scale.

`dxnet generate --scale {demo,province,national} --seed N` fills a database that holds the reference data:
departments, officials with DX duties, focal points for most agencies, villages and teams for most communes,
members, two years of activities, plans from the templates with tasks in every status, milestones, a reporting
round with partial completeness; `national3` is the national country with three times its volumes. Rows go in
with bulk inserts, province by province, and the command prints its progress. Generated rows are not written to
the audit trail: nobody did them.

Then the parts of the apps that coordinate and track (obstacles, steering committees, inspections, …), each its
app's `generate(rng, provinces, today)`. A part runs once per database: on a database generated before the part
existed, the command adds just the missing parts, with the same rows a fresh run would give. The last part gives
every province, department, ministry and commune a plan a year over five years, with tasks and their reports
(~20,000 plans, ~600,000 tasks, ~2,000,000 task updates nationally).
"""

import dataclasses
import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from dxnet.accounts.models import Role, User
from dxnet.agencies.models import Agency
from dxnet.core.text import fold
from dxnet.monitoring.models import Milestone, MilestoneKind
from dxnet.network.models import CommunityTeam, SkillArea, TeamActivity, TeamMember, Village
from dxnet.people.models import DxDuty, FocalPoint, Person
from dxnet.plans.models import PlanTemplate, Task, TaskPeriod
from dxnet.plans.services import do_create_plan
from dxnet.reporting.models import ReportForm, Submission
from dxnet.reporting.services import do_create_round

BATCH = 5000
MARKER = "gen-"  # code prefix of generated agencies: a database is generated once
TODAY = datetime.date(2026, 11, 26)
REFORM = datetime.date(2025, 7, 1)

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Lò", "Giàng", "Vàng", "Sùng", "Hà", "Đinh", "Lương", "Mai"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Đức", "Thu", "Hữu", "Thị Thu", "Xuân", "Hoàng"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Duy", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Phúc", "Phương", "Quân", "Quyên", "Sơn", "Tâm",
         "Thảo", "Trang", "Trung", "Tuấn", "Vân", "Yến"]
DEPARTMENTS = ["Văn phòng Ủy ban nhân dân", "Sở Tài chính", "Sở Tư pháp", "Sở Công Thương", "Sở Giáo dục và Đào tạo",
               "Sở Y tế", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường", "Sở Văn hóa, Thể thao và Du lịch",
               "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh", "Ban Quản lý các khu công nghiệp"]
VILLAGE_KINDS = [(Village.Kind.VILLAGE, "Thôn"), (Village.Kind.HAMLET, "Bản"), (Village.Kind.RESIDENTIAL_GROUP,
                                                                               "Tổ dân phố")]
MEMBER_ROLES = [TeamMember.Role.VILLAGE_HEAD, TeamMember.Role.YOUTH_UNION, TeamMember.Role.POLICE,
                TeamMember.Role.MILITIA, TeamMember.Role.TELECOM, TeamMember.Role.VOLUNTEER]


@dataclass(frozen=True)
class Scale:
    provinces: int  # how many provinces, Lào Cai first
    communes: int | None  # per province; None: all of them
    people_per_commune: tuple[int, int]
    people_per_department: tuple[int, int]
    villages_per_commune: tuple[int, int]
    members_per_team: tuple[int, int]
    activities_per_team: tuple[int, int]  # over two years
    share: float = 1.0  # of the national volume of obstacles, inspections, … per province


    def times(self, factor: int) -> "Scale":
        """The same country with `factor` times the volumes (people, villages and with them teams, members and
        activities, plans, …): rows under a village or a team grow with the villages, not once more per level."""
        def grown(span: tuple[int, int]) -> tuple[int, int]:
            return span[0] * factor, span[1] * factor
        return dataclasses.replace(
            self, people_per_commune=grown(self.people_per_commune),
            people_per_department=grown(self.people_per_department),
            villages_per_commune=grown(self.villages_per_commune), share=self.share * factor)


SCALES = {
    "demo": Scale(1, 6, (3, 6), (3, 6), (3, 6), (3, 5), (4, 8), share=0.05),
    "province": Scale(1, None, (15, 30), (10, 30), (8, 16), (4, 7), (15, 30)),
    "national": Scale(34, None, (20, 35), (10, 40), (20, 32), (4, 7), (25, 45)),
}
SCALES["national3"] = SCALES["national"].times(3)  # how cost grows with the volume


class Generator:
    def __init__(self, scale: Scale, seed: int, say: Callable[[str], None] = print):
        self.scale, self.seed, self.random, self.say = scale, seed, random.Random(seed), say
        self.phone = 900_000_000
        self.skills = list(SkillArea.objects.filter(is_active=True))
        self.counts: dict[str, int] = {}

    # --- helpers

    def name(self) -> str:
        r = self.random
        return f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def next_phone(self) -> str:
        self.phone += 1
        return f"0{self.phone}"

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.random.randint(0, max(0, (last - first).days)))

    def insert(self, model, rows: list) -> list:
        model.objects.bulk_create(rows, batch_size=BATCH)
        self.counts[model._meta.verbose_name] = self.counts.get(model._meta.verbose_name, 0) + len(rows)
        return rows

    # --- the country, province by province

    def run(self) -> dict[str, int]:
        provinces = list(Agency.objects.provincial_pcs().filter(valid_to__isnull=True).order_by("code"))
        provinces.sort(key=lambda pc: pc.code != "ubnd-tinh-15")  # Lào Cai first, as in the demo
        provinces = provinces[:self.scale.provinces]
        missing = [part for part in parts() if not part.present()]
        if Agency.objects.filter(code__startswith=MARKER).exists():
            if not missing:
                raise ValueError("Cơ sở dữ liệu này đã có dữ liệu sinh; hãy dùng một cơ sở dữ liệu mới.")
            generated = set(Agency.objects.filter(code__startswith=MARKER).values_list("parent_id", flat=True))
            provinces = [pc for pc in provinces if pc.pk in generated]
            self.say("Đã có dữ liệu sinh; chỉ sinh thêm: " + ", ".join(part.label for part in missing) + ".")
        else:
            for index, pc in enumerate(provinces, 1):
                with transaction.atomic():
                    self.province(pc)
                self.say(f"[{index}/{self.scale.provinces}] {pc.admin_unit.name}: "
                         + "; ".join(f"{n:,}".replace(",", ".") + f" {label}" for label, n in self.counts.items()))
            with transaction.atomic():
                self.national(provinces)
        for part in missing:
            with transaction.atomic():
                counts = part.generate(random.Random(f"{self.seed}:{part.label}"), provinces, self)
            self.counts.update(counts)
            self.say(f"{part.label}: " + "; ".join(f"{n:,}".replace(",", ".") + f" {label}"
                                                   for label, n in counts.items()))
        return self.counts

    def province(self, pc: Agency) -> None:
        scale = self.scale
        departments = self.departments(pc)
        communes = list(Agency.objects.filter(parent=pc, kind=Agency.Kind.COMMUNE_PC).order_by("code"))
        communes = communes[:scale.communes] if scale.communes else communes
        people = self.people([*[(d, scale.people_per_department) for d in [pc, *departments]],
                              *[(c, scale.people_per_commune) for c in communes]])
        self.focal_points([pc, *departments, *communes], people)
        self.teams(communes)
        self.milestones(pc)

    def departments(self, pc: Agency) -> list[Agency]:
        existing = list(Agency.objects.filter(parent=pc, kind=Agency.Kind.PROVINCIAL_DEPARTMENT))
        unit = pc.admin_unit
        place = f"{unit.name[0].lower()}{unit.name[1:]}"
        rows = []
        for index, name in enumerate(DEPARTMENTS, 1):
            code = f"{MARKER}{pc.code}-{index}"
            full = f"{name} {place}"
            rows.append(Agency(code=code, name=full, kind=Agency.Kind.PROVINCIAL_DEPARTMENT, parent=pc,
                               path=f"{pc.path}{code}/", depth=pc.depth + 1, admin_unit=unit, search_name=fold(full),
                               valid_from=pc.valid_from, headcount=self.random.randint(40, 160),
                               is_dedicated_dx_unit=False))
        self.insert(Agency, rows)
        for dx in existing:
            dx.headcount = dx.headcount or self.random.randint(60, 120)
        Agency.objects.bulk_update(existing, ["headcount"])
        Agency.objects.filter(pk__in=[a.pk for a in existing if a.is_dx_lead]).update(is_dedicated_dx_unit=True)
        return [*existing, *Agency.objects.filter(parent=pc, code__startswith=MARKER)]

    def people(self, units: list[tuple[Agency, tuple[int, int]]]) -> dict[int, list[Person]]:
        persons, duties = [], []
        for agency, (low, high) in units:
            for _ in range(self.random.randint(low, high)):
                name = self.name()
                persons.append(Person(agency=agency, full_name=name, phone=self.next_phone(), search_name=fold(name)))
        self.insert(Person, persons)
        started = max(REFORM, TODAY - datetime.timedelta(days=500))
        for person in persons:  # about one in ten dedicated (chuyên trách), the rest concurrent (kiêm nhiệm)
            kind = DxDuty.Kind.DEDICATED if self.random.random() < 0.1 else DxDuty.Kind.CONCURRENT
            duties.append(DxDuty(person=person, kind=kind, valid_from=self.day_between(started, TODAY)))
        self.insert(DxDuty, duties)
        by_agency: dict[int, list[Person]] = {}
        for person in persons:
            by_agency.setdefault(person.agency_id, []).append(person)
        return by_agency

    def focal_points(self, agencies: list[Agency], people: dict[int, list[Person]]) -> None:
        rows = []
        for agency in agencies[:-1]:  # most agencies, never all: the last one of each province has none yet
            staff = people.get(agency.pk)
            if staff and self.random.random() < 0.85:
                day = self.day_between(REFORM, TODAY)
                rows.append(FocalPoint(agency=agency, person=self.random.choice(staff), valid_from=day,
                                       decision_number=f"{self.random.randint(1, 999)}/QĐ-UBND", decision_date=day))
        self.insert(FocalPoint, rows)

    def teams(self, communes: list[Agency]) -> None:
        scale, r = self.scale, self.random
        villages = []
        for commune in communes:
            for number in range(1, r.randint(*scale.villages_per_commune) + 1):
                kind, word = r.choice(VILLAGE_KINDS)
                name = f"{word} {number}"
                villages.append(Village(agency=commune, name=name, kind=kind, search_name=fold(name)))
        self.insert(Village, villages)
        teams = []
        for village in villages[:-1]:  # most villages have their team, never all
            if r.random() < 0.9:
                day = self.day_between(REFORM, TODAY - datetime.timedelta(days=30))
                teams.append(CommunityTeam(village=village, agency_id=village.agency_id, valid_from=day,
                                           decision_number=f"{r.randint(1, 500)}/QĐ-UBND", decision_date=day))
        self.insert(CommunityTeam, teams)
        members, activities = [], []
        first_day = TODAY - datetime.timedelta(days=730)
        for team in teams:
            size = r.randint(*scale.members_per_team)
            for index in range(size):
                name = self.name()
                role = TeamMember.Role.LEADER if index == 0 else r.choice(MEMBER_ROLES)
                members.append(TeamMember(team=team, agency_id=team.agency_id, full_name=name, phone=self.next_phone(),
                                          role=role, search_name=fold(name), valid_from=team.valid_from))
            seen = set()
            for _ in range(r.randint(*scale.activities_per_team)):
                key = (self.day_between(first_day, TODAY), r.choice(self.skills))
                if key in seen:
                    continue
                seen.add(key)
                people = r.randint(2, 40)
                activities.append(TeamActivity(team=team, agency_id=team.agency_id, date=key[0], skill_area=key[1],
                                               people_helped=people, households_helped=r.randint(1, people)))
            if len(members) > BATCH * 4:
                self.insert(TeamMember, members)
                self.insert(TeamActivity, activities)
                members, activities = [], []
        self.insert(TeamMember, members)
        self.insert(TeamActivity, activities)

    def milestones(self, pc: Agency) -> None:
        """Spread like seed 003: most provinces early, a tail of late ones, some not yet."""
        kinds = {k.code: k for k in MilestoneKind.objects.all()}
        rows = []
        # The committee's milestone and the security dossiers' follow from the steering and infosec parts.
        for code, share, year in (("dx-resolution", 0.75, 0), ("dx-plan", 0.7, 2026),
                                  ("plan-1690", 0.65, 0), ("dx-network", 0.6, 0)):
            if self.random.random() < share:
                day = self.day_between(REFORM, datetime.date(2026, 6, 30))
                rows.append(Milestone(agency=pc, kind=kinds[code], year=year, achieved_on=day,
                                      document=f"{self.random.randint(1, 3000)}/QĐ-UBND", document_date=day))
        self.insert(Milestone, rows)

    # --- what the country shares: plans, a reporting round

    def national(self, provinces: list[Agency]) -> None:
        admin = User.objects.filter(role=Role.NATIONAL_ADMIN, is_active=True).first()
        if admin is None:  # an account nobody can sign in with, so plans and rounds have an author
            admin = User(username="generator", role=Role.NATIONAL_ADMIN,
                         agency=Agency.objects.get(code="cuc-chuyen-doi-so-quoc-gia"))
            admin.set_unusable_password()
            admin.save()
        template = PlanTemplate.objects.get(code="ke-hoach-tinh-1690")
        statuses = [(Task.Status.DONE, 100), (Task.Status.DOING, 40), (Task.Status.TODO, 0)]
        for pc in provinces:
            plan = do_create_plan(template, pc, 2026, acting_user=admin)
            tasks = list(plan.tasks.all())
            for task in tasks:
                task.status, task.progress = self.random.choice(statuses)
            Task.objects.bulk_update(tasks, ["status", "progress"])
            TaskPeriod.objects.filter(task__plan=plan, task__status=Task.Status.DONE).update(
                status=Task.Status.DONE, progress=100)
            self.counts["nhiệm vụ"] = self.counts.get("nhiệm vụ", 0) + len(tasks)
        round_ = do_create_round(ReportForm.objects.get(code="annual-assessment"), acting_user=admin,
                                 agency=admin.agency, title="Báo cáo đánh giá năm 2026 (dữ liệu sinh)",
                                 period="Năm 2026", year=2026, due_date=datetime.date(2026, 11, 30),
                                 recipients=provinces)
        sent = [s for s in round_.submissions.all() if self.random.random() < 0.6]
        for submission in sent:
            submission.status = Submission.Status.SUBMITTED
            submission.submitted_at = datetime.datetime.combine(
                self.day_between(datetime.date(2026, 11, 1), datetime.date(2026, 12, 3)), datetime.time(9),
                tzinfo=datetime.UTC)
        Submission.objects.bulk_update(sent, ["status", "submitted_at"])
        self.say(f"Kế hoạch cho {len(provinces)} tỉnh; đợt báo cáo: {len(sent)}/{len(provinces)} đã gửi.")


# --- the parts of the apps above: each runs once per database ---------------------------------------------------

@dataclass(frozen=True)
class Part:
    label: str
    present: Callable[[], bool]
    generate: Callable[[random.Random, list[Agency], Generator], dict[str, int]]


def parts() -> list[Part]:
    from dxnet.infosec import generate as infosec
    from dxnet.infosec.models import InformationSystem
    from dxnet.inspections import generate as inspections
    from dxnet.inspections.models import Inspection
    from dxnet.obstacles import generate as obstacles
    from dxnet.obstacles.models import Obstacle
    from dxnet.plans import generate as yearly_plans
    from dxnet.plans import generate_indicators as indicators
    from dxnet.plans.models import Indicator, Plan
    from dxnet.steering import generate as steering
    from dxnet.steering.models import SteeringCommittee
    from dxnet.stories import generate as stories
    from dxnet.stories.models import SuccessStory
    from dxnet.training import generate as training
    from dxnet.training.models import TrainingPlan

    def size(gen: Generator, national: int) -> int:
        return max(3, round(national * gen.scale.share))

    return [
        Part("vướng mắc", Obstacle.objects.exists,
             lambda rng, provinces, gen: obstacles.generate(rng, provinces, TODAY, size(gen, 590))),
        Part("Ban Chỉ đạo", SteeringCommittee.objects.exists,
             lambda rng, provinces, gen: steering.generate(rng, provinces, TODAY, gen.name, gen.next_phone,
                                                           ministries=gen.scale.provinces > 1)),
        Part("kiểm tra", Inspection.objects.exists,
             lambda rng, provinces, gen: inspections.generate(rng, provinces, TODAY, size(gen, 30))),
        Part("hệ thống thông tin", InformationSystem.objects.exists,
             lambda rng, provinces, gen: infosec.generate(rng, provinces, TODAY)),
        Part("bồi dưỡng", TrainingPlan.objects.exists,
             lambda rng, provinces, gen: training.generate(rng, provinces, TODAY,
                                                           size(gen, 200_000 * len(provinces) // 34))),
        Part("chỉ tiêu, dự án", Indicator.objects.exists,
             lambda rng, provinces, gen: indicators.generate(
                 rng, list(Plan.objects.filter(agency__in=provinces).order_by("pk")), TODAY,
                 size(gen, 10_000 * len(provinces) // 34))),
        Part("mô hình hay", SuccessStory.objects.exists,
             lambda rng, provinces, gen: stories.generate(rng, provinces, TODAY, size(gen, 100))),
        # After the indicators: those stay on the provinces' plans from the template.
        Part("kế hoạch hằng năm", Plan.objects.exclude(agency__kind=Agency.Kind.PROVINCIAL_PC).exists,
             lambda rng, provinces, gen: yearly_plans.generate(rng, provinces, TODAY, share=gen.scale.share,
                                                               communes=gen.scale.communes)),
    ]
