"""On a phone: the Lào Cai coordinator sends an inspection to a commune, records the six answers and a
recommendation; the commune's focal point finds the follow-up task in its notifications and sees only its row."""

import re

from playwright.sync_api import expect

from .picking import pick
from .test_browse_the_tree import sign_in


def test_a_province_inspects_a_commune_and_the_commune_sees_its_followup(browser, live_site, bootstrapped_site):
    code = bootstrapped_site.dxnet("shell", "-c", "from dxnet.demo import _first_commune_pc; "
                                                  "print(_first_commune_pc('15').code)").split()[-1]
    context = browser.new_context(base_url=live_site, viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, "dieuphoi.laocai")
    page.get_by_text("☰ Trình đơn").click()
    page.get_by_role("link", name="Kiểm tra", exact=True).click()
    page.get_by_role("link", name="Lập đoàn kiểm tra").click()
    page.get_by_label("Tên đoàn kiểm tra").fill("Đoàn kiểm tra cấp xã tháng 11")
    page.get_by_label("Từ ngày").fill("2026-11-02")
    page.get_by_label("Đến ngày").fill("2026-11-01")
    pick(page, "Các cơ quan được kiểm tra", code)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Ngày kết thúc kiểm tra không được trước ngày bắt đầu.")).to_be_visible()
    page.get_by_label("Đến ngày").fill("2026-11-06")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Đoàn kiểm tra cấp xã tháng 11")).to_be_visible()
    expect(page.locator("[data-status]").first).to_have_text("Đã lên lịch")

    page.locator("section[data-target] h3 a").first.click()
    page.get_by_label("Ngày kiểm tra").fill("2026-11-03")
    for label in ["Làm đủ chưa?", "Làm đúng chưa?", "Vướng mắc gì? Nguyên nhân?", "Thuận lợi gì?",
                  "Sáng kiến, giải pháp gì?"]:
        page.get_by_label(label, exact=True).fill("Đã trao đổi tại buổi kiểm tra.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Hãy trả lời câu hỏi “Kiến nghị gì?”.")).to_be_visible()
    page.get_by_label("Kiến nghị gì?", exact=True).fill("Kiện toàn đầu mối chuyển đổi số.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi kết quả kiểm tra.")).to_be_visible()
    page.get_by_label("Kiến nghị (mỗi dòng một kiến nghị)").fill("Kiện toàn đầu mối chuyển đổi số | 31/12/2026")
    page.get_by_role("button", name="Giao thành nhiệm vụ").click()
    expect(page.get_by_text(re.compile("Đã giao 1 kiến nghị"))).to_be_visible()
    expect(page.locator("[data-status]").first).to_have_text("Đang thực hiện kiến nghị")
    context.close()

    context = browser.new_context(base_url=live_site, viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, "daumoi.xa.laocai")
    page.goto("/thong-bao/")
    page.get_by_role("button", name=re.compile("^1 kiến nghị sau kiểm tra giao")).first.click()
    expect(page.get_by_role("heading", name="Đoàn kiểm tra cấp xã tháng 11")).to_be_visible()
    expect(page.locator("section[data-target]")).to_have_count(1)
    page.get_by_role("link", name="Kiện toàn đầu mối chuyển đổi số").click()
    expect(page.get_by_role("heading", name=re.compile("Kiện toàn đầu mối chuyển đổi số"))).to_be_visible()
    context.close()
