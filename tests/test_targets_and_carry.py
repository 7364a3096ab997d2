"""The five targets of the approved Đề án 1690 (seed 000), training as an indicator of its own (seed 002, a draft),
and compliance across a reorganisation: what a merged body inherits from the bodies before it."""

import datetime
import re

import pytest
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.monitoring.models import Milestone, MilestoneKind

from .conftest import client_for

d = datetime.date
DAY = d(2026, 11, 26)

# The wording of Quyết định 1690/QĐ-TTg's five targets to 2025 (seed 000, "05 MỤC TIÊU"), "CDS" spelled out.
FIVE = [
    ("restructured", "Đơn vị chuyên trách CNTT được kiện toàn tổ chức bộ máy để thực hiện nhiệm vụ, giải pháp mới về "
                     "chuyển đổi số"),
    ("staffed", "Đơn vị chuyên trách CNTT được tăng cường bố trí biên chế để đáp ứng yêu cầu triển khai nhiệm vụ, giải "
                "pháp mới về chuyển đổi số"),
    ("focal-points", "Cơ quan, đơn vị của bộ, tỉnh bố trí bộ phận hoặc cán bộ đầu mối thực hiện nhiệm vụ chuyển đổi số "
                     "tại cơ quan mình"),
    ("network-platforms", "Thành viên Mạng lưới chuyển đổi số được sử dụng nền tảng số và bộ công cụ thống nhất toàn "
                          "quốc phục vụ chuyển đổi số"),
    ("platforms", "Xây dựng, phát triển và phổ biến các nền tảng số và bộ công cụ phục vụ quản lý nhà nước và thực thi "
                  "chuyển đổi số"),
]


@pytest.fixture
def known(registry, actors):
    """Lào Cai's registry plus one restructuring decision, two platforms in use and one course completed."""
    from dxnet.agencies.models import AgencyDecision
    from dxnet.platforms.models import PlatformUsage, SharedPlatform
    from dxnet.training.models import TrainingRecord

    Agency.objects.filter(code__in=["skhcn-tinh-15", "skhcn-tinh-01"]).update(is_dedicated_dx_unit=True)
    dx = Agency.objects.get(code="skhcn-tinh-15")
    AgencyDecision.objects.create(agency=dx, purpose="restructuring", number="1/QĐ-UBND", issued_on=d(2024, 5, 1),
                                  issuer="Ủy ban nhân dân tỉnh Lào Cai")
    person, member = registry["person"], registry["network_member"]
    platform = {p.code: p for p in SharedPlatform.objects.all()}
    PlatformUsage.objects.create(platform=platform["hoc-truc-tuyen-mo"], agency=person.agency, person=person,
                                 valid_from=d(2024, 3, 1))
    PlatformUsage.objects.create(platform=platform["ky-so"], agency=member.agency, voluntary_member=member,
                                 valid_from=d(2026, 6, 1))
    PlatformUsage.objects.create(platform=platform["dbi"], agency=person.agency, person=person,
                                 valid_from=d(2024, 3, 1), valid_to=d(2025, 1, 31))  # no longer in use
    TrainingRecord.objects.create(agency=person.agency, person=person, course="Chuyển đổi số cho cán bộ cấp xã",
                                  completed_on=d(2026, 4, 10), hours=16)
    return registry


def test_the_targets_are_exactly_the_five_of_the_approved_decision(known, actors):
    from dxnet.monitoring import targets

    scope = targets.Scope(actors["coordinator"], DAY)
    five = targets.compute(scope)
    assert [(t.code, t.title) for t in five] == FIVE
    assert [t.number for t in five] == [1, 2, 3, 4, 5]
    assert {t.source for t in five} == {"Quyết định 1690/QĐ-TTg ngày 26/12/2023"}
    assert [(t.code, t.value, t.total) for t in five] == [
        ("restructured", 1, 1), ("staffed", 0, 1), ("focal-points", 1, 102),
        ("network-platforms", 2, 2),  # the focal point and the voluntary member both use a platform
        ("platforms", 2, 15)]  # two of the catalogue's fifteen in use on the day; the third stopped in January 2025
    assert "trained" not in targets.TARGETS
    assert not any("80%" in t.goal or "bồi dưỡng" in t.title for t in five)


