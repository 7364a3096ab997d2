"""50 officials browsing at once: `locust -f bench/locustfile.py` (make bench runs it headless for 2 minutes).

Each simulated user signs in with a bench account of its own (a coordinator of a province, or the national
administrator), in two steps when the account has an authenticator app (the code computed with pyotp), and goes
through the pages people open most: dashboard, tasks, plans, members, search, compliance.
"""

import itertools
import os
import random
import re
import time

import pyotp
from locust import HttpUser, between, task

ACCOUNTS = os.environ.get("BENCH_ACCOUNTS", "bench.quantri").split(",")
PASSWORD = os.environ.get("BENCH_PASSWORD", "")
# Each account's TOTP secret ("name:SECRET,…"): coordinators sign in in two steps, so the load test does too.
SECRETS = dict(item.split(":", 1) for item in os.environ.get("BENCH_TOTP_SECRETS", "").split(",") if item)
_next_account = itertools.count()


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

    @task(4)
    def dashboard(self):
        self.client.get("/giam-sat/", name="bảng điều hành")

    @task(3)
    def my_tasks(self):
        self.client.get("/nhiem-vu/cua-toi/", name="nhiệm vụ của tôi")

    @task(2)
    def plans(self):
        self.client.get("/ke-hoach/", name="kế hoạch")

    @task(3)
    def members(self):
        self.client.get("/to-cnscd/thanh-vien/?search=nguyen", name="thành viên Tổ CNSCĐ")

    @task(2)
    def search(self):
        self.client.get("/co-quan/?search=uy+ban+nhan+dan+xa", name="tìm cơ quan")

    @task(1)
    def compliance(self):
        self.client.get("/api/v1/compliance/?milestone=steering-committee", name="API tuân thủ")

    @task(1)
    def open_data(self):
        self.client.get("/api/v1/open-data/", name="dữ liệu mở")
