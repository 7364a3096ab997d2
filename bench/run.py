"""`make bench`: the benchmarks on PostgreSQL at national scale (1×) and three times it (3×); writes bench/RESULTS.md.

`python bench/run.py` (the parent) runs itself once per scale of BENCH_SCALES ("national,national3"), each child
against its own database: `dxnet_bench` (BENCH_DATABASE_URL) for `national`, `dxnet_bench3` (BENCH3_DATABASE_URL)
for `national3`. A child creates, migrates, loads the reference data and generates its database on the first run
(minutes; an hour at 3×), later runs reuse it; it measures its rows and hands them to the parent as JSON. The parent
writes one table: each row at 1× and 3×, the growth, the comparison with a hand-written SQL query computing the same
figures (the "limit"), and whether the target holds. Every benchmark takes the median and p95 of warm runs.

The machine must be quiet: the parent waits (up to 5 minutes) for the load average to fall to the number of cores
before each scale, and a row measured while the load was above it is marked and not judged.

Smoke test, without the big databases: `BENCH_SCALES=demo BENCH_DATABASE_URL=…/dxnet_bench_smoke BENCH_RUNS=2
BENCH_LOAD=0 BENCH_RESULTS=/tmp/RESULTS.md python bench/run.py` (BENCH_LOAD=0 skips the locust load test).
The mixed load alone, one short run, to profile it: `BENCH_SCALES=national BENCH_ONLY=load BENCH_LOAD_RUNS=50:1
BENCH_KNEE=0 python bench/run.py`.
"""

import base64
import contextlib
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
CORES = os.cpu_count() or 1
SCALES = [scale for scale in os.environ.get("BENCH_SCALES", "national,national3").split(",") if scale]
URLS = {"national3": os.environ.get("BENCH3_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dxnet_bench3")}
DEFAULT_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dxnet_bench")
COLUMN = {"national": "1×", "national3": "3×"}


@dataclass
class Row:
    what: str
    target: str
    measured: str
    ratio: str = ""
    holds: bool | None = None
    value: float | None = None  # the figure the growth compares (p95 in ms, or seconds)
    load: float | None = None  # the 1-minute load average at the end of the measurement
    at_3x: bool = False  # the target is judged at 3× (at 1× otherwise)
    only_1x: bool = False  # measured at 1× only (the mixed-load rows)

    @property
    def busy(self) -> bool:
        return self.load is not None and self.load > CORES


# --- the parent: one child per scale, then the table


def wait_for_quiet(limit: float = 300) -> None:
    """Up to `limit` seconds for the 1-minute load average to fall to the number of cores."""
    waited = 0
    while os.getloadavg()[0] > CORES and waited < limit:
        if waited % 30 == 0:
            print(f"Máy đang bận (tải {os.getloadavg()[0]:.1f} trên {CORES} lõi); chờ tải giảm trước khi đo "
                  f"(còn tối đa {(limit - waited) / 60:.1f} phút)…", flush=True)
        time.sleep(5)
        waited += 5
    if os.getloadavg()[0] > CORES:
        print(f"Máy vẫn bận (tải {os.getloadavg()[0]:.1f}); vẫn đo, các mục đo lúc máy bận sẽ được đánh dấu "
              "và không xét đạt.", flush=True)


def parent() -> int:
    """Each scale in turn, then the table; a scale that fails leaves the others' columns (an hour's work at 3×)."""
    results, failed = {}, 0
    with tempfile.TemporaryDirectory() as folder:
        for scale in SCALES:
            wait_for_quiet()
            out = f"{folder}/{scale}.json"
            print(f"== Quy mô {scale} ({COLUMN.get(scale, scale)}) ==", flush=True)
            done = subprocess.run([sys.executable, __file__, "--scale", scale, "--out", out], cwd=ROOT, check=False)
            if done.returncode:
                print(f"Đo ở quy mô {scale} thất bại (mã {done.returncode}).", file=sys.stderr)
                failed = failed or done.returncode
            else:
                results[scale] = json.loads(Path(out).read_text(encoding="utf-8"))
    if results:
        write_results(results)
    return failed


def cell(row: Row | None) -> str:
    if row is None:
        return "—"
    return row.measured + (f" (tải {row.load:.1f} — máy bận)" if row.busy else "")


DESIGN = [
    "## Bảng điều hành toàn quốc khi cả nước cùng ghi",
    "",
    "Trang toàn quốc được cộng từ các phần của cả nước: mỗi cơ quan cấp cao nhất dưới Chính phủ (UBND tỉnh, bộ, "
    "cơ quan thuộc Chính phủ) là một phần, các cơ quan đã giải thể trước năm của biểu đồ gộp thành một phần. Mỗi "
    "phần chỉ giữ các số đếm (cộng được) và được lưu đệm theo phiên bản của riêng phần đó (`dxnet.core.scopes`); "
    "tỷ lệ được tính sau khi cộng. Một thay đổi ở một xã của Lào Cai chỉ tính lại phần của Lào Cai; các bảng trải "
    "cả nước (nền tảng dùng chung, các mốc theo mẫu seed 003, đợt báo cáo, Ban Chỉ đạo, kiểm tra) được lưu đệm theo "
    "phiên bản của các ứng dụng chúng đọc, nên một cán bộ được ghi không tính lại chúng, còn một mốc được ghi thì "
    "chúng hiện ngay. Bảng tổng hợp (rollup) cập nhật trong giao dịch ghi đã được cân nhắc: nó thêm một khóa hàng "
    "nóng vào mọi lần ghi và nhân đôi mỗi quy tắc tính; cách cộng từng phần giữ quy tắc ở một chỗ (các truy vấn của "
    "trang một tỉnh) và một phép thử so trang cộng từng phần với cả nước tính một lần.",
    "",
    "Lần xem đầu tiên trong ngày phải tính mọi phần: `dxnet warm` (chạy mỗi sáng trong `dxnet-daily.service`) "
    "tính trước, nên mục “từ bộ nhớ đệm trống” là trường hợp xấu nhất, không phải điều người dùng gặp.",
]


