""""Lịch sử thay đổi" as a person reads it — Vietnamese labels, dd/mm/yyyy hh:mm in Vietnam time, names rather
than ids, choice labels, Có/Không, "—" for nothing, a document summed up with its diff, bookkeeping hidden — and no
English word on any page of the menu, for any role."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.models import AuditEntry
from dxnet.plans import services as plans
from dxnet.plans.models import PlanTemplate
from dxnet.reporting import services as reporting
from dxnet.reporting.models import ReportForm

from .conftest import client_for

pytestmark = pytest.mark.django_db

# Python's and Django's leftovers, and English UI words, seen as whole words.
ENGLISH = re.compile(r"(?<![\w/.-])(Created by|Updated by|Submit|Save|Delete|Cancel|Search|Next|Previous|Page|of|None|"
                     r"True|False|Yes|No|Edit|Add|Back|Home|Login|Logout|Log in|Log out|Filter|Export|Import|"
                     r"Created at|Updated at)(?![\w/.-])")
PLACEHOLDER = re.compile(r"\{\w+\}")
LEFTOVERS = re.compile(r"\[\]|\{'|'\}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


class VisibleText(HTMLParser):
    """The text a person sees: no script, style or attribute; addresses and e-mails are names, not words."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self._hidden -= tag in self.HIDDEN and self._hidden > 0

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        text = " ".join(" ".join(parser.parts).split())
        return re.sub(r"\S+@\S+|https?://\S+|(?<!\S)/[\w/.-]*", " ", text)


def history_of(html: str) -> str:
    section = html.split("<h2>Lịch sử thay đổi</h2>", 1)[1].split("</section>", 1)[0]
    return VisibleText.of(section)


@pytest.fixture
def round_(actors):
    return reporting.do_create_round(
        ReportForm.objects.get(code="annual-assessment"), acting_user=actors["national_admin"],
        agency=Agency.objects.get(code="cuc-chuyen-doi-so-quoc-gia"),
        title="Báo cáo đánh giá kết quả thực hiện chuyển đổi số năm 2026", period="Năm 2026", year=2026,
        due_date=datetime.date(2026, 11, 30), recipients=list(Agency.objects.filter(code="ubnd-tinh-15")))


@pytest.fixture
def plan(actors):
    return plans.do_create_plan(PlanTemplate.objects.get(code="ke-hoach-tinh-1690"),
                                Agency.objects.get(code="ubnd-tinh-15"), 2026, acting_user=actors["coordinator"])


def changes_of(obj, user) -> dict[str, audit.Change]:
    (_, changes), *_ = audit.history(obj, user)
    return {change.label: change for change in changes}


def test_a_round_names_its_author_in_vietnamese_and_its_due_date_as_a_date(round_, actors):
    page = client_for(actors["national_admin"]).get(reverse("reporting:round", args=[round_.pk])).content.decode()
    shown = history_of(page)
    assert "Created by" not in page and "Người tạo: quantri" in shown
    assert "Hạn nộp: 30/11/2026" in shown and "Năm: 2026" in shown
    assert "Ngày tạo" not in shown  # the system's own timestamp is bookkeeping
    assert "{" not in shown and "Mẫu báo cáo: Báo cáo đánh giá kết quả thực hiện chuyển đổi số năm …" in shown
    assert not LEFTOVERS.search(shown), LEFTOVERS.findall(shown)


def test_a_plan_document_is_summed_up_and_its_diff_sits_behind_see_details(plan, actors):
    document = plan.document
    edited = {**document, "preamble": ["Căn cứ Quyết định số 1690/QĐ-TTg ngày 26/12/2023;", "Căn cứ mới thêm;"]}
    audit.record_change(plan, {"document": [document, edited]}, actor=actors["coordinator"])
    change = changes_of(plan, actors["coordinator"])["Nội dung văn bản"]
    assert (change.old, change.new) == ("nội dung thay đổi (xem chi tiết)", "nội dung thay đổi (xem chi tiết)")
    assert "+ Căn cứ mới thêm;" in change.detail and all(line[:2] in ("+ ", "− ") for line in change.detail)

    page = client_for(actors["coordinator"]).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert '<details class="document-diff"><summary>nội dung thay đổi (xem chi tiết)</summary>' in page
    assert "+ Căn cứ mới thêm;" in page
    shown = history_of(page)
    assert "Thứ tự" not in shown and not LEFTOVERS.search(shown), LEFTOVERS.findall(shown)
    assert "Trạng thái: Dự thảo" in shown and "Số, ký hiệu" not in shown  # a creation lists what was set
    assert "‹cơ quan› ban hành Kế hoạch" in shown  # the template's slot, in words


