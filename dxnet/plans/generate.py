"""Generated yearly plans for `dxnet generate`: every province, provincial department, ministry and commune issues
a DX plan a year over five years (at national scale ~20,000 plans, ~600,000 tasks, ~2,000,000 task updates), each
with its tasks led by the issuer or one of its units and their reports through the year. Past years are mostly
done, this year is under way. Rows go in with PostgreSQL's COPY (a bulk insert elsewhere), without audit: nobody
did them (as the other generated parts)."""

import datetime
import random
from collections.abc import Callable, Iterable

from django.db import connection, models

from dxnet.agencies.models import Agency
from dxnet.core.text import fold

from .models import Plan, Task, TaskUpdate

YEARS = 5
TASKS_PER_PLAN = (20, 42)  # at share 1: ~31 a plan
UPDATES_PER_TASK = (0, 7)  # ~3.5 a task
CHUNK = 50_000  # tasks held in memory before they are written
THEMES = ["Chính quyền số", "Kinh tế số", "Xã hội số", "Hạ tầng số", "Dữ liệu số", "An toàn thông tin mạng",
          "Nhân lực số", "Chuyển đổi số cộng đồng"]
ACTIONS = ["Triển khai", "Nâng cấp", "Số hóa", "Kết nối", "Tập huấn", "Tuyên truyền", "Rà soát", "Đánh giá"]
OBJECTS = ["hệ thống quản lý văn bản", "dịch vụ công trực tuyến", "cơ sở dữ liệu chuyên ngành",
           "hồ sơ thủ tục hành chính", "kỹ năng số cho người dân", "chữ ký số", "camera giám sát",
           "thanh toán không dùng tiền mặt", "mạng truyền số liệu chuyên dùng", "nền tảng họp trực tuyến"]
REPORTS = ["Đã ban hành văn bản triển khai", "Đang phối hợp với doanh nghiệp viễn thông", "Đã hoàn thành khảo sát",
           "Đã tổ chức tập huấn", "Đang chờ bố trí kinh phí", "Đã đưa vào vận hành", "Đã nghiệm thu"]


def issuers(provinces: list[Agency], communes: int | None) -> list[tuple[Agency, list[Agency]]]:
    """Each agency that issues a yearly plan with the units its tasks may be given to: the provinces (and their
    departments), their communes (`communes` a province; None: all) and the ministries."""
    rows: list[tuple[Agency, list[Agency]]] = []
    in_force = Agency.objects.filter(valid_to__isnull=True).order_by("code")
    for pc in provinces:
        departments = list(in_force.filter(parent=pc, kind=Agency.Kind.PROVINCIAL_DEPARTMENT))
        rows.append((pc, [pc, *departments]))
        rows += [(department, [department]) for department in departments]
        local = list(in_force.filter(parent=pc, kind=Agency.Kind.COMMUNE_PC))
        rows += [(commune, [commune]) for commune in (local[:communes] if communes else local)]
    for ministry in in_force.ministry_level():
        units = list(in_force.filter(parent=ministry))
        rows.append((ministry, [ministry, *units[:5]]))
    return rows


def generate(rng: random.Random, provinces: list[Agency], today: datetime.date, *, share: float,
             communes: int | None) -> dict[str, int]:
    """Plans of the five years up to `today`'s for every issuer (`share` ≥ 2: as many plans a year; below 1, fewer
    tasks a plan), skipping a year an issuer already has a plan for (the provinces' plans from the template)."""
    per_year = max(1, round(share))
    low, high = (max(2, round(n * min(share, 1.0))) for n in TASKS_PER_PLAN)
    taken = set(Plan.objects.values_list("agency_id", "year"))
    plans, leads = [], []
    for issuer, units in issuers(provinces, communes):
        for year in range(today.year - YEARS + 1, today.year + 1):
            if (issuer.pk, year) in taken:
                continue
            for copy in range(per_year):
                issued = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(10, 80))
                title = f"Kế hoạch chuyển đổi số năm {year}" + (f" (đợt {copy + 1})" if copy else "")
                plans.append(Plan(agency=issuer, title=title, search_name=fold(title), year=year, until_year=year,
                                  status=Plan.Status.ISSUED, number=f"{rng.randint(1, 999)}/KH-{year}",
                                  issued_on=issued, resolved_on=issued, place=""))
                leads.append(units)
    Plan.objects.bulk_create(plans, batch_size=5000)
    tasks = updates = 0
    pending: list[tuple] = []
    for plan, units in zip(plans, leads, strict=True):
        pending += _tasks(rng, plan, units, rng.randint(low, high), today)
        if len(pending) >= CHUNK:
            updates += _write(rng, pending, today)
            tasks, pending = tasks + len(pending), []
    updates += _write(rng, pending, today)
    tasks += len(pending)
    return {"kế hoạch": len(plans), "nhiệm vụ": tasks, "cập nhật nhiệm vụ": updates}