def write_results(results: dict) -> None:
    """One table, a column per scale; the rows are matched by their label (and its rank among equal labels)."""
    scales = list(results)
    tables = {}
    for scale in scales:
        seen = {}
        for data in results[scale]["rows"]:
            row = Row(**data)
            seen[row.what] = seen.get(row.what, 0) + 1
            tables.setdefault((row.what, seen[row.what]), {})[scale] = row
    first, last = scales[0], scales[-1]
    growth = len(scales) > 1
    judged_1x = "national" if "national" in scales else first
    judged_3x = "national3" if "national3" in scales else last
    header = ["Hạng mục", "Mục tiêu", *(COLUMN.get(scale, scale) for scale in scales)]
    header += [f"Tăng ({COLUMN.get(last, last)}/{COLUMN.get(first, first)})"] if growth else []
    header += ["So với SQL viết tay", "Đạt"]
    lines = ["# Kết quả đo hiệu năng (`make bench`)", "",
             f"Máy: {results[first]['machine']}. Đo ngày {datetime.date.today():%d/%m/%Y}, "  # noqa: DTZ011
             f"{RUNS} lần đo nóng mỗi mục. Dữ liệu: "
             + "; ".join(f"{COLUMN.get(scale, scale)} = `dxnet generate --scale {scale} --seed 1`" for scale in scales)
             + " trên PostgreSQL.", "",
             f"Mục tiêu ghi “ở 3×” được xét ở quy mô 3×, các mục tiêu khác ở quy mô 1×. Một mục đo khi tải máy "
             f"(trung bình 1 phút) vượt số lõi ({CORES}) được ghi “máy bận” và không xét đạt.", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for by_scale in tables.values():
        row = next(iter(by_scale.values()))
        judged = by_scale.get(judged_3x if row.at_3x else judged_1x)
        cells = [row.what, row.target]
        cells += [cell(by_scale.get(scale)) if scale in by_scale or not row.only_1x else "— (chỉ đo ở 1×)"
                  for scale in scales]
        if growth:
            a, b = by_scale.get(first), by_scale.get(last)
            cells.append(f"{b.value / a.value:.1f}×" if a and b and a.value and b.value is not None else "—")
        cells.append("; ".join(f"{COLUMN.get(scale, scale)}: {by_scale[scale].ratio}" if growth
                               else by_scale[scale].ratio for scale in scales
                               if scale in by_scale and by_scale[scale].ratio))
        if judged is None or judged.holds is None:
            cells.append("—")
        elif judged.busy:
            cells.append("— (máy bận)")
        else:
            cells.append("✓" if judged.holds else "✗")
        lines.append("| " + " | ".join(cells) + " |")
    lines += [""] + [f"- Quy mô dữ liệu {COLUMN.get(scale, scale)}: " + ", ".join(results[scale]["counts"]) + "."
                     for scale in scales]
    lines += ["", f"Cột “Tăng”: p95 (hoặc thời gian) ở {COLUMN.get(last, last)} chia cho ở {COLUMN.get(first, first)}."
              ] if growth else []
    for scale in scales:
        if results[scale].get("endpoints"):
            lines += ["", f"## Phép thử tải đồng thời theo từng loại yêu cầu ({COLUMN.get(scale, scale)})", "",
                      "p95 đọc, ghi ở bảng trên: sau khi mọi người dùng giả lập đã đăng nhập; trong ngoặc: cả lần "
                      "chạy, kể cả khoảng 20 giây đầu khi họ cùng đăng nhập (mật khẩu, mã xác thực, các danh sách "
                      "chuẩn bị). Bảng dưới đây là của cả lần chạy.", "", *results[scale]["endpoints"]]
    lines += ["", *DESIGN]
    lines += ["", "Lệnh: `make bench` (biến BENCH_SCALES, BENCH_DATABASE_URL, BENCH3_DATABASE_URL, BENCH_RUNS để "
              "đổi quy mô, cơ sở dữ liệu, số lần đo; BENCH_LOAD=0 bỏ phép thử tải đồng thời)."]
    path = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "RESULTS.md"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__" and "--scale" not in sys.argv:
    sys.exit(parent())


# --- a child: one scale, its database, its rows

SCALE = sys.argv[sys.argv.index("--scale") + 1] if "--scale" in sys.argv else "national"
BENCH_URL = URLS.get(SCALE, DEFAULT_URL)
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxnet.settings")
# The benchmarks measure the server, not its rate limits (docs/accounts.md): lifted here and for the load test's
# server, unless set in the environment.
for _name, _lifted in (("DXNET_API_RATE", ""), ("DXNET_API_ANON_RATE", ""),
                       ("DXNET_SIGN_IN_FAILURES_PER_ADDRESS", "0")):
    os.environ.setdefault(_name, _lifted)


def dxnet(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "dxnet.cli", *args], check=True, cwd=ROOT)


