"""On a 390×844 phone, a commune focal point signs in, finds “Thêm thành viên” and “Ghi nhận hoạt động” on the first
screen (no scrolling), adds a team member and records an activity through the forms, and finds both in the lists."""

import re

from playwright.sync_api import expect

from .test_browse_the_tree import sign_in

PHONE = {"width": 390, "height": 844}


def on_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_a_commune_focal_point_adds_a_member_and_an_activity_from_the_first_screen(browser, live_site):
    context = browser.new_context(base_url=live_site, viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    sign_in(page, "daumoi.xa.laocai")
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    add_member = page.get_by_text("Thêm thành viên", exact=True)
    record = page.get_by_text("Ghi nhận hoạt động", exact=True)
    assert page.evaluate("window.scrollY") == 0
    assert on_first_screen(add_member) and on_first_screen(record)
    # What is due comes next, before the commune's figures: its tasks start on the first screen too.
    due = page.get_by_role("heading", name=re.compile("^Nhiệm vụ sắp đến hạn"))
    expect(due).to_be_visible()
    assert on_first_screen(due)
    expect(page.get_by_role("heading", name=re.compile("Báo cáo phải nộp"))).to_be_attached()
    assert "tỉnh, thành phố" not in page.content()

    add_member.click()  # the commune has three teams: the button opens their list
    page.get_by_role("link", name="Tổ CNSCĐ Thôn Cốc Lếu").first.click()
    page.get_by_label("Họ và tên").fill("Sùng Thị Dợ")
    page.get_by_label("Điện thoại").fill("0971 555 014")
    page.get_by_label("Vai trò").select_option(label="Đoàn viên thanh niên")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Tổ CNSCĐ Thôn Cốc Lếu")).to_be_visible()

    page.locator(".brand").click()
    page.get_by_text("Ghi nhận hoạt động", exact=True).click()
    page.locator("details.pick[open]").get_by_role("link", name="Tổ CNSCĐ Thôn Cốc Lếu").click()
    page.get_by_label("Ngày").fill("2025-11-20")
    page.get_by_label("Kỹ năng").select_option(label="Chữ ký số")
    page.get_by_label("Số người được hỗ trợ").fill("17")
    page.get_by_label("Số hộ được hỗ trợ").fill("9")
    page.get_by_role("button", name="Lưu").click()
    activities = page.locator("section").filter(has=page.get_by_role("heading", name="Hoạt động gần đây"))
    expect(activities).to_contain_text("20/11/2025")

    page.goto("/to-cnscd/thanh-vien/?search=sung+thi+do")
    expect(page.locator("table.table tbody")).to_contain_text("Sùng Thị Dợ")
    page.goto("/to-cnscd/hoat-dong/?date_from=20/11/2025&date_to=20/11/2025")
    rows = page.locator("table.table tbody tr").filter(has_text="Chữ ký số")
    expect(rows.filter(has_text="17")).to_have_count(1)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    context.close()
