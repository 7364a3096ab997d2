"""Reorganisations as data: lineage links, previewing and applying an event, and what refuses to apply."""

import datetime

import pytest
from django.urls import reverse

from dxnet.agencies import lineage
from dxnet.agencies.models import Agency

from .conftest import client_for


@pytest.mark.django_db
def test_a_former_province_committee_is_continued_by_the_current_one():
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    former = {a.code for a in lineage.predecessors(lao_cai)}
    assert former == {"ubnd-tinh-cu-10", "ubnd-tinh-cu-15"}  # Lào Cai and Yên Bái (NQ 202/2025/QH15)
    assert lineage.predecessors(lao_cai, before=datetime.date(2025, 6, 30)) == []
    assert {a.code for a in lineage.predecessors(lao_cai, before=datetime.date(2025, 7, 1))} == former
    yen_bai = Agency.objects.get(code="ubnd-tinh-cu-15")
    assert lineage.successors(yen_bai) == [lao_cai]
    assert lineage.successors(yen_bai, after=datetime.date(2025, 7, 1)) == []


def test_the_lineage_api_shows_links_with_their_day_and_basis(actors):
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    body = client_for(actors["coordinator"]).get(reverse("agency-lineage", args=[lao_cai.pk])).json()
    assert body["successors"] == []
    by_code = {row["code"]: row for row in body["predecessors"]}
    assert set(by_code) == {"ubnd-tinh-cu-10", "ubnd-tinh-cu-15"}
    assert by_code["ubnd-tinh-cu-15"]["effective_on"] == "2025-07-01"
    assert by_code["ubnd-tinh-cu-15"]["basis"] == "Nghị quyết 202/2025/QH15"
    assert by_code["ubnd-tinh-cu-15"]["name"] == "Ủy ban nhân dân tỉnh Yên Bái"