def test_values_read_as_words_names_and_vietnamese_dates(actors, lao_cai_commune):
    user = actors["focal_point"]
    entry = AuditEntry(content_type_id=audit.ContentType.objects.get_for_model(Agency).pk, object_id="1",
                       action=AuditEntry.Action.UPDATE, changes={
                           "parent": [None, lao_cai_commune.parent_id], "kind": ["commune_pc", "provincial_pc"],
                           "is_dx_lead": [False, True], "headcount": [1200, None], "path": ["a/", "b/"],
                           "search_name": ["x", "y"], "depth": [1, 2], "valid_from": ["2025-07-01", None],
                           "hệ thống tham gia": [[], ["Cổng dịch vụ công"]]})
    entry.content_type = audit.ContentType.objects.get_for_model(Agency)
    (_, changes), = audit.present([entry], user)
    shown = {c.label: (c.old, c.new) for c in changes}
    assert shown["Cơ quan cấp trên"] == ("—", "Ủy ban nhân dân tỉnh Lào Cai")
    assert shown["Loại cơ quan"] == ("Ủy ban nhân dân cấp xã", "Ủy ban nhân dân cấp tỉnh")
    assert shown["Cơ quan chủ trì chuyển đổi số của địa phương"] == ("Không", "Có")
    assert shown["Biên chế được giao"] == ("1.200", "—")
    assert shown["Hệ thống tham gia"] == ("—", "Cổng dịch vụ công")
    assert "Path" not in shown and "Search name" not in shown and "Depth" not in shown
    assert all(old != "[]" and new != "[]" for old, new in shown.values())


def test_a_moment_is_shown_in_vietnam_time():
    from dxnet.reporting.models import Submission

    field = Submission._meta.get_field("submitted_at")
    assert audit._shown(field, "2026-11-26T01:30:00+00:00", {}, None) == "26/11/2026 08:30"


# --- No English on the pages of the menu ----------------------------------------------------------

def test_the_sweep_reads_visible_text_only():
    html = ('<p title="Save">Người tạo: quantri</p><script>var Next = 1;</script><style>.No{}</style>'
            '<a href="/Edit/">Sửa</a> https://example.org/Page <p>Created by: quantri · 1 of 3</p>')
    assert ENGLISH.findall(VisibleText.of(html)) == ["Created by", "of"]


def menu_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="mainnav">(.*?)</nav>', html, re.S)
    return re.findall(r'<a href="(/[^"]*)"', nav.group(1)) if nav else []


ROLES = ["national_admin", "coordinator", "focal_point", "team_leader", "member", "viewer", "sibling", "outsider",
         "anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_of_the_menu_shows_an_english_word(role, actors, registry, round_, plan):
    client = client_for(actors[role])
    home = client.get("/", follow=True)
    pages = {"/": home.content.decode()}
    for link in menu_links(pages["/"]):
        response = client.get(link)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages[link] = response.content.decode()
    if role == "anonymous":
        pages["/du-lieu-mo/"] = client.get(reverse("open-data-page")).content.decode()
    else:
        assert len(pages) > 5, pages.keys()
    submission = round_.submissions.get()
    details = [registry[name].get_absolute_url() for name in ("agency", "person", "focal_point", "team", "village")
               if hasattr(registry[name], "get_absolute_url")]
    assert len(details) >= 4
    for extra in (reverse("reporting:round", args=[round_.pk]), reverse("plans:detail", args=[plan.pk]),
                  reverse("reporting:submission", args=[submission.pk]), *details):
        response = client.get(extra)
        if response.status_code == 200:
            pages[extra] = response.content.decode()
    found = {link: ENGLISH.findall(VisibleText.of(html)) + PLACEHOLDER.findall(VisibleText.of(html))
             for link, html in pages.items()}
    assert not {link: words for link, words in found.items() if words}


def test_the_author_is_named_by_full_name_when_the_account_has_one(round_, actors):
    admin = actors["national_admin"]
    admin.full_name = "Nguyễn Văn Quản"
    admin.save()
    page = client_for(admin).get(reverse("reporting:round", args=[round_.pk])).content.decode()
    assert "Nguyễn Văn Quản <small" in page
