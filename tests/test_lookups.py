"""field__in_array and field__any_of: the rows whose field is among a subquery's or a list's, on every database."""

from django.db import connection
from django.db.models import Q

from dxnet.agencies.models import Agency

from .conftest import HA_NOI, LAO_CAI


def test_in_array_keeps_the_rows_whose_field_is_among_the_subquery_s(db):
    lao_cai = Agency.objects.filter(code=LAO_CAI).values("pk")
    assert list(Agency.objects.filter(pk__in_array=lao_cai).values_list("code", flat=True)) == [LAO_CAI]
    under_lao_cai = Agency.objects.filter(parent__in_array=lao_cai)
    assert under_lao_cai.count() == Agency.objects.filter(parent__code=LAO_CAI).count() > 0


def test_in_array_under_an_or_adds_the_sides_up(db):
    either = Agency.objects.filter(Q(pk__in_array=Agency.objects.filter(code=LAO_CAI).values("pk"))
                                   | Q(pk__in_array=Agency.objects.filter(code=HA_NOI).order_by("name").values("pk")))
    assert set(either.values_list("code", flat=True)) == {LAO_CAI, HA_NOI}
    assert not Agency.objects.filter(pk__in_array=Agency.objects.none().values("pk")).exists()


def test_any_of_keeps_the_rows_whose_field_is_in_a_long_list(db):
    lao_cai = Agency.objects.get(code=LAO_CAI)
    pks = [lao_cai.pk, *range(10**9, 10**9 + 20_000)]  # beyond SQLite's parameters per statement on PostgreSQL
    assert list(Agency.objects.filter(pk__any_of=pks[:1]).values_list("code", flat=True)) == [LAO_CAI]
    if connection.vendor == "postgresql":
        assert list(Agency.objects.filter(pk__any_of=pks).values_list("code", flat=True)) == [LAO_CAI]
    assert not Agency.objects.filter(pk__any_of=[]).exists()
