"""On a phone: a Lào Cai commune's focal point raises an obstacle, the province's DX department escalates it, the
national administrator answers, and the commune finds the answer in its notifications."""

import re

from playwright.sync_api import expect

from .test_browse_the_tree import sign_in

PHONE = {"width": 390, "height": 844}


def _phone(browser, live_site, username):
    context = browser.new_context(base_url=live_site, viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    sign_in(page, username)
    return context, page


def test_a_commune_obstacle_is_escalated_answered_and_the_answer_reaches_the_commune(browser, live_site):
    context, page = _phone(browser, live_site, "daumoi.xa.laocai")
    page.get_by_text("☰ Trình đơn").click()
    page.get_by_role("link", name="Vướng mắc", exact=True).click()
    page.get_by_role("link", name="Nêu vướng mắc").click()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Hãy ghi tiêu đề vướng mắc.")).to_be_visible()
    page.get_by_label("Tiêu đề").fill("Chưa có máy ký số cho bộ phận một cửa")
    page.get_by_label("Nhóm").select_option(label="Nền tảng, hạ tầng số")
    page.get_by_label("Nội dung vướng mắc, kiến nghị").fill("Bộ phận một cửa chưa có thiết bị ký số từ xa.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Chưa có máy ký số cho bộ phận một cửa")).to_be_visible()
    expect(page.locator("#trang-thai")).to_contain_text("Đang chờ xử lý")
    obstacle_url = page.url
    context.close()

    context, page = _phone(browser, live_site, "daumoi.laocai")  # the province's DX lead department
    page.goto(obstacle_url)
    page.get_by_label("Lý do chuyển cấp trên").fill("Thiết bị do Ban Cơ yếu Chính phủ cấp.")
    page.get_by_role("button", name="Chuyển lên cấp trên").click()
    expect(page.get_by_text("Đã chuyển lên cấp trên.")).to_be_visible()
    expect(page.locator("#trang-thai")).to_contain_text("Đã chuyển cấp trên")
    context.close()

    context, page = _phone(browser, live_site, "quantri")
    page.goto(obstacle_url)
    page.get_by_label("Nội dung trả lời").fill("Đăng ký thiết bị ký số qua Ban Cơ yếu Chính phủ trong quý I.")
    page.get_by_role("button", name="Trả lời", exact=True).click()
    expect(page.locator("#tra-loi")).to_contain_text("Đăng ký thiết bị ký số qua Ban Cơ yếu Chính phủ")
    context.close()

    context, page = _phone(browser, live_site, "daumoi.xa.laocai")
    page.goto("/thong-bao/")
    page.get_by_role("button", name=re.compile("Vướng mắc đã được trả lời: Chưa có máy ký số")).first.click()
    expect(page.locator("#tra-loi")).to_contain_text("Đăng ký thiết bị ký số qua Ban Cơ yếu Chính phủ")
    expect(page.locator("#dien-bien li")).to_have_count(3)
    context.close()
