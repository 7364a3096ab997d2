"""Generated indicators, values and projects for `dxnet generate`: ~10k indicators over the generated province
plans (the same codes in every province, so they compare), each with a few dated values (most on track, some off,
some without data), a few projects per plan with yearly disbursements (a few over their approved total), and each
province's declared total state budget. Bulk inserts, no audit (nobody did them)."""

import datetime
import random
from decimal import Decimal

from .models import BudgetDeclaration, Disbursement, Indicator, IndicatorValue, Plan, Project

BATCH = 5000
TOTAL_INDICATORS = 10_000
# Themes of Appendix III's objectives (code, name, unit, baseline range, target range): each becomes a family of
# comparable codes "<code>-<n>" (one per field or sector a province follows).
THEMES = [
    ("dvc-toan-trinh", "Tỷ lệ dịch vụ công trực tuyến toàn trình", "%", (30, 60), (80, 100)),
    ("ho-so-so-hoa", "Tỷ lệ hồ sơ thủ tục hành chính được số hóa", "%", (20, 50), (80, 100)),
    ("thanh-toan-truc-tuyen", "Tỷ lệ hồ sơ thanh toán trực tuyến", "%", (10, 40), (50, 80)),
    ("van-ban-dien-tu", "Tỷ lệ văn bản trao đổi dưới dạng điện tử", "%", (70, 90), (95, 100)),
    ("du-lieu-mo", "Số bộ dữ liệu mở được công bố", "bộ", (0, 20), (30, 80)),
    ("he-thong-ket-noi", "Số hệ thống thông tin kết nối nền tảng tích hợp", "hệ thống", (2, 10), (15, 30)),
    ("ho-gia-dinh-cap-quang", "Tỷ lệ hộ gia đình có cáp quang", "%", (50, 80), (90, 100)),
    ("nguoi-dan-tai-khoan-so", "Tỷ lệ người trưởng thành có tài khoản định danh điện tử", "%", (40, 70), (85, 100)),
    ("kinh-te-so-grdp", "Tỷ trọng kinh tế số trong GRDP", "%", (5, 12), (15, 25)),
    ("doanh-nghiep-so", "Số doanh nghiệp công nghệ số", "doanh nghiệp", (50, 300), (400, 900)),
    ("can-bo-ky-nang-so", "Tỷ lệ cán bộ được bồi dưỡng kỹ năng số", "%", (20, 50), (80, 100)),
    ("thoi-gian-giai-quyet", "Thời gian giải quyết thủ tục hành chính trung bình", "ngày", (10, 20), (3, 7)),
]


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _catalogue(per_plan: int) -> list[tuple]:
    """`per_plan` indicator kinds, the same in every province: each theme repeated with a number."""
    rows, n = [], 0
    while len(rows) < per_plan:
        theme = THEMES[n % len(THEMES)]
        round_ = n // len(THEMES)
        code, name = (theme[0], theme[1]) if round_ == 0 else (f"{theme[0]}-{round_ + 1:02d}",
                                                                 f"{theme[1]} (lĩnh vực {round_ + 1})")
        rows.append((code, name, *theme[2:]))
        n += 1
    return rows


def _values(rng: random.Random, indicator: Indicator, today: datetime.date) -> list[IndicatorValue]:
    """Quarter-end values up to today: most follow the straight line (on track), some lag, some have none."""
    if rng.random() < 0.1:
        return []
    pace = rng.choice([1.2, 1.15, 1.1, 0.8, 0.4])  # ahead of the line, or lagging (off track)
    span = (indicator.target_on - indicator.baseline_on).days
    last_month_end = today.replace(day=1) - datetime.timedelta(days=1)
    days = sorted({datetime.date(indicator.baseline_on.year, 3, 31), datetime.date(indicator.baseline_on.year, 6, 30),
                   datetime.date(indicator.baseline_on.year, 9, 30), last_month_end})
    rows = []
    for day in days:
        if day > today or day <= indicator.baseline_on:
            continue
        share = min(1.0, (day - indicator.baseline_on).days / span * pace)
        value = indicator.baseline_value + (indicator.target_value - indicator.baseline_value) * Decimal(str(share))
        rows.append(IndicatorValue(indicator=indicator, on=day, value=round(value, 2),
                                   declared_at=datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)))
    return rows


