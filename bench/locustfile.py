"""Officials browsing and writing at once: `locust -f bench/locustfile.py` (make bench runs it headless).

Each simulated user signs in with a bench account of its own (a coordinator of a province, or the national
administrator), in two steps when the account has an authenticator app (the code computed with pyotp), and goes
through the pages people open most: dashboard, tasks, plans, members, search, compliance. About one request in ten
is a write within the account's own province, through the real form or API with its CSRF token: a task report with
a small file, a team activity, a team member, an obstacle. Writes are named "ghi: …" (the form opened before, a read,
"mẫu: …"), so reads and writes are reported apart; BENCH_SUMMARY names a file for the p95 of each kind.
`--tags ghi` runs the writes alone (a check that each still goes through).
"""

import datetime
import itertools
import json
import os
import random
import re
import time

import pyotp
from load_marks import LOAD_MARK, PHONE_PREFIX
from locust import HttpUser, between, events, tag, task

ACCOUNTS = os.environ.get("BENCH_ACCOUNTS", "bench.quantri").split(",")
PASSWORD = os.environ.get("BENCH_PASSWORD", "")
# Each account's TOTP secret ("name:SECRET,…"): coordinators sign in in two steps, so the load test does too.
SECRETS = dict(item.split(":", 1) for item in os.environ.get("BENCH_TOTP_SECRETS", "").split(",") if item)
_next_account = itertools.count()
WRITE = "ghi: "  # prefix of the names of writes
EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # a small file, as a scanned page would be
# Response times of reads and of writes (the sign-in and the preparation left out), summed up into the file
# BENCH_SUMMARY names when locust stops: locust's own table gives a percentile per name, not per kind. Those while
# users were still signing in (a hundred within 20 seconds, each with its password, code and preparation) are kept
# apart: the steady figures are those after every user has signed in; the whole run's are reported beside them.
_times: dict[str, list[float]] = {"read": [], "write": []}
_ramp: dict[str, list[float]] = {"read": [], "write": []}
_failures = {"read": 0, "write": 0}
_signed_in = itertools.count(1)
_signing_in = [True]
# Each write's own mark, and each new member's own phone (one phone, one member nationwide): counted, not drawn.
_written = itertools.count()
_phones = itertools.count(random.randrange(9 * 10**6))  # noqa: S311


@events.request.add_listener
def _count(name, response_time, exception, **_):
    if name in ("đăng nhập", "mã xác thực") or name.startswith("chuẩn bị"):
        return
    kind = "write" if name.startswith(WRITE) else "read"
    (_ramp if _signing_in[0] else _times)[kind].append(response_time)
    _failures[kind] += exception is not None


def _p95(times: list[float]) -> float:
    times = sorted(times)
    return times[int(0.95 * (len(times) - 1))] if times else 0.0


@events.quitting.add_listener
def _summarise(environment, **_):
    if path := os.environ.get("BENCH_SUMMARY"):
        summary = {kind: {"requests": len(times) + len(_ramp[kind]), "failures": _failures[kind],
                          "p95": _p95(times), "p95_whole_run": _p95(times + _ramp[kind])}
                   for kind, times in _times.items()}
        with open(path, "w", encoding="utf-8") as out:
            json.dump(summary, out)


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