def prepare_database() -> None:
    import psycopg

    name = BENCH_URL.rsplit("/", 1)[1]
    admin_url = BENCH_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    dxnet("migrate", "--noinput", "-v", "0")
    with psycopg.connect(BENCH_URL) as connection:
        generated = connection.execute("SELECT 1 FROM agencies_agency WHERE code LIKE 'gen-%%' LIMIT 1").fetchone()
    if not generated:
        print(f"Nạp dữ liệu tham chiếu và sinh dữ liệu quy mô {SCALE} (một lần)…", flush=True)
        dxnet("load_reference")
    # The first time: everything; later: only the parts added to the generator since (nothing when all are there).
    done = subprocess.run([sys.executable, "-m", "dxnet.cli", "generate", "--scale", SCALE, "--seed", "1"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    print(done.stdout, end="", flush=True)
    if done.returncode and "đã có dữ liệu sinh" not in done.stderr:
        sys.exit(done.stderr)
    # Fresh rows have no planner statistics until autovacuum comes by: measured before it, a part's training
    # figures took 166 ms instead of 4.
    with psycopg.connect(BENCH_URL, autocommit=True) as connection:
        connection.execute("ANALYZE")


prepare_database()

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from load_marks import LOAD_MARK  # noqa: E402
from timing import page, timed  # noqa: E402

from dxnet.accounts.models import Role, User  # noqa: E402
from dxnet.accounts.two_factor.services import do_give_demo_device  # noqa: E402
from dxnet.agencies.models import Agency  # noqa: E402
from dxnet.core.process import settle_after_load  # noqa: E402
from dxnet.network.models import CommunityTeam, TeamMember  # noqa: E402
from dxnet.notifications.models import Notification  # noqa: E402
from dxnet.plans.models import Plan  # noqa: E402
from dxnet.reporting.consolidation import build  # noqa: E402
from dxnet.reporting.models import Consolidation, ReportRound  # noqa: E402

settle_after_load()  # as a gunicorn worker does once the application is loaded (deploy/gunicorn.conf.py)


def account(username: str, role: str, agency_code: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, role=role, agency=Agency.objects.get(code=agency_code))
        user.set_unusable_password()
        user.save()
    return user


LIMIT_SQL = """
WITH agencies AS (
  SELECT id, parent_id, kind, is_dedicated_dx_unit FROM agencies_agency
  WHERE (valid_from IS NULL OR valid_from <= %(day)s) AND (valid_to IS NULL OR valid_to >= %(day)s)
    AND path LIKE %(path)s),
focal AS (SELECT DISTINCT agency_id FROM people_focalpoint
          WHERE (valid_from IS NULL OR valid_from <= %(day)s) AND (valid_to IS NULL OR valid_to >= %(day)s)),
staff AS (SELECT DISTINCT d.person_id FROM people_dxduty d JOIN people_person p ON p.id = d.person_id
          JOIN agencies ON agencies.id = p.agency_id
          WHERE (d.valid_from IS NULL OR d.valid_from <= %(day)s) AND (d.valid_to IS NULL OR d.valid_to >= %(day)s)),
months AS (SELECT (m + interval '1 month' - interval '1 day')::date AS day
           FROM generate_series(date_trunc('month', %(day)s::date) - interval '11 months',
                                date_trunc('month', %(day)s::date), interval '1 month') m),
trend AS (SELECT months.day,
            (SELECT count(*) FROM agencies_agency a WHERE a.kind = ANY(%(kinds)s) AND a.path LIKE %(path)s
               AND (a.valid_from IS NULL OR a.valid_from <= months.day)
               AND (a.valid_to IS NULL OR a.valid_to >= months.day)) AS total,
            (SELECT count(*) FROM agencies_agency a WHERE a.kind = ANY(%(kinds)s) AND a.path LIKE %(path)s
               AND (a.valid_from IS NULL OR a.valid_from <= months.day)
               AND (a.valid_to IS NULL OR a.valid_to >= months.day)
               AND EXISTS (SELECT 1 FROM people_focalpoint f WHERE f.agency_id = a.id
                 AND (f.valid_from IS NULL OR f.valid_from <= months.day)
                 AND (f.valid_to IS NULL OR f.valid_to >= months.day))) AS having
          FROM months),
ranking AS (SELECT agencies.parent_id, count(*) AS total, count(focal.agency_id) AS having
            FROM agencies LEFT JOIN focal ON focal.agency_id = agencies.id
            WHERE agencies.kind = ANY(%(kinds)s) GROUP BY agencies.parent_id),
milestones AS (SELECT m.kind_id, m.year, a.kind, count(*) AS reached FROM monitoring_milestone m
               JOIN agencies a ON a.id = m.agency_id WHERE m.achieved_on <= %(day)s GROUP BY 1, 2, 3)
SELECT
  (SELECT count(*) FROM agencies WHERE kind = ANY(%(kinds)s)),
  (SELECT count(*) FROM agencies JOIN focal ON focal.agency_id = agencies.id WHERE kind = ANY(%(kinds)s)),
  (SELECT count(*) FROM agencies WHERE is_dedicated_dx_unit),
  (SELECT count(*) FROM staff),
  (SELECT count(*) FROM staff JOIN training_trainingrecord t ON t.person_id = staff.person_id
     WHERE t.completed_on BETWEEN date_trunc('year', %(day)s::date) AND %(day)s),
  (SELECT json_agg(milestones) FROM milestones),
  (SELECT json_agg(trend) FROM trend),
  (SELECT json_agg(ranking) FROM ranking),
  (SELECT count(*) FROM reporting_submission WHERE status IN ('submitted', 'accepted')),
  (SELECT count(*) FROM plans_task WHERE due_date < %(day)s AND status <> 'done')
"""


COMPLIANCE_SQL = """
WITH bodies AS (SELECT id, name, code FROM agencies_agency WHERE kind = 'provincial_pc'
                AND (valid_from IS NULL OR valid_from <= %(day)s) AND (valid_to IS NULL OR valid_to >= %(day)s)),
reached AS (SELECT m.agency_id, m.achieved_on FROM monitoring_milestone m JOIN monitoring_milestonekind k
            ON k.id = m.kind_id WHERE k.code = 'steering-committee' AND m.year = 0 AND m.achieved_on <= %(day)s
            AND m.agency_id IN (SELECT id FROM bodies))
SELECT (SELECT count(*) FROM reached), (SELECT count(*) FROM bodies),
  (SELECT json_agg(e) FROM (SELECT b.name, b.code, r.achieved_on FROM reached r JOIN bodies b ON b.id = r.agency_id
                            ORDER BY r.achieved_on, b.name LIMIT 5) e),
  (SELECT json_agg(x) FROM (SELECT name, code FROM bodies WHERE id NOT IN (SELECT agency_id FROM reached)
                            ORDER BY name) x)
"""


# The first page (50 rows) of the obstacles a province's coordinator sees, with their count: raised in the province,
# or handled by one of its agencies.
OBSTACLES_SQL = """
WITH seen AS (
  SELECT o.id FROM obstacles_obstacle o JOIN agencies_agency a ON a.id = o.agency_id WHERE a.path LIKE %(path)s
  UNION
  SELECT h.obstacle_id FROM obstacles_obstacle_handlers h JOIN agencies_agency a ON a.id = h.agency_id
  WHERE a.path LIKE %(path)s)
SELECT (SELECT count(*) FROM seen),
  (SELECT json_agg(p) FROM (
     SELECT o.id, o.title, o.status, o.level, o.due_on, a.name, h.name AS handler, c.name AS category
     FROM obstacles_obstacle o JOIN seen ON seen.id = o.id JOIN agencies_agency a ON a.id = o.agency_id
     JOIN agencies_agency h ON h.id = o.handler_id JOIN obstacles_category c ON c.id = o.category_id
     ORDER BY o.raised_on DESC, o.id DESC LIMIT 50) p)
"""


# Per province on the day: systems registered, dossiers approved, protected, assessments overdue (approved before
# the start of the cycle still open, by level, and not assessed since), drills of the year.
INFOSEC_SQL = """
WITH bodies AS (SELECT id, path FROM agencies_agency WHERE kind = 'provincial_pc' AND valid_to IS NULL),
systems AS (
  SELECT substring(a.path from '^[^/]+/[^/]+/') AS body_path, s.id, s.approved_level, s.dossier_date,
         s.protection_implemented_on,
         CASE WHEN s.approved_level <= 2 THEN %(c24)s::date WHEN s.approved_level <= 4 THEN %(c12)s::date
              ELSE %(c6)s::date END AS cycle_start
  FROM infosec_informationsystem s JOIN agencies_agency a ON a.id = s.agency_id
  WHERE (s.valid_from IS NULL OR s.valid_from <= %(day)s) AND (s.valid_to IS NULL OR s.valid_to >= %(day)s)),
figures AS (
  SELECT body_path, count(*) AS systems,
    count(*) FILTER (WHERE approved_level IS NOT NULL AND dossier_date <= %(day)s) AS approved,
    count(*) FILTER (WHERE protection_implemented_on <= %(day)s) AS protected,
    count(*) FILTER (WHERE approved_level IS NOT NULL AND dossier_date < cycle_start AND NOT EXISTS (
      SELECT 1 FROM infosec_securityassessment x WHERE x.system_id = systems.id
      AND x.assessed_on BETWEEN systems.cycle_start AND %(day)s)) AS overdue
  FROM systems GROUP BY body_path),
drills AS (
  SELECT agency_id, count(*) AS drills FROM infosec_securitydrill
  WHERE date BETWEEN date_trunc('year', %(day)s::date) AND %(day)s GROUP BY agency_id)
SELECT json_agg(t) FROM (
  SELECT b.id, f.systems, f.approved, f.protected, f.overdue, d.drills
  FROM bodies b LEFT JOIN figures f ON f.body_path = b.path LEFT JOIN drills d ON d.agency_id = b.id) t
"""


def sql(query: str, **params):
    from dxnet.people.services import focal_point_required_kinds

    params = {"kinds": focal_point_required_kinds(), "path": "%", **params}

    def call():
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            cursor.fetchone()
    return call


def import_members(operator: User, count: int = 50_000) -> tuple[float, int]:
    """Import `count` members into existing teams of one province, in a child process (its peak memory alone)."""
    code = f"""
import io, os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxnet.settings")
import django; django.setup()
from openpyxl import Workbook
from dxnet.accounts.models import User
from dxnet.core import spreadsheets
from dxnet.core.exchange import sheet_for
from dxnet.network.models import CommunityTeam
teams = list(CommunityTeam.objects.filter(agency__parent__code="ubnd-tinh-15").select_related(
    "village", "agency__admin_unit").order_by("pk")[:2000])
book = Workbook(write_only=True); sheet = book.create_sheet()
sheet.append(["Mã xã", "Tên thôn, tổ dân phố", "Họ và tên", "Điện thoại", "Vai trò"])
for n in range({count}):
    team = teams[n % len(teams)]
    sheet.append([team.agency.admin_unit.code, team.village.name, f"Thành viên đo {{n}}", f"08{{n:08d}}",
                  "Tình nguyện viên"])
data = io.BytesIO(); book.save(data); data.seek(0)
operator = User.objects.get(pk={operator.pk})
start = time.perf_counter()
result = spreadsheets.import_file(sheet_for("team-members", operator), data, acting_user=operator)
seconds = time.perf_counter() - start
assert result.ok, result.errors[:3]
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    seconds, peak_kib = done.stdout.split()[-2:]
    return float(seconds), int(peak_kib)


def copy_limit(count: int = 50_000) -> float:
    """Seconds PostgreSQL takes to COPY the rows the import writes (the same teams, names, phones, roles) into a
    bare temporary table: the limit an import can approach. The rows are prepared before the clock starts."""
    from django.db import transaction

    from dxnet.core.reference import value_of
    from dxnet.core.text import fold

    teams = list(CommunityTeam.objects.filter(agency__parent__code="ubnd-tinh-15").order_by("pk")[:2000])
    fields = list(TeamMember._meta.concrete_fields)
    values = [value_of(field) for field in fields]
    rows = []
    for n in range(count):
        team = teams[n % len(teams)]
        member = TeamMember(id=n + 1, team=team, agency_id=team.agency_id, full_name=f"Thành viên đo {n}",
                            phone=f"08{n:08d}", role=TeamMember.Role.VOLUNTEER,
                            search_name=fold(f"Thành viên đo {n}"), valid_from=datetime.date.today())  # noqa: DTZ011
        rows.append([value(member) for value in values])
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE bench_copy (LIKE {TeamMember._meta.db_table}) ON COMMIT DROP")
        start = time.perf_counter()
        with cursor.cursor.copy(f"COPY bench_copy ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return time.perf_counter() - start


def seed_notifications(reader: User, total: int = 500_000, readers: int = 1_000) -> None:
    """Half a million notices over a thousand accounts (once): the reader has 500, a fifth of them unread."""
    from django.utils import timezone

    if Notification.objects.filter(key__startswith="bench:").exists():
        return
    agency = Agency.objects.get(code="ubnd-tinh-15")
    users = [reader] + [account(f"bench.nhan.{n}", Role.FOCAL_POINT, agency.code) for n in range(readers - 1)]
    now = timezone.now()
    for start in range(0, total, 20_000):
        Notification.objects.bulk_create([
            Notification(user=users[n % readers], kind="task_overdue", title=f"Nhiệm vụ quá hạn {n}",
                         key=f"bench:{n}", read_at=None if n // readers % 5 == 0 else now)
            for n in range(start, min(start + 20_000, total))], batch_size=5_000)


LOAD_PROVINCES = ["15", "01", "79", "31", "48", "46", "92", "22", "38", "52"]


@dataclass
class LoadRun:
    """One locust run: its users and minutes, all requests and failures (sign-in included), reads' and writes'
    p95 once every user has signed in and over the whole run, and the machine's load average over its last
    minute."""

    users: int
    minutes: float
    requests: int
    failures: int
    read_p95: float
    writes: int
    write_p95: float
    read_p95_whole_run: float
    write_p95_whole_run: float
    load: float
    endpoints: list  # locust's line per request name: name, requests, failures, median, p95, requests/s
    errors: list  # locust's failures: name, error, occurrences

    def measured(self) -> str:
        return (f"{self.requests:,}".replace(",", ".") + f" yêu cầu ({self.writes:,} ghi)".replace(",", ".")
                + f", {self.failures} lỗi; đọc p95 {self.read_p95:.0f} ms, ghi p95 {self.write_p95:.0f} ms "
                + f"(cả lúc đăng nhập: đọc {self.read_p95_whole_run:.0f} ms, ghi {self.write_p95_whole_run:.0f} ms); "
                + f"tải máy {self.load:.1f} trên {os.cpu_count()} lõi")


def load_test(runs: list[tuple[int, float]], stop_above_ms: float | None = None) -> list[LoadRun]:
    """Gunicorn as in production (deploy/gunicorn.conf.py; two workers per core, plus one) serving the bench
    database; locust, headless, on loopback, for each (users, minutes) of `runs` in turn; with `stop_above_ms`, the
    runs stop after the first whose read p95 passes it (the knee). About one request in ten writes
    (bench/locustfile.py)."""
    import secrets

    password = secrets.token_urlsafe(16)
    names, totp = [], {}
    # Coordinators sign in in two steps (an authenticator app's code, computed by locust with pyotp). A code is
    # accepted once, so each simulated user has an account of its own: as many per province as it takes.
    users = max(count for count, _ in runs)
    for n in range(max(1, -(-users // len(LOAD_PROVINCES)))):
        for code in LOAD_PROVINCES:
            user = account(f"bench.dieuphoi.{code}" + (f".{n}" if n else ""), Role.COORDINATOR, f"ubnd-tinh-{code}")
            user.set_password(password)
            user.save()
            totp[user.username] = base64.b32encode(secrets.token_bytes(20)).decode()
            do_give_demo_device(user, totp[user.username])
            names.append(user.username)
    env = {**os.environ, "DXNET_DEBUG": "0", "BENCH_ACCOUNTS": ",".join(names), "BENCH_PASSWORD": password,
           "BENCH_TOTP_SECRETS": ",".join(f"{name}:{secret}" for name, secret in totp.items()),
           "DXNET_CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7")}
    workers = str((os.cpu_count() or 1) * 2 + 1)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "dxnet.wsgi", "-c", "deploy/gunicorn.conf.py",
                               "-w", workers, "-b", "127.0.0.1:8077",
                               "--log-level", "warning"], cwd=ROOT, env=env)
    done = []
    try:
        time.sleep(4)
        warm_up(names[:len(LOAD_PROVINCES)], password, totp)
        for count, minutes in runs:
            remove_load_rows()  # each run writes anew what an official would (an activity is recorded once)
            done.append(locust(count, minutes, env))
            print(f"{count} người dùng, {minutes:g} phút: {done[-1].measured()}", flush=True)
            if stop_above_ms is not None and done[-1].read_p95 > stop_above_ms:
                break
    finally:
        server.terminate()
        server.wait(timeout=30)
    return done


def remove_load_rows() -> None:
    """The rows earlier load runs wrote (each carries the locustfile's mark), so that a run's writes do not meet
    them: the bench database's upkeep, outside the services (their audit entries stay)."""
    from dxnet.network.models import TeamActivity
    from dxnet.obstacles.models import Obstacle
    from dxnet.plans.models import TaskUpdate

    for model, text in ((TeamActivity, "notes"), (TeamMember, "full_name"), (Obstacle, "title"), (TaskUpdate, "text")):
        model.objects.filter(Q(**{f"{text}__contains": LOAD_MARK}) | Q(**{f"{text}__contains": LOAD_MARK.lower()})
                             ).delete()


def locust(users: int, minutes: float, env: dict) -> LoadRun:
    """One headless locust run against the load test's server; every simulated user is signed in within 20 s."""
    import csv
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        prefix = f"{folder}/locust"
        subprocess.run([sys.executable, "-m", "locust", "-f", "bench/locustfile.py", "--headless", "-u",
                        str(users), "-r", str(max(2, users // 20)), "-t", f"{round(minutes * 60)}s",
                        "--host", "http://127.0.0.1:8077", "--csv", prefix, "--only-summary"], cwd=ROOT,
                       env={**env, "BENCH_SUMMARY": f"{folder}/summary.json"}, check=False, capture_output=True)
        load = os.getloadavg()[0]
        with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
            lines = list(csv.DictReader(stats))
        total = next(row for row in lines if row["Name"] == "Aggregated")
        with open(f"{prefix}_failures.csv", encoding="utf-8") as failures:
            errors = [(f'{row["Method"]} {row["Name"]}', row["Error"][:300], int(row["Occurrences"]))
                      for row in csv.DictReader(failures)]
        endpoints = [(f'{row["Type"]} {row["Name"]}', int(row["Request Count"]), int(row["Failure Count"]),
                      float(row["Median Response Time"] or 0), float(row["95%"] or 0),
                      float(row["Requests/s"] or 0)) for row in lines if row["Name"] != "Aggregated"]
        with open(f"{folder}/summary.json", encoding="utf-8") as summary:
            kinds = json.load(summary)
    return LoadRun(users, minutes, int(total["Request Count"]), int(total["Failure Count"]), kinds["read"]["p95"],
                   kinds["write"]["requests"], kinds["write"]["p95"], kinds["read"]["p95_whole_run"],
                   kinds["write"]["p95_whole_run"], load,
                   sorted(endpoints, key=lambda line: -line[4]), errors)


def endpoint_table(run: LoadRun) -> list[str]:
    """Locust's line per request name of one run, slowest p95 first: where the time goes under load."""
    lines = [f"### {run.users} người dùng, {run.minutes:g} phút", "",
             "| Yêu cầu | Số yêu cầu | Lỗi | median (ms) | p95 (ms) | yêu cầu/s |", "|---|---|---|---|---|---|"]
    lines += [f"| {name} | {count} | {failures} | {median:.0f} | {p95:.0f} | {rate:.1f} |"
              for name, count, failures, median, p95, rate in run.endpoints]
    lines += ["", "Lỗi:", ""] + [f"- {name} ({count} lần): {error.replace('|', '/')}"
                                for name, error, count in run.errors] if run.errors else []
    return [*lines, ""]


# (users, minutes) of the mixed-load runs; BENCH_LOAD_RUNS="50:1" runs one short one (profiling).
LOAD_RUNS = [(int(users), float(minutes)) for users, minutes in
             (run.split(":") for run in os.environ.get("BENCH_LOAD_RUNS", "100:5,200:5").split(","))]
ENDPOINTS: list[str] = []  # the per-request tables of the mixed-load runs, for RESULTS.md


def load_rows() -> list[Row]:
    """Mixed load (one request in ten a write) at 100 and 200 users for 5 minutes, then the knee: the fewest users,
    by steps of 50 for a minute each, at which the reads' p95 passes 500 ms."""
    rows = []
    for run in load_test(LOAD_RUNS):
        ENDPOINTS.extend(endpoint_table(run))
        strict = run.users <= 100
        rows.append(Row(f"{run.users} người dùng đồng thời trong {run.minutes:g} phút, 10% ghi",
                        "0 lỗi, p95 đọc ≤ 500 ms, ghi ≤ 800 ms" if strict else "0 lỗi (p95 báo cáo)",
                        run.measured(), holds=run.failures == 0 and (
                            not strict or (run.read_p95 <= 500 and run.write_p95 <= 800))))
    if os.environ.get("BENCH_KNEE", "1") == "0":
        return rows
    knee = load_test([(50, 1), (100, 1), (150, 1), (200, 1)], stop_above_ms=500)
    crossed = next((run.users for run in knee if run.read_p95 > 500), None)
    rows.append(Row(f"Điểm gãy (p95 đọc vượt 500 ms), bậc 50 người dùng, 1 phút mỗi bậc, {os.cpu_count()} lõi",
                    "báo cáo", (f"{crossed} người dùng" if crossed else "chưa gãy đến 200 người dùng") + "; "
                    + "; ".join(f"{run.users}: đọc p95 {run.read_p95:.0f} ms, tải {run.load:.1f}" for run in knee)))
    return rows


def warm_up(names: list[str], password: str, totp: dict[str, str]) -> None:
    """Each province's first account opens its dashboard once, as the first visitor of the day would: the shared
    cache is filled. Its code is the current step's; locust's, the next step's (each is accepted once)."""
    import http.cookiejar
    import re
    import urllib.parse
    import urllib.request

    import pyotp

    for name in names:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        login = opener.open("http://127.0.0.1:8077/dang-nhap/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login)[1]
        form = urllib.parse.urlencode({"username": name, "password": password, "csrfmiddlewaretoken": token})
        second = opener.open("http://127.0.0.1:8077/dang-nhap/", data=form.encode())
        if "/dang-nhap/ma-xac-thuc/" in second.geturl():
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second.read().decode())[1]
            form = urllib.parse.urlencode({"code": pyotp.TOTP(totp[name]).now(), "csrfmiddlewaretoken": token})
            opener.open(second.geturl(), data=form.encode())
        opener.open("http://127.0.0.1:8077/giam-sat/").read()


def random_writer(operator: User, seed: int = 1):
    """A call writing one audited change in a random province, through the registry's service (the position of the
    province's first person written and written back); it returns the write's milliseconds. The provinces are those
    with people (the demo scale has Lào Cai alone)."""
    import random

    from dxnet.people.models import Person
    from dxnet.people.services import do_save_person

    provinces = [path for path in Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_PC, valid_to__isnull=True)
                 .order_by("path").values_list("path", flat=True)
                 if Person.objects.filter(agency__path__startswith=path).exists()]
    chosen = random.Random(seed)

    def write() -> float:
        person = Person.objects.filter(agency__path__startswith=chosen.choice(provinces)).order_by("pk").first()
        start = time.perf_counter()
        position = person.position
        do_save_person(person, acting_user=operator,
                       position=position[:-1] if position.endswith(".") else position + ".")
        return (time.perf_counter() - start) * 1000
    return write


@contextlib.contextmanager
def writing_in_random_provinces(operator: User, period: float = 1.0):
    """While the block runs, one audited change a second in a random province (random_writer): the dashboards are
    measured while the country writes."""
    import threading

    from django.db import connections

    write = random_writer(operator)
    stop, writes = threading.Event(), []

    def loop() -> None:
        while not stop.is_set():
            writes.append(write())
            stop.wait(period)
        connections.close_all()

    writer = threading.Thread(target=loop, daemon=True)
    writer.start()
    try:
        yield writes
    finally:
        stop.set()
        writer.join()


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (f"{os.cpu_count()} lõi ({cpu}), " + f"{memory:,}".replace(",", ".")
            + f" MiB RAM, Python {platform.python_version()}, PostgreSQL {pg}")


def main() -> None:
    setup_test_environment()
    if os.environ.get("BENCH_ONLY") == "load":  # the mixed load alone (profiling it)
        hand_over([*load_rows()], sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else None)
        return
    day = datetime.date.today()  # noqa: DTZ011 - the benchmark's own clock
    operator = account("bench.quantri", Role.NATIONAL_ADMIN, "cuc-chuyen-doi-so-quoc-gia")
    national = Client()
    national.force_login(operator)
    province = Client()
    province.force_login(account("bench.laocai", Role.COORDINATOR, "ubnd-tinh-15"))
    rows = []

    def add(row: Row) -> Row:
        row.load = os.getloadavg()[0]
        rows.append(row)
        print(f"{row.what}: {row.measured}" + (f" (tải {row.load:.1f} — máy bận)" if row.busy else ""), flush=True)
        return row

    def measure(what, target_ms, call, runs=RUNS, at_3x=False, before=None, note="", seconds=0):
        median, p95 = timed(call, runs, before=before, seconds=seconds)
        add(Row(what, f"p95 ≤ {target_ms} ms" + (" ở 3×" if at_3x else ""),
                f"median {median:.0f} ms, p95 {p95:.0f} ms{note}", holds=p95 <= target_ms, value=p95, at_3x=at_3x))
        return median, p95

    limits = {}

    def versus(query: str, median: float, **params) -> float:
        key = (query, tuple(sorted(params.items())))
        if key not in limits:  # each query's limit measured once
            limits[key] = timed(sql(query, day=day, **params), RUNS)[0]
        ratio = median / limits[key]
        rows[-1].ratio = f"{ratio:.1f}× (SQL viết tay: median {limits[key]:.0f} ms)"
        return ratio

    def cold(what, call, runs, target="—"):
        median, p95 = timed(call, runs)
        add(Row(what, target, f"median {median:.0f} ms, p95 {p95:.0f} ms", value=p95))
        return median

    median, p95 = measure("Bảng điều hành toàn quốc", 300, page(national, "/giam-sat/"))
    ratio = versus(LIMIT_SQL, median)
    rows[-1].holds = rows[-1].holds and ratio <= 3
    # The "first national view after a change": one audited change in a random province before each view
    # (outside the clock), so the view recomputes that province's part of the country.
    write = random_writer(operator, seed=2)
    median, p95 = timed(page(national, "/giam-sat/"), 10, before=write)
    add(Row("… lần xem đầu sau một thay đổi ở một tỉnh ngẫu nhiên (tính lại phần của tỉnh đó)",
            "≤ 2× SQL viết tay", f"median {median:.0f} ms, p95 {p95:.0f} ms", value=p95))
    rows[-1].holds = versus(LIMIT_SQL, median) <= 2
    median = cold("… từ bộ nhớ đệm trống (đầu ngày; `dxnet warm` tính trước mỗi sáng)",
                  lambda: (cache.clear(), page(national, "/giam-sat/")()), 3)
    versus(LIMIT_SQL, median)
    median, _ = measure("Bảng điều hành một tỉnh (Lào Cai)", 150, page(province, "/giam-sat/"))
    versus(LIMIT_SQL, median, path=Agency.objects.get(code="ubnd-tinh-15").path + "%")
    with writing_in_random_provinces(operator) as writes:
        # A minute each, so that some sixty writes fall among the views (thirty views alone take a second).
        measure("Bảng điều hành toàn quốc, trong khi ghi 1 thay đổi/giây ở các tỉnh ngẫu nhiên", 300,
                page(national, "/giam-sat/"), seconds=60)
        measure("Bảng điều hành một tỉnh (Lào Cai), trong khi ghi 1 thay đổi/giây ở các tỉnh ngẫu nhiên", 150,
                page(province, "/giam-sat/"), seconds=60)
    print(f"… {len(writes)} lần ghi, median {statistics.median(writes or [0]):.0f} ms", flush=True)
    median, _ = measure("API tuân thủ một mốc, 34 tỉnh", 50,
                        page(national, "/api/v1/compliance/?milestone=steering-committee"))
    versus(COMPLIANCE_SQL, median)
    measure("Tìm cơ quan “uy ban nhan dan xa”", 100, page(national, "/co-quan/?search=uy+ban+nhan+dan+xa"))
    measure("Danh sách thành viên Tổ CNSCĐ, trang 1, một tỉnh, có lọc", 150,
            page(province, "/to-cnscd/thanh-vien/?search=nguyen"))

    # The issue: task lists, the roadmap of a province and "my tasks" within 150 ms at 3×, as Lào Cai's coordinator
    # sees them (the tasks of the province).
    measure("Danh sách nhiệm vụ một tỉnh (điều phối viên Lào Cai)", 150, page(province, "/nhiem-vu/"), at_3x=True)
    measure("… qua API, 100 dòng", 150, page(province, "/api/v1/tasks/?page_size=100"), at_3x=True)
    plan = (Plan.objects.filter(agency__code="ubnd-tinh-15").annotate(count=Count("tasks"))
            .order_by("-count", "pk").first())
    measure("Lộ trình một tỉnh (trang kế hoạch nhiều nhiệm vụ nhất của Lào Cai)", 150,
            page(province, f"/ke-hoach/{plan.pk}/"), at_3x=True, note=f" ({plan.count} nhiệm vụ)")
    measure("Lịch nhiệm vụ một tỉnh theo hạn (Lào Cai)", 150, page(province, "/nhiem-vu/lich/"), at_3x=True)
    measure("Nhiệm vụ của tôi (UBND tỉnh Lào Cai)", 150, page(province, "/nhiem-vu/cua-toi/"), at_3x=True)

    lao_cai_path = Agency.objects.get(code="ubnd-tinh-15").path + "%"
    median, _ = measure("Danh sách vướng mắc một tỉnh (trang vướng mắc, Lào Cai)", 150, page(province, "/vuong-mac/"))
    versus(OBSTACLES_SQL, median, path=lao_cai_path)
    median, _ = measure("… qua API, 50 dòng kèm lịch sử xử lý", 150,
                        page(province, "/api/v1/obstacles/?page_size=50"))
    versus(OBSTACLES_SQL, median, path=lao_cai_path)

    from dxnet.infosec.rules import _cutoff

    cutoffs = {f"c{months}": _cutoff(day, months) for months in (6, 12, 24)}
    summary_url = "/api/v1/infosec/summary/?tier=province"
    median, _ = measure("Tổng hợp an toàn thông tin theo cấp độ, 34 tỉnh (API)", 100, page(national, summary_url))
    versus(INFOSEC_SQL, median, **cutoffs)
    median = cold("… lần đầu sau một thay đổi dữ liệu (tính lại, rồi vào bộ nhớ đệm)",
                  lambda: (cache.clear(), page(national, summary_url)()), 10)
    versus(INFOSEC_SQL, median, **cutoffs)

    reader = User.objects.get(username="bench.laocai")
    seed_notifications(reader)
    measure("Số thông báo chưa đọc (chuông), 1 trong 500.000 thông báo", 20,
            lambda: Notification.objects.filter(user=reader, read_at__isnull=True).count())

    seconds, peak_kib = import_members(User.objects.get(username="bench.laocai"))
    TeamMember.objects.filter(phone__startswith="08", full_name__startswith="Thành viên đo").delete()
    speed = 50_000 / seconds
    limit = 50_000 / copy_limit()
    add(Row("Nhập tệp 50.000 thành viên", "≥ 5.000 dòng/s, bộ nhớ ≤ 1 GiB",
            f"{speed:,.0f}".replace(",", ".") + f" dòng/s ({seconds:.1f} s), đỉnh {peak_kib // 1024} MiB",
            ratio=f"{speed / limit:.0%} của COPY cùng các dòng vào bảng tạm ("
                  + f"{limit:,.0f}".replace(",", ".") + " dòng/s)",
            holds=speed >= 5000 and peak_kib <= 1024 * 1024, value=seconds))

    round_ = ReportRound.objects.order_by("pk").first()
    start = time.perf_counter()
    build(Consolidation.objects.create(round=round_, requested_by=operator))
    seconds = time.perf_counter() - start
    add(Row("Báo cáo tổng hợp toàn quốc (DOCX + XLSX)", "≤ 10 s", f"{seconds:.1f} s", holds=seconds <= 10,
            value=seconds))
    # The mixed load at 1× only (its runs take a quarter of an hour); its rows carry their own load average.
    if SCALE != "national3" and os.environ.get("BENCH_LOAD", "1") != "0":
        for row in load_rows():
            row.only_1x = True
            rows.append(row)

    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else None
    hand_over(rows, out)


def hand_over(rows: list[Row], out: str | None) -> None:
    """The rows, the machine and the data's size, as JSON for the parent."""
    counts = []
    with connection.cursor() as cursor:
        for table, label in (("agencies_agency", "cơ quan"), ("people_person", "cán bộ"),
                             ("network_communityteam", "Tổ CNSCĐ"), ("network_teammember", "thành viên"),
                             ("network_teamactivity", "hoạt động"), ("plans_task", "nhiệm vụ"),
                             ("obstacles_obstacle", "vướng mắc"), ("steering_meeting", "phiên họp Ban Chỉ đạo"),
                             ("inspections_inspection", "đoàn kiểm tra"),
                             ("infosec_informationsystem", "hệ thống thông tin"),
                             ("training_trainingrecord", "lượt bồi dưỡng"),
                             ("plans_indicator", "chỉ tiêu của kế hoạch")):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            counts.append(f"{cursor.fetchone()[0]:,} {label}".replace(",", "."))
    data = {"machine": machine(), "counts": counts, "rows": [asdict(row) for row in rows], "endpoints": ENDPOINTS}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
