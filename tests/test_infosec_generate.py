"""The generated register (`dxnet generate`): plausible at every level, and its milestone agrees with it."""

import datetime
import random

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxnet.agencies.models import Agency
from dxnet.infosec import rules, services
from dxnet.infosec.generate import generate
from dxnet.infosec.models import InformationSystem, SecurityDrill
from dxnet.monitoring.models import Milestone

TODAY = datetime.date(2026, 11, 26)


def test_the_generated_register_covers_every_level_and_agrees_with_its_milestone(actors):
    provinces = list(Agency.objects.filter(code__in=["ubnd-tinh-15", "ubnd-tinh-01"]).order_by("code"))
    counts = generate(random.Random(3), provinces, TODAY)
    assert counts["hệ thống thông tin"] == InformationSystem.objects.count() > 500
    assert set(InformationSystem.objects.values_list("proposed_level", flat=True)) == {1, 2, 3, 4, 5}
    assert InformationSystem.objects.filter(agency__kind=Agency.Kind.COMMUNE_PC).exists()
    assert counts["lần đánh giá an toàn thông tin"] > 0 and counts["nhãn tín nhiệm mạng"] > 0
    assert SecurityDrill.objects.filter(systems__approved_level__gte=3).exists()
    table = rules.summary(actors["national_admin"], tier="province", as_of=TODAY)
    generated = [row for row in table.rows if row.systems]
    assert len(generated) == 2 and any(row.overdue for row in generated)
    for row in generated:  # the milestone is there exactly where the register says 100%
        derived = Milestone.objects.filter(agency=row.body, kind__code="security-dossiers").first()
        assert (derived is not None) == row.dossiers_met
        assert derived is None or derived.derived
        assert (services.dossiers_complete(row.body, TODAY) is not None) == row.dossiers_met
    ministries = rules.summary(actors["national_admin"], tier="ministry", as_of=TODAY)
    assert sum(row.systems for row in ministries.rows) > 0
    with CaptureQueriesContext(connection) as queries:
        rules.summary(actors["national_admin"], tier="province", as_of=TODAY)
    assert len(queries) <= 6