def _tasks(rng: random.Random, plan: Plan, units: list[Agency], count: int, today: datetime.date) -> list[tuple]:
    """(plan, order, code, title, lead, due date): the tasks of a plan, due through its year."""
    rows = []
    for order in range(1, count + 1):
        title = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} — {rng.choice(THEMES).lower()}"
        due = datetime.date(plan.year, rng.randint(3, 12), rng.randint(1, 28))
        rows.append((plan.pk, order, str(order), title, rng.choice(units).pk, due))
    return rows


def _write(rng: random.Random, tasks: list[tuple], today: datetime.date) -> int:
    """Write `tasks` and their reports; a task's status and progress are its last report's."""
    if not tasks:
        return 0
    ids = _new_ids(Task, len(tasks))
    task_rows, update_rows = [], []
    reports: list[tuple] = []
    for task_id, (plan_id, order, code, title, lead_id, due) in zip(ids, tasks, strict=True):
        status, progress = Task.Status.TODO, 0
        first = datetime.date(due.year, 1, 15)
        last = min(today, datetime.date(due.year, 12, 31))
        # Past years: most tasks reported to the end; this year: fewer reports, most still under way.
        count = rng.randint(*UPDATES_PER_TASK) if last > first else 0
        days = sorted(first + datetime.timedelta(days=rng.randint(0, (last - first).days)) for _ in range(count))
        for step, day in enumerate(days, 1):
            progress = 100 if step == count and (due.year < today.year or rng.random() < 0.3) else min(
                95, round(100 * step / (count + 1)))
            status = Task.Status.DONE if progress == 100 else Task.Status.DOING
            at = datetime.datetime.combine(day, datetime.time(rng.randint(7, 17), rng.randint(0, 59)),
                                           tzinfo=datetime.UTC)
            reports.append((task_id, lead_id, at, rng.choice(REPORTS), status, progress))
        task_rows.append({"id": task_id, "plan_id": plan_id, "code": code, "title": title,
                          "search_name": fold(f"{code} {title}"), "lead_id": lead_id, "due_date": due,
                          "status": status, "progress": progress, "order": order})
    copy_rows(Task, task_rows)
    update_ids = _new_ids(TaskUpdate, len(reports))
    for update_id, (task_id, agency_id, at, text, status, progress) in zip(update_ids, reports, strict=True):
        update_rows.append({"id": update_id, "task_id": task_id, "agency_id": agency_id, "created_at": at,
                            "text": text, "status": status, "progress": progress})
    copy_rows(TaskUpdate, update_rows)
    return len(update_rows)


def _new_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` ids for rows written without RETURNING: drawn from the sequence (PostgreSQL), after the largest."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, count])
            return sorted(value for (value,) in cursor.fetchall())
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - a model's table
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


def copy_rows(model: type[models.Model], rows: Iterable[dict]) -> None:
    """Insert rows given as {column: value} (the other columns take their field's default), fast: PostgreSQL's
    COPY, an `executemany` elsewhere. Dates, times and JSON are prepared for the database as Django would."""
    fields = list(model._meta.concrete_fields)
    prepare: dict[str, Callable] = {}
    defaults = {}
    for field in fields:
        if isinstance(field, models.DateField | models.JSONField):  # DateTimeField is a DateField
            prepare[field.column] = lambda value, field=field: (
                None if value is None else field.get_db_prep_save(value, connection))
        defaults[field.column] = field.get_default()  # "" for text, None for a nullable field
    columns = [field.column for field in fields]
    table = model._meta.db_table

    def values(row: dict) -> list:
        return [prepare[c](row[c] if c in row else defaults[c]) if c in prepare else row.get(c, defaults[c])
                for c in columns]

    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:  # noqa: S608 - model's names
                for row in rows:
                    copy.write_row(values(row))
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})",  # noqa: S608 - model's names
                               [values(row) for row in rows])
