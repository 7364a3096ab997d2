"""Time the plan pages and exports on the demo data: `python bench/plan_pages.py`.

Runs against the database of the environment (after `make run`, or `dxnet load_reference` and `dxnet load_demo`);
prints median and p95 over warm runs, then builds one province plan for the largest province (168 communes) and
deletes nothing (each run adds one plan).
"""

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxnet.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from timing import page, timed  # noqa: E402

from dxnet.accounts.models import User  # noqa: E402
from dxnet.agencies.models import Agency  # noqa: E402
from dxnet.plans.models import Plan, PlanTemplate  # noqa: E402
from dxnet.plans.services import do_create_plan  # noqa: E402

RUNS = 15


def main() -> None:
    setup_test_environment()  # the test client outside a test run
    lao_cai, hanoi = Client(), Client()
    lao_cai.force_login(User.objects.get(username="dieuphoi.laocai"))
    hanoi.force_login(User.objects.get(username="dieuphoi.hanoi"))
    short = Plan.objects.get(agency__code="ubnd-tinh-15", template__code="ke-hoach-tinh-1690")
    long = Plan.objects.get(agency__code="ubnd-tinh-01", template__code="phu-luc-i-cds-cap-tinh")
    for label, client, url in [
        ("plan page, 15 tasks with ~100 agencies each", lao_cai, f"/ke-hoach/{short.pk}/"),
        ("plan page, 40 tasks", hanoi, f"/ke-hoach/{long.pk}/"),
        ("plan DOCX, 15 tasks", lao_cai, f"/ke-hoach/{short.pk}/xuat/docx/"),
        ("plan DOCX, 40 tasks", hanoi, f"/ke-hoach/{long.pk}/xuat/docx/"),
        ("plan XLSX, 40 tasks", hanoi, f"/ke-hoach/{long.pk}/xuat/xlsx/"),
        ("my tasks", lao_cai, "/nhiem-vu/cua-toi/"),
        ("timeline", lao_cai, "/nhiem-vu/lich/"),
        ("API tasks, 100 per page", lao_cai, "/api/v1/tasks/?page_size=100"),
    ]:
        median, p95 = timed(page(client, url), RUNS)
        print(f"{label:48} median {median:6.0f} ms   p95 {p95:6.0f} ms")
    start = time.perf_counter()
    do_create_plan(PlanTemplate.objects.get(code="ke-hoach-tinh-1690"), Agency.objects.get(code="ubnd-tinh-79"),
                   2030, acting_user=User.objects.get(username="quantri"))
    print(f"{'province plan for Hồ Chí Minh City (168 communes)':48} {(time.perf_counter() - start) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