def test_the_fifth_target_counts_the_catalogue_in_use_in_the_scope_and_lists_both_sides(known, actors):
    from dxnet.monitoring import targets

    hanoi = targets.platforms(targets.Scope(actors["outsider"], DAY))
    assert (hanoi.value, hanoi.total) == (0, 15)  # Lào Cai's usage is not Hà Nội's
    before = targets.platforms(targets.Scope(actors["coordinator"], d(2024, 2, 1)))
    assert before.value == 0
    page = client_for(actors["coordinator"]).get(reverse("monitoring:target", args=["platforms"]),
                                                 {"as_of": DAY.isoformat()}).content.decode()
    counted = re.search(r'<ul class="counted">(.*?)</ul>', page, re.S)[1]
    missing = re.search(r'<ul class="missing">(.*?)</ul>', page, re.S)[1]
    assert "Nền tảng học trực tuyến mở đại trà" in counted and "Nền tảng kết nối ký số" in counted
    assert "Công cụ đánh giá mức độ chuyển đổi số doanh nghiệp" in missing and missing.count("<li>") == 13
    assert f'href="{reverse("platforms:usages")}?platform=' in counted


def test_training_is_an_indicator_of_its_own_labelled_as_the_draft(known, actors):
    from dxnet.monitoring import targets

    [trained] = targets.indicators(targets.Scope(actors["coordinator"], DAY))
    assert (trained.code, trained.value, trained.total, trained.number) == ("trained", 1, 1, None)
    assert trained.goal == "80% năm 2025 (theo dự thảo)" and trained.source.startswith("Dự thảo Đề án")
    client = client_for(actors["coordinator"])
    page = client.get(reverse("monitoring:targets"), {"as_of": DAY.isoformat()}).content.decode()
    cards = page.split("Chỉ số khác")[0]
    assert re.findall(r'data-target="([^"]+)"', cards) == [code for code, _ in FIVE]
    for number, (_, title) in enumerate(FIVE, start=1):
        assert f'<span class="muted">Mục tiêu {number}.</span> {title}' in page
    assert 'data-indicator="trained"' in page and "Nguồn: Dự thảo Đề án" in page and "80%" not in cards
    rows = client.get(reverse("monitoring:target", args=["trained"]), {"as_of": DAY.isoformat()}).content.decode()
    assert reverse("people:detail", args=[known["person"].pk]) in rows and "Nguồn: Dự thảo Đề án" in rows


def test_the_dashboard_and_the_home_page_show_the_five_and_the_indicator_apart(known, actors):
    from django.core.cache import cache

    from dxnet.monitoring import dashboard, targets

    cache.clear()
    coordinator = actors["coordinator"]
    scope = targets.Scope(coordinator, DAY)
    shown = dashboard.summary(scope, national=False)
    assert [(t["code"], t["number"], t["value"], t["total"]) for t in shown["targets"]] == [
        (t.code, t.number, t.value, t.total) for t in targets.compute(scope)]
    assert [(t["code"], t["value"], t["total"]) for t in shown["indicators"]] == [("trained", 1, 1)]
    client = client_for(coordinator)
    for html in (client.get(reverse("monitoring:dashboard"), {"as_of": DAY.isoformat()}).content.decode(),
                 client.get(reverse("home")).content.decode()):
        cards, others = html.split("Chỉ số khác")
        assert re.findall(r'data-target="([^"]+)"', cards) == [code for code, _ in FIVE]
        assert 'data-indicator="trained"' in others and "nguồn: Dự thảo Đề án" in others


# --- Compliance across a reorganisation ----------------------------------------------------------------------

MERGED_ON = d(2025, 7, 1)