class Official(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        # One account per simulated user while they last: a code is accepted once, so two users signing in as the
        # same account within 30 seconds would be refused the second time.
        index = next(_next_account)
        username = ACCOUNTS[index] if index < len(ACCOUNTS) else random.choice(ACCOUNTS)  # noqa: S311
        page = self.client.get("/dang-nhap/", name="đăng nhập")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        page = self.client.post("/dang-nhap/", {"username": username, "password": PASSWORD,
                                                "csrfmiddlewaretoken": token}, name="đăng nhập")
        if "/dang-nhap/ma-xac-thuc/" in page.url:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
            # The next step's code: accepted (one step ahead) even if the warm-up used the current one.
            code = pyotp.TOTP(SECRETS[username]).at(time.time() + 30)
            with self.client.post(page.url, {"code": code, "csrfmiddlewaretoken": token}, name="mã xác thực",
                                  catch_response=True) as answer:
                if "/dang-nhap/ma-xac-thuc/" in answer.url:  # refused: the form comes back
                    answer.failure("Mã xác thực bị từ chối")
        # What this account may write on, within its own province (read once, not counted as load).
        self.team_ids = [row["id"] for row in self._rows("/api/v1/teams/?page_size=50")]
        self.task_ids = [row["id"] for row in self._rows("/api/v1/tasks/?page_size=50")]
        self.skill_ids = sorted({row["skill_area"] for row in self._rows("/api/v1/team-activities/?page_size=50")})
        # Activities: each simulated user records for a team of its own (the users of a province share its first 50
        # teams), a new (day of the past week, skill area) each time, as an official records each activity once.
        nth = int(username.rsplit(".", 1)[1]) if username.count(".") == 3 else 0  # bench.dieuphoi.<code>.<n>
        self.activity_team = self.team_ids[nth % len(self.team_ids)] if self.team_ids else None
        self.activity_slots = itertools.product(range(7), self.skill_ids)
        if next(_signed_in) >= self.environment.runner.target_user_count:
            _signing_in[0] = False

    def _rows(self, url: str) -> list[dict]:
        answer = self.client.get(url, name="chuẩn bị: danh sách để ghi")
        if not answer.ok:
            return []
        body = answer.json()
        return body["results"] if isinstance(body, dict) else body

    def _post_form(self, url: str, data: dict, name: str, files=None) -> None:
        """Open the form (a read), post it with its token; a form coming back with errors is a failure."""
        page = self.client.get(url, name=f"mẫu: {name}")
        data = {**data, "csrfmiddlewaretoken": _token(page.text)}
        with self.client.post(url, data, files=files, name=f"{WRITE}{name}", catch_response=True) as answer:
            if answer.status_code != 200 or answer.url.rstrip("/").endswith(url.rstrip("/")):
                # The form's own messages, when it refused: a field's (p.error) or the whole form's (an errorlist).
                said = re.findall(r'(?:class="error"[^>]*>|<ul class="errorlist[^>]*><li>)([^<]+)', answer.text)
                answer.failure(f"Không ghi được ({answer.status_code}): {'; '.join(said) or answer.text[:200]}")

    def _stamp(self) -> str:
        return f"{os.getpid()}-{next(_written)}"

    # --- writes: ~10% of requests (4 writes, 3 of them after opening their form, for every 32 reads)

    @tag("ghi")
    @task(1)
    def report_on_a_task(self):
        if self.task_ids:
            self._post_form(f"/nhiem-vu/{random.choice(self.task_ids)}/bao-cao/",  # noqa: S311
                            {"text": f"Báo cáo tiến độ {LOAD_MARK.lower()} {self._stamp()}", "status": "doing",
                             "progress": random.randint(10, 90)},  # noqa: S311
                            "báo cáo nhiệm vụ kèm tệp", files={"file": ("minh-chung.pdf", EVIDENCE,
                                                                         "application/pdf")})

    @tag("ghi")
    @task(1)
    def record_an_activity(self):
        slot = next(self.activity_slots, None) if self.activity_team else None
        if slot:
            days_ago, skill = slot
            day = datetime.date.today() - datetime.timedelta(days=days_ago)  # noqa: DTZ011 - the bench's clock
            token = self.client.cookies.get("csrftoken", "")
            with self.client.post("/api/v1/team-activities/", json={
                    "team": self.activity_team, "date": day.isoformat(), "skill_area": skill,
                    "people_helped": 5, "households_helped": 3, "notes": f"{LOAD_MARK} {self._stamp()}"},
                    headers={"X-CSRFToken": token},
                    name=f"{WRITE}hoạt động Tổ CNSCĐ (API)", catch_response=True) as answer:
                if answer.status_code != 201:
                    answer.failure(f"Không ghi được ({answer.status_code}): {answer.text[:200]}")

    @tag("ghi")
    @task(1)
    def add_a_member(self):
        if self.team_ids:
            self._post_form(f"/to-cnscd/{random.choice(self.team_ids)}/thanh-vien/them/",  # noqa: S311
                            {"full_name": f"Thành viên {LOAD_MARK.lower()} {self._stamp()}",
                             "phone": f"{PHONE_PREFIX}{next(_phones):07d}",
                             "role": "volunteer"}, "thành viên Tổ CNSCĐ")

    @tag("ghi")
    @task(1)
    def raise_an_obstacle(self):
        self._post_form("/vuong-mac/neu/", {"title": f"Vướng mắc {LOAD_MARK.lower()} {self._stamp()}", "category": 1,
                                            "description": "Thiếu thiết bị đầu cuối cho Tổ công nghệ số cộng đồng."},
                        "vướng mắc")

    @task(8)
    def dashboard(self):
        self.client.get("/giam-sat/", name="bảng điều hành")

    @task(6)
    def my_tasks(self):
        self.client.get("/nhiem-vu/cua-toi/", name="nhiệm vụ của tôi")

    @task(4)
    def plans(self):
        self.client.get("/ke-hoach/", name="kế hoạch")

    @task(6)
    def members(self):
        self.client.get("/to-cnscd/thanh-vien/?search=nguyen", name="thành viên Tổ CNSCĐ")

    @task(4)
    def search(self):
        self.client.get("/co-quan/?search=uy+ban+nhan+dan+xa", name="tìm cơ quan")

    @task(2)
    def compliance(self):
        self.client.get("/api/v1/compliance/?milestone=steering-committee", name="API tuân thủ")

    @task(2)
    def open_data(self):
        self.client.get("/api/v1/open-data/", name="dữ liệu mở")
