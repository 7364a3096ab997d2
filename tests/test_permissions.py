"""The permission matrix: every URL of the project, for every role, around one target in Lào Cai.

Out-of-scope objects answer 404, like missing ones; a role that sees an object but may not change it gets 403.
"""

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.urls import reverse

from .conftest import client_for

ACTORS = ["national_admin", "coordinator", "focal_point", "team_leader", "member", "viewer", "sibling",
          "outsider", "anonymous"]
# Who sees each kind of target: the commune's People's Committee, its territory, an account there.
SEES = {
    "agency": {"national_admin", "coordinator", "focal_point", "team_leader", "member", "viewer"},
    "unit": {"national_admin", "coordinator", "focal_point", "team_leader", "member", "viewer", "sibling"},
    "user": {"national_admin", "coordinator", "focal_point", "team_leader", "member", "viewer"},
}
MANAGERS = {"national_admin", "coordinator"}
# Pages not bound to an object: open to every role that manages something in its own scope.
MANAGING_ROLES = MANAGERS | {"sibling", "outsider"}


@dataclass
class Case:
    view: str
    kind: str  # public, page, list, detail, manage, manage-page, api, api-list, api-detail
    target: str = "agency"

    def path(self, t) -> str:
        obj = {"agency": t["agency"], "unit": t["agency"].admin_unit, "user": t["user"]}[self.target]
        if self.kind in ("detail", "manage", "api-detail"):
            return reverse(self.view, args=[obj.pk])
        if self.kind in ("list", "api-list"):
            term = obj.username if self.target == "user" else obj.name
            return f"{reverse(self.view)}?search={quote(term)}&page_size=500"
        return reverse(self.view)


CASES = [
    Case("login", "public"),
    Case("logout", "public"),
    Case("home", "page"),
    Case("agencies:tree", "page"),
    Case("agencies:list", "list"),
    Case("agencies:detail", "detail"),
    Case("agencies:children", "detail"),
    Case("agencies:create", "manage"),
    Case("agencies:update", "manage"),
    Case("agencies:delete", "manage"),
    Case("geo:list", "list", "unit"),
    Case("geo:detail", "detail", "unit"),
    Case("accounts:list", "list", "user"),
    Case("accounts:detail", "detail", "user"),
    Case("accounts:create", "manage-page", "user"),
    Case("accounts:update", "manage", "user"),
    Case("accounts:password", "manage", "user"),
    Case("api-root", "api"),
    Case("api-schema", "api"),
    Case("agency-list", "api-list"),
    Case("agency-detail", "api-detail"),
    Case("admin-unit-list", "api-list", "unit"),
    Case("admin-unit-detail", "api-detail", "unit"),
]


def expected_status(case: Case, actor: str) -> int:
    if case.kind == "public":  # the login page sends a signed-in user home
        return 200 if case.view == "login" and actor == "anonymous" else 302
    if actor == "anonymous":
        return 401 if case.kind.startswith("api") else 302
    if case.kind == "manage-page":
        return 200 if actor in MANAGING_ROLES else 403
    in_scope = actor in SEES[case.target]
    if case.kind == "manage":
        return 404 if not in_scope else 200 if actor in MANAGERS else 403
    if case.kind in ("detail", "api-detail"):
        return 200 if in_scope else 404
    return 200


@pytest.fixture
def target(actors, lao_cai_commune):
    return {"agency": lao_cai_commune, "user": actors["focal_point"]}


def _lists(response, case: Case, target) -> bool:
    """Whether the list shows the target row (its link on a page, its id in the API)."""
    obj = {"agency": target["agency"], "unit": target["agency"].admin_unit, "user": target["user"]}[case.target]
    if case.kind == "api-list":
        return any(row["id"] == obj.pk for row in response.json()["results"])
    detail = {"agency": "agencies:detail", "unit": "geo:detail", "user": "accounts:detail"}[case.target]
    return f'href="{reverse(detail, args=[obj.pk])}"' in response.content.decode()


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.view)
def test_every_url_answers_each_role_within_its_scope(case, actor, actors, target):
    client = client_for(actors[actor])
    method = client.post if case.view == "logout" else client.get
    response = method(case.path(target))
    assert response.status_code == expected_status(case, actor)
    if case.kind in ("list", "api-list") and response.status_code == 200:
        assert _lists(response, case, target) == (actor in SEES[case.target])


@pytest.mark.parametrize("view", ["agency-list", "admin-unit-list"])
def test_an_outsider_gets_nothing_of_another_province_from_the_api(view, actors):
    client = client_for(actors["outsider"])
    rows = client.get(reverse(view), {"province": _lao_cai_unit_id(), "page_size": 1000}).json()
    assert rows["count"] == 0
    everything = client.get(reverse(view), {"page_size": 1000}).json()
    assert everything["count"] > 100
    assert not any("Lào Cai" in row["name"] for row in everything["results"])


def _lao_cai_unit_id() -> int:
    from dxnet.geo.models import AdminUnit

    return AdminUnit.objects.get(key="tinh-15").pk


def test_an_outsider_cannot_find_another_province_in_the_tree_search(actors):
    response = client_for(actors["outsider"]).get(reverse("agencies:tree"), {"search": "lao cai"})
    assert "Lào Cai" not in response.content.decode()
    response = client_for(actors["coordinator"]).get(reverse("agencies:tree"), {"search": "lao cai"})
    assert "Ủy ban nhân dân tỉnh Lào Cai" in response.content.decode()


def _api_write_status(actor: str, allowed: int) -> int:
    if actor == "anonymous":
        return 401
    if actor not in SEES["agency"]:
        return 404
    return allowed if actor in MANAGERS else 403


@pytest.mark.parametrize("actor", ACTORS)
def test_api_writes_follow_scope_and_role(actor, actors, lao_cai_commune):
    from dxnet.agencies.models import Agency
    from dxnet.core.models import AuditEntry

    client = client_for(actors[actor])
    leaf = Agency.objects.create(code="to-cong-tac", name="Tổ công tác", kind="other", parent=lao_cai_commune,
                                 path=f"{lao_cai_commune.path}to-cong-tac/", depth=3)
    before = AuditEntry.objects.count()
    detail = reverse("agency-detail", args=[lao_cai_commune.pk])
    assert client.patch(detail, {"name": "Tên mới"}, format="json").status_code == _api_write_status(actor, 200)
    new = {"parent": lao_cai_commune.pk, "code": "bo-phan-mot-cua", "name": "Bộ phận một cửa", "kind": "other"}
    created = client.post(reverse("agency-list"), new, format="json")
    status = _api_write_status(actor, 201)
    # A parent outside the scope is refused like a parent that does not exist.
    assert created.status_code == (400 if status == 404 else status)
    deleted = client.delete(reverse("agency-detail", args=[leaf.pk]))
    assert deleted.status_code == _api_write_status(actor, 204)
    writes = AuditEntry.objects.count() - before
    assert writes == (3 if actor in MANAGERS else 0)
    if actor in MANAGERS:
        assert AuditEntry.objects.for_object(lao_cai_commune).first().via == "api"


def test_tree_search_shows_only_the_part_of_the_lineage_within_scope(actors, lao_cai_commune):
    page = client_for(actors["focal_point"]).get(reverse("agencies:tree"), {"search": lao_cai_commune.name})
    html = page.content.decode()
    assert f'href="{reverse("agencies:detail", args=[lao_cai_commune.pk])}"' in html
    assert "Ủy ban nhân dân tỉnh Lào Cai" not in html and "Chính phủ ›" not in html