@pytest.fixture
def merger(db):
    """Three former provinces merged into one on 1/7/2025: two had set up their DX network before, one had not
    (it did so on the day after the merger, too late to count)."""
    root = Agency.objects.get(code="ubnd-tinh-15").parent
    kind = MilestoneKind.objects.get(code="dx-network")

    def province(code, name, **dates):
        return Agency.objects.create(code=code, name=name, kind=Agency.Kind.PROVINCIAL_PC, parent=root,
                                     path=Agency.path_for(root, code), depth=root.depth + 1, search_name=name.lower(),
                                     **dates)

    merged = province("ubnd-tinh-hop-nhat", "Ủy ban nhân dân tỉnh Hợp Nhất", valid_from=MERGED_ON)
    former = [province(f"ubnd-tinh-cu-{n}", f"Ủy ban nhân dân tỉnh Cũ {label}", valid_from=d(2004, 1, 1),
                       valid_to=MERGED_ON - datetime.timedelta(days=1), successor=merged)
              for n, label in ((1, "Một"), (2, "Hai"), (3, "Ba"))]
    for agency, day in ((former[0], d(2024, 9, 20)), (former[1], d(2025, 3, 5)), (former[2], MERGED_ON)):
        Milestone.objects.create(agency=agency, kind=kind, achieved_on=day, document=f"Quyết định {agency.pk}/QĐ")
    return merged, former


def counted(client, carry, as_of="2026-01-15", **extra) -> dict:
    response = client.get(reverse("compliance"), {"milestone": "dx-network", "tier": "province", "as_of": as_of,
                                                  "earliest": 100, **extra, **({"carry": carry} if carry else {})})
    assert response.status_code == 200, response.content
    return response.json()


def test_a_merged_body_inherits_when_any_but_not_all_of_three_predecessors_reached_the_milestone(merger, actors):
    merged, former = merger
    client = client_for(actors["viewer"])
    for carry in (None, "none"):  # the default counts the body's own entry only
        table = counted(client, carry)
        assert table["carry"] == "none" and table["achieved"] == 0
        assert {"agency": merged.name, "code": merged.code} in table["missing"]
    table = counted(client, "any")
    assert table["achieved"] == 1 and table["earliest"] == [
        {"agency": merged.name, "code": merged.code, "date": "2024-09-20",  # the first predecessor's day
         "carried_from": ["ubnd-tinh-cu-1", "ubnd-tinh-cu-2"]}]
    assert table["rule"].startswith("Cơ quan hình thành sau sắp xếp được tính là đã thực hiện nếu ít nhất một")
    table = counted(client, "all")  # the third reached it on the day of the merger, not before it
    assert table["achieved"] == 0 and {"agency": merged.name, "code": merged.code} in table["missing"]
    assert "tất cả cơ quan trước sắp xếp" in table["rule"]
    # Before the merger the former provinces are the bodies in force: each counts its own entry, whatever the rule.
    before = counted(client, "all", as_of="2025-06-30")
    assert [row["code"] for row in before["earliest"]] == ["ubnd-tinh-cu-1", "ubnd-tinh-cu-2"]
    assert "carried_from" not in before["earliest"][0]


def test_with_all_predecessors_reached_before_the_event_all_counts_it_from_the_last_of_them(merger, actors):
    merged, former = merger
    Milestone.objects.filter(agency=former[2]).update(achieved_on=d(2025, 6, 30))
    table = counted(client_for(actors["viewer"]), "all")
    assert table["achieved"] == 1 and table["earliest"][0]["date"] == "2025-06-30"
    assert table["earliest"][0]["carried_from"] == ["ubnd-tinh-cu-1", "ubnd-tinh-cu-2", "ubnd-tinh-cu-3"]
    # Its own entry, once made, is what counts: no carry needed.
    Milestone.objects.create(agency=merged, kind=MilestoneKind.objects.get(code="dx-network"),
                             achieved_on=d(2025, 8, 1))
    own = counted(client_for(actors["viewer"]), "none")
    assert own["achieved"] == 1 and own["earliest"][0] == {"agency": merged.name, "code": merged.code,
                                                           "date": "2025-08-01"}


