"""On a phone, a coordinator sees the bell's unread count, reads a notice, and marks the rest read."""

import re

from playwright.sync_api import expect

from .test_browse_the_tree import sign_in


def test_a_coordinator_reads_notifications_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "dieuphoi.hanoi")  # the demo gives Hà Nội a report round and tasks due within a week
    bell = page.locator("a.bell")
    expect(bell).to_be_visible()  # outside the folded menu
    unread = int(bell.locator(".badge").inner_text())
    assert unread >= 2
    bell.click()
    expect(page.get_by_role("heading", name="Thông báo", exact=True)).to_be_visible()
    expect(page.locator("li.notice.unread")).to_have_count(unread)
    first = page.locator("li.notice.unread").first
    first.get_by_role("button", name="Đánh dấu đã đọc").click()
    expect(page.locator("a.bell .badge")).to_have_text(str(unread - 1))
    page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()
    expect(page.get_by_text(re.compile(r"Đã đánh dấu \d+ thông báo là đã đọc"))).to_be_visible()
    expect(page.locator("a.bell .badge")).to_have_count(0)
    expect(page.locator("li.notice.unread")).to_have_count(0)
    assert page.foreign_requests == []
