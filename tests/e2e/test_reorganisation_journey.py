"""The national administrator merges a commune into its neighbour: records the event, previews, applies after
confirming; then the 2022 compliance table still counts the 63 provinces of 2022, today's the 34."""

import datetime
import re
import sqlite3

from playwright.sync_api import expect

from .picking import pick
from .test_browse_the_tree import sign_in

TODAY = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).date().isoformat()  # Asia/Ho_Chi_Minh


def _ha_noi_communes(site) -> list[str]:
    with sqlite3.connect(site.database) as db:
        return [code for (code,) in db.execute(
            "SELECT code FROM agencies_agency WHERE kind = 'commune_pc' AND parent_id = "
            "(SELECT id FROM agencies_agency WHERE code = 'ubnd-tinh-01') ORDER BY code LIMIT 3")]


def test_the_national_admin_previews_and_applies_a_merger(page, bootstrapped_site):
    _, merged, receiver = _ha_noi_communes(bootstrapped_site)  # the second has demo villages, the third none
    sign_in(page, "quantri")
    page.get_by_role("link", name="Sắp xếp tổ chức").click()
    page.get_by_role("link", name="Thêm sự kiện sắp xếp").click()
    page.get_by_label("Loại sắp xếp").select_option(label="Hợp nhất, sáp nhập")
    page.get_by_label("Ngày có hiệu lực").fill(TODAY)
    page.get_by_label("Căn cứ").fill("Nghị quyết 12/NQ-HĐND")
    pick(page, "Cơ quan trước sắp xếp", merged)
    pick(page, "Cơ quan sau sắp xếp (hợp nhất, chia tách)", receiver)
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", name=re.compile("Hợp nhất, sáp nhập ngày"))).to_be_visible()
    preview = page.locator("#xem-truoc")
    expect(preview.get_by_role("row", name=re.compile("Thôn, tổ dân phố"))).to_contain_text("4")
    expect(preview.get_by_role("row", name=re.compile("^Tổ công nghệ số cộng đồng"))).to_contain_text("3")
    expect(preview.get_by_role("row", name=re.compile("^Thành viên Tổ")).locator("td").nth(1)).not_to_have_text("0")
    page.get_by_label("Tôi đã xem trước và xác nhận áp dụng").check()
    page.get_by_role("button", name="Áp dụng").click()
    expect(page.get_by_text("Đã áp dụng sự kiện sắp xếp tổ chức.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Đã áp dụng lúc")

    for day, provinces in (("2022-12-31", "25/63"), (TODAY, "/34")):
        page.goto("/giam-sat/tuan-thu/")
        page.locator("#id_kind").select_option(label="Ban hành Kế hoạch chuyển đổi số năm")
        page.locator("#id_year").fill("2022")
        page.locator("#id_as_of").fill(day)
        page.get_by_role("button", name="Xem").click()
        expect(page.locator("[data-tier=province] .ratio")).to_contain_text(provinces)
    assert page.foreign_requests == []
