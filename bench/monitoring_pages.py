"""Time the monitoring pages on the demo data: `python bench/monitoring_pages.py`.

Runs against the database of the environment (after `make run`); prints median and p95 over warm runs. The
open-data figures are cached for a few minutes, so its cold time is printed too.
"""

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxnet.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from timing import page, timed  # noqa: E402

from dxnet.accounts.models import User  # noqa: E402
from dxnet.reporting.consolidation import build  # noqa: E402
from dxnet.reporting.models import Consolidation, ReportRound  # noqa: E402

RUNS = 15


def main() -> None:
    setup_test_environment()
    national, province, anonymous = Client(), Client(), Client()
    national.force_login(User.objects.get(username="quantri"))
    province.force_login(User.objects.get(username="dieuphoi.laocai"))
    for label, client, url in [
        ("national dashboard", national, "/giam-sat/"),
        ("province dashboard (Lào Cai)", province, "/giam-sat/"),
        ("compliance API, steering committees 2022", national,
         "/api/v1/compliance/?milestone=steering-committee&tier=province&as_of=2022-03-07"),
        ("compliance API, today's 34 provinces", national, "/api/v1/compliance/?milestone=steering-committee"),
        ("targets page (national)", national, "/giam-sat/chi-tieu/"),
        ("open-data API (cached)", anonymous, "/api/v1/open-data/"),
    ]:
        median, p95 = timed(page(client, url), RUNS)
        print(f"{label:48} median {median:6.0f} ms   p95 {p95:6.0f} ms")
    cache.clear()
    start = time.perf_counter()
    anonymous.get("/api/v1/open-data/")
    print(f"{'open-data API (cold)':48} {(time.perf_counter() - start) * 1000:6.0f} ms")
    round_ = ReportRound.objects.order_by("pk").first()
    start = time.perf_counter()
    build(Consolidation.objects.create(round=round_, requested_by=User.objects.get(username="quantri")))
    print(f"{'consolidated report, 34 provinces (DOCX+XLSX)':48} {(time.perf_counter() - start) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
