"""A province coordinator opens the agencies still without a DX focal point, takes one, designates its focal point by
typing part of a person's name without diacritics in the picker, saves, and the agency leaves the list — on a desktop
with the keyboard and on a 390×844 phone with a finger."""

import re

import pytest
from playwright.sync_api import expect

from .test_browse_the_tree import sign_in

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"viewport": {"width": 1366, "height": 768}},
         "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}}


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_province_coordinator_designates_a_focal_point_with_the_picker(browser, live_site, device):
    context = browser.new_context(base_url=live_site, locale="vi-VN", **SIZES[device])
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    foreign = []
    page.on("request", lambda request: None if request.url.startswith(live_site) else foreign.append(request.url))
    sign_in(page, "dieuphoi.laocai")

    page.goto("/dau-moi/")
    page.locator("main a[href^='/dau-moi/chua-co/']").first.click()
    expect(page).to_have_url(re.compile("/dau-moi/chua-co/"))
    first = page.locator("table.table tbody tr a").first
    agency = first.inner_text().strip()
    first.click()
    expect(page.get_by_role("heading", name=agency)).to_be_visible()
    page.get_by_role("link", name="Giao đầu mối").click()

    person = page.get_by_role("combobox", name="Cán bộ được giao")
    with page.expect_response(lambda response: "/chon/can-bo/" in response.url and "q=thanh+sinh" in response.url):
        person.press_sequentially("thanh sinh", delay=40)  # no diacritics, part of “Nguyễn Thành Sinh”
    option = page.get_by_role("option", name=re.compile("Nguyễn Thành Sinh"))
    expect(option.first).to_be_visible()
    expect(person).to_have_attribute("aria-expanded", "true")
    assert all("Lê Văn" not in text for text in page.get_by_role("option").all_inner_texts())
    if device == "phone":
        option.first.tap()
    else:
        while page.locator("[role=option][aria-selected=true]").count() == 0 or not re.search(
                "Nguyễn Thành Sinh", page.locator("[role=option][aria-selected=true]").inner_text()):
            person.press("ArrowDown")
        person.press("Enter")
    expect(person).to_have_value("Nguyễn Thành Sinh")
    expect(page.get_by_role("listbox")).to_be_hidden()
    assert page.locator("input[type=hidden][name=person]").input_value().isdigit()
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Số quyết định").fill(f"{17 if device == 'phone' else 16}/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("2026-11-20")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Nguyễn Thành Sinh").first).to_be_visible()
    assert "/giao-dau-moi/" not in page.url

    page.goto("/dau-moi/chua-co/")
    names = [name.strip() for name in page.locator("table.table tbody tr a").all_inner_texts()]
    assert agency not in names
    assert refused == [] and foreign == []  # no inline script or style refused, nothing fetched from a CDN
    context.close()


def test_a_coordinator_picks_several_agencies_for_a_report_round(browser, live_site):
    """Several agencies: each picked one adds a ticked box, unticking one leaves it out of the saved round."""
    context = browser.new_context(base_url=live_site, locale="vi-VN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    sign_in(page, "dieuphoi.laocai")
    page.goto("/dot-bao-cao/yeu-cau/")
    page.get_by_label("Mẫu báo cáo").select_option(index=1)
    page.get_by_label("Gửi đến").select_option("codes")
    page.get_by_label("Hạn nộp").fill("2026-12-31")
    recipients = page.get_by_role("combobox", name="Các cơ quan báo cáo")
    for typed, name in (("bat xat", "Ủy ban nhân dân xã Bát Xát"), ("y ty", "Ủy ban nhân dân xã Y Tý"),
                        ("sa pa", "Ủy ban nhân dân phường Sa Pa")):
        with page.expect_response(lambda response, typed=typed: "/chon/co-quan/" in response.url
                                  and f"q={typed.replace(' ', '+')}" in response.url):
            recipients.press_sequentially(typed, delay=30)
        page.get_by_role("option", name=re.compile(name)).first.click()
        expect(page.get_by_role("checkbox", name=name)).to_be_checked()
        expect(recipients).to_have_value("")
    page.get_by_role("checkbox", name="Ủy ban nhân dân xã Y Tý").uncheck()
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(re.compile(r"/dot-bao-cao/\d+/$"))
    body = page.locator("main").inner_text()
    assert "Bát Xát" in body and "Sa Pa" in body and "Y Tý" not in body
    context.close()
