"""Busy pages run a constant number of SQL queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import client_for

pytestmark = pytest.mark.django_db


def queries_for(client, url, params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("view, params", [
    ("geo:list", {"level": 3}),
    ("agencies:list", {"kind": "commune_pc"}),
])
def test_listing_all_3321_communes_costs_the_same_queries_as_25(view, params, actors):
    client = client_for(actors["national_admin"])
    few, _ = queries_for(client, reverse(view), {**params, "page_size": 25})
    many, html = queries_for(client, reverse(view), {**params, "page_size": 5000})
    assert "3.321 kết quả" in html
    assert html.count("<tr>") == 3321 + 1
    assert many == few


def test_the_tree_level_of_a_province_costs_constant_queries(actors):
    from dxnet.agencies.models import Agency

    client = client_for(actors["national_admin"])
    small = Agency.objects.get(code="ubnd-tinh-12")  # Lai Châu, 38 communes
    large = Agency.objects.get(code="ubnd-tinh-79")  # Hồ Chí Minh City, 168 communes
    few, _ = queries_for(client, reverse("agencies:children", args=[small.pk]), {})
    many, html = queries_for(client, reverse("agencies:children", args=[large.pk]), {})
    assert html.count("<li>") == 169
    assert many == few
