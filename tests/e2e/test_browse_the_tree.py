"""A coordinator signs in with a real browser and browses the agency tree of their province."""

import re

from playwright.sync_api import expect

from dxnet.demo import DEMO_PASSWORD, demo_totp_secret


def sign_in(page, username: str) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # Every demo account has an authenticator app with a published secret: the second step asks its code.
    expect(page.get_by_role("heading", name="Mã xác thực")).to_be_visible()
    page.get_by_label("Mã xác thực").fill(totp_code(username))
    page.get_by_role("button", name="Xác nhận").click()


_last_step: dict[str, int] = {}


def totp_code(username: str) -> str:
    """The demo account's current code, as its phone would show it. A code is accepted once, so a second sign-in
    within the same 30 seconds uses the next step's code (accepted one step ahead), or waits for it."""
    import time

    import pyotp

    step = max(int(time.time()) // 30, _last_step.get(username, -1) + 1)
    while step > int(time.time()) // 30 + 1:
        time.sleep(1)
    _last_step[username] = step
    return pyotp.TOTP(demo_totp_secret(username)).at(step * 30)


def test_a_province_coordinator_signs_in_and_browses_the_tree(page):
    sign_in(page, "dieuphoi.laocai")
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    expect(page.locator(".stat").filter(has_text="xã, phường, đặc khu")).to_contain_text("99")

    page.get_by_role("link", name="Mở cây tổ chức").click()
    province = page.locator("details").filter(has_text="Ủy ban nhân dân tỉnh Lào Cai").first
    province.locator("summary").click(position={"x": 2, "y": 5})
    expect(province.get_by_role("link", name="Sở Khoa học và Công nghệ tỉnh Lào Cai")).to_be_visible()
    expect(province.get_by_role("link", name="Ủy ban nhân dân xã Bát Xát")).to_be_visible()

    page.get_by_label("Tìm cơ quan").fill("uy ban nhan dan xa bat xat")
    page.get_by_role("button", name="Tìm").click()
    page.locator(".results").get_by_role("link", name="Ủy ban nhân dân xã Bát Xát").click()
    expect(page.get_by_role("heading", name="Ủy ban nhân dân xã Bát Xát")).to_be_visible()
    expect(page.get_by_role("heading", name="Lịch sử thay đổi")).to_be_visible()
    expect(page.locator(".breadcrumbs")).to_contain_text("Ủy ban nhân dân tỉnh Lào Cai")
    assert page.foreign_requests == []


def test_a_commune_focal_point_sees_only_its_commune_on_a_phone(browser, live_site):
    context = browser.new_context(base_url=live_site, viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, "daumoi.xa.laocai")
    page.get_by_text("☰ Trình đơn").click()
    page.get_by_role("link", name="Đơn vị của tôi", exact=True).click()  # the commune's menu starts with its own page
    expect(page.get_by_role("heading", level=1)).to_have_text("Ủy ban nhân dân phường Lào Cai")
    page.goto("/co-quan/")
    expect(page.get_by_text("1 kết quả").first).to_be_visible()
    page.goto("/co-quan/?search=ha+noi")
    expect(page.get_by_text("Không có cơ quan nào phù hợp.")).to_be_visible()
    context.close()