def test_the_compliance_page_offers_the_rules_and_says_which_one_applies(merger, actors):
    kind = MilestoneKind.objects.get(code="dx-network")
    client = client_for(actors["coordinator"])
    query = {"kind": kind.pk, "as_of": "2026-01-15", "earliest": 100}
    page = client.get(reverse("monitoring:compliance"), query).content.decode()
    assert 'name="carry"' in page and "Tính kế thừa khi tất cả cơ quan trước sắp xếp đã thực hiện" in page
    assert 'data-carry="none"' in page and "Chỉ tính mốc do chính cơ quan đang hoạt động" in page
    page = client.get(reverse("monitoring:compliance"), {**query, "carry": "any"}).content.decode()
    assert 'data-carry="any"' in page and "ít nhất một cơ quan trước sắp xếp" in page
    assert "Ủy ban nhân dân tỉnh Hợp Nhất <small class=\"muted\" data-carried>(kế thừa từ Ủy ban nhân dân tỉnh Cũ " \
           "Một, Ủy ban nhân dân tỉnh Cũ Hai)</small>" in page
    wrong = client.get(reverse("monitoring:compliance"), {**query, "carry": "mot-phan"}).content.decode()
    assert 'class="errors" role="alert"' in wrong and "Quy tắc kế thừa “mot-phan” không có" in wrong


def test_an_unknown_carry_rule_is_refused_in_vietnamese_with_the_api_error_body(actors):
    response = client_for(actors["viewer"]).get(reverse("compliance"), {"milestone": "dx-network", "carry": "some"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["errors"]["carry"] == [
        {"message": "Quy tắc kế thừa “some” không có; dùng “none”, “any” hoặc “all”.", "code": "invalid_choice"}]


def test_the_schema_documents_the_carry_rules(actors):
    schema = client_for(actors["viewer"]).get(reverse("api-schema"), {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/compliance/"]["get"]["parameters"]}
    assert sorted(parameters["carry"]["schema"]["enum"]) == ["all", "any", "none"]
    assert parameters["carry"]["schema"]["default"] == "none"
    assert "`any`: Cơ quan hình thành sau sắp xếp" in parameters["carry"]["description"]


def test_carry_follows_a_merger_applied_as_an_event(actors):
    """Three ministries merged by an applied reorganisation event (not a stated successor typed in the data)."""
    from dxnet.agencies.reorganisation import do_apply_event, do_create_event

    admin, root = actors["national_admin"], Agency.objects.get(code="bo-y-te").parent
    kind = MilestoneKind.objects.get(code="steering-committee")

    def ministry(code, name, **dates):
        return Agency.objects.create(code=code, name=name, kind=Agency.Kind.MINISTRY, parent=root,
                                     path=Agency.path_for(root, code), depth=root.depth + 1, search_name=name.lower(),
                                     **dates)

    olds = [ministry(f"bo-cu-{n}", f"Bộ Cũ {label}", valid_from=d(2002, 8, 5))
            for n, label in ((1, "Một"), (2, "Hai"), (3, "Ba"))]
    merged = ministry("bo-hop-nhat", "Bộ Hợp Nhất", valid_from=d(2025, 3, 1))
    Milestone.objects.create(agency=olds[0], kind=kind, achieved_on=d(2021, 5, 4))
    Milestone.objects.create(agency=olds[1], kind=kind, achieved_on=d(2022, 1, 10))
    event = do_create_event(kind="merge", effective_on=d(2025, 3, 1), basis="Nghị quyết 176/2025/QH15",
                            predecessors=olds, successors=[merged], acting_user=admin)
    do_apply_event(event, acting_user=admin)
    client = client_for(actors["viewer"])

    def merged_row(carry):
        table = client.get(reverse("compliance"), {"milestone": "steering-committee", "tier": "ministry",
                                                   "as_of": "2025-06-01", "earliest": 100, "carry": carry}).json()
        return next((row for row in table["earliest"] if row["code"] == merged.code), None)

    assert merged_row("none") is None
    assert merged_row("any") == {"agency": "Bộ Hợp Nhất", "code": "bo-hop-nhat", "date": "2021-05-04",
                                 "carried_from": ["bo-cu-1", "bo-cu-2"]}
    assert merged_row("all") is None  # Bộ Cũ Ba had not


def test_a_compliance_link_without_a_day_shows_todays_table(actors):
    kind = MilestoneKind.objects.get(code="plan-1690")
    page = client_for(actors["national_admin"]).get(reverse("monitoring:compliance"), {"kind": kind.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Trường này là bắt buộc" not in html and "/34" in html