def generate(rng: random.Random, plans: list[Plan], today: datetime.date, total: int = TOTAL_INDICATORS
             ) -> dict[str, int]:
    """Indicators (`total` in all, ~10k nationally), their values, projects and disbursements for `plans`, and a
    declared total budget for each plan's agency and year."""
    if not plans:
        return {}
    per_plan = max(1, round(total / len(plans)))
    catalogue = _catalogue(per_plan)
    indicators = []
    for plan in plans:
        baseline_on = datetime.date(plan.year, 1, 1)
        target_on = datetime.date(plan.until_year, 12, 31)
        for order, (code, name, unit, base, target) in enumerate(catalogue, 1):
            indicators.append(Indicator(
                plan=plan, code=code, name=name, unit=unit, baseline_value=Decimal(rng.randint(*base)),
                baseline_on=baseline_on, target_value=Decimal(rng.randint(*target)), target_on=target_on,
                frequency=Indicator.Frequency.QUARTERLY, source=Indicator.Source.DECLARED, order=order))
    indicators = [i for i in indicators if i.target_value != i.baseline_value]
    Indicator.objects.bulk_create(indicators, batch_size=BATCH)
    saved = Indicator.objects.filter(plan__in=plans).order_by("pk")
    values = [v for indicator in saved.iterator(chunk_size=BATCH) for v in _values(rng, indicator, today)]
    IndicatorValue.objects.bulk_create(values, batch_size=BATCH)

    projects, disbursements = [], []
    for plan in plans:
        tasks = list(plan.tasks.filter(parent__isnull=True, project__isnull=True).order_by("order")[:8])
        for task in rng.sample(tasks, k=min(len(tasks), rng.randint(2, 4))):
            approved = Decimal(rng.randrange(200, 20_000, 50))
            projects.append(Project(task=task, kind=rng.choice(list(Project.Kind.values)),
                                    start_year=plan.year - rng.randint(0, 1), end_year=plan.until_year + 1,
                                    approved_total=approved, funding_source=rng.choice(
                                        [f for f in Project.Funding.values if f]),
                                    stage=Project.Stage.IMPLEMENTING))
    Project.objects.bulk_create(projects, batch_size=BATCH)
    for project in Project.objects.filter(task__plan__in=plans).select_related("task__plan"):
        spent = rng.choice([0.3, 0.5, 0.7, 0.9, 1.1])  # one in five over its approved total
        years = range(project.start_year, min(project.end_year, today.year) + 1)
        for year in years:
            amount = project.approved_total * Decimal(str(spent)) / len(years)
            disbursements.append(Disbursement(project=project, year=year, amount=round(amount, 1),
                                              declared_on=min(today, datetime.date(year, 12, 31))))
    Disbursement.objects.bulk_create(disbursements, batch_size=BATCH)

    declared = {(d.agency_id, d.year) for d in BudgetDeclaration.objects.filter(agency__in=[p.agency_id
                                                                                             for p in plans])}
    budgets = [BudgetDeclaration(agency_id=plan.agency_id, year=plan.year,
                                 total=Decimal(rng.randrange(8_000_000, 60_000_000, 100_000)),
                                 declared_on=min(today, datetime.date(plan.year, 1, 15)))
               for plan in {(p.agency_id, p.year): p for p in plans}.values()
               if (plan.agency_id, plan.year) not in declared]
    BudgetDeclaration.objects.bulk_create(budgets, batch_size=BATCH)
    return {"chỉ tiêu": len(indicators), "giá trị chỉ tiêu": len(values), "dự án": len(projects),
            "giải ngân": len(disbursements), "kê khai ngân sách": len(budgets)}
