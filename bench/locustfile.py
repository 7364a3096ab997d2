"""50 officials browsing at once: `locust -f bench/locustfile.py` (make bench runs it headless for 2 minutes).

Each simulated user signs in with one of the bench accounts (a coordinator of a province, or the national
administrator) and goes through the pages people open most: dashboard, tasks, plans, members, search, compliance.
"""

import os
import random
import re

from locust import HttpUser, between, task

ACCOUNTS = os.environ.get("BENCH_ACCOUNTS", "bench.quantri").split(",")
PASSWORD = os.environ.get("BENCH_PASSWORD", "")


class Official(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        page = self.client.get("/dang-nhap/", name="đăng nhập")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        self.client.post("/dang-nhap/", {"username": random.choice(ACCOUNTS), "password": PASSWORD,  # noqa: S311
                                         "csrfmiddlewaretoken": token}, name="đăng nhập")

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
