"""The national coordinator opens the dashboard, follows a target to its rows, downloads the consolidated report."""

import re

from playwright.sync_api import expect

from .test_browse_the_tree import sign_in


def test_the_national_coordinator_goes_from_the_dashboard_to_the_consolidated_report(page, bootstrapped_site):
    sign_in(page, "quantri")
    page.get_by_role("link", name="Điều hành", exact=True).click()
    expect(page.get_by_role("heading", name="Bảng điều hành chuyển đổi số")).to_be_visible()
    expect(page.get_by_role("heading", name="Xếp hạng tỉnh, thành phố: cơ quan có đầu mối CĐS")).to_be_visible()

    page.locator('a[data-target="focal-points"]').click()
    expect(page.get_by_role("heading", name="Cơ quan, đơn vị của bộ, tỉnh bố trí bộ phận hoặc cán bộ đầu mối thực "
                                            "hiện nhiệm vụ chuyển đổi số tại cơ quan mình")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Đã đạt \(\d+\)")).first).to_be_visible()
    counted = page.locator("ul.counted li a")
    expect(counted.first).to_be_visible()

    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="Báo cáo đánh giá kết quả thực hiện chuyển đổi số năm 2026").click()
    expect(page.locator('[data-figure="received"]')).to_contain_text("1/34")
    page.get_by_role("button", name="Lập báo cáo tổng hợp (DOCX, XLSX)").click()
    expect(page.get_by_role("heading", name="Báo cáo tổng hợp")).to_be_visible()
    expect(page.locator("#job-progress")).to_be_visible()

    bootstrapped_site.dxnet("db_worker", "--batch", "--no-startup-delay")
    expect(page.get_by_role("link", name="Tải báo cáo (DOCX)")).to_be_visible(timeout=20_000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")
    assert download.value.path().read_bytes()[:2] == b"PK"  # a DOCX is a zip archive
    assert page.foreign_requests == []
