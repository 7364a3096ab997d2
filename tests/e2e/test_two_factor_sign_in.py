"""A coordinator signs in in two steps: the password, then the code of the authenticator app (computed here with
pyotp from the demo account's published secret, as the phone would)."""

import re

from playwright.sync_api import expect

from dxnet.demo import DEMO_PASSWORD

from .test_browse_the_tree import totp_code


def test_a_coordinator_signs_in_with_the_code_of_the_authenticator_app(page):
    page.goto("/ke-hoach/")
    page.get_by_label("Tên đăng nhập").fill("dieuphoi.hanoi")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(re.compile(r"/dang-nhap/ma-xac-thuc/"))
    page.goto("/giam-sat/")  # nothing else opens before the code
    expect(page.get_by_role("heading", name="Mã xác thực")).to_be_visible()
    page.get_by_label("Mã xác thực").fill("12345")  # five digits: never a code
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("alert")).to_contain_text("Mã xác thực không đúng")
    page.wait_for_timeout(1100)  # one wrong code: a second's wait before the next try

    page.get_by_label("Mã xác thực").fill(totp_code("dieuphoi.hanoi"))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(re.compile(r"/giam-sat/"))
    page.goto("/xac-thuc-hai-buoc/")
    expect(page.locator("dl.facts")).to_contain_text("Đang bật")
    # Changing the app: the QR code is drawn by the site itself (an SVG image, no external service) with the secret.
    page.get_by_role("link", name="Đổi ứng dụng xác thực").click()
    qr = page.get_by_role("img", name=re.compile("Mã QR"))
    expect(qr).to_be_visible()
    width = qr.evaluate("image => image.decode().then(() => image.naturalWidth)")  # once it has loaded
    assert width > 100
    expect(page.locator("#khoa-bi-mat")).to_have_text(re.compile(r"^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$"))
    assert page.foreign_requests == []
