"""A provincial department opens its tasks, reports one done with evidence, and the plan's roll-up moves."""

import re

from playwright.sync_api import expect

from .test_browse_the_tree import sign_in

PLAN = "Kế hoạch triển khai thực hiện Đề án"


def group_row(page, code: str):
    return page.locator(f'tr.group-row[data-group="{code}"]')


def test_a_department_reports_a_task_done_with_evidence(page, tmp_path):
    sign_in(page, "daumoi.laocai")  # the DX focal point of Sở Khoa học và Công nghệ tỉnh Lào Cai
    page.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    expect(page.get_by_role("heading", name="Nhiệm vụ của Sở Khoa học và Công nghệ tỉnh Lào Cai")).to_be_visible()
    leading = page.locator("section").filter(has=page.get_by_role("heading", name=re.compile(r"^Chủ trì")))
    expect(leading).to_contain_text("5.1. Tổ chức bồi dưỡng, tập huấn về chuyển đổi số")

    leading.get_by_role("link", name=re.compile(r"^" + re.escape(PLAN))).first.click()
    expect(group_row(page, "5").locator(".group-progress")).to_have_text("0%")
    page.go_back()

    leading.get_by_role("link", name=re.compile(r"^5\.1\. Tổ chức bồi dưỡng")).click()
    evidence = tmp_path / "bao-cao-tap-huan.pdf"
    evidence.write_bytes(b"%PDF-1.4 danh sach hoc vien")
    page.get_by_label("Kết quả thực hiện").fill("Đã tổ chức 3 lớp bồi dưỡng cho 240 cán bộ, công chức.")
    page.get_by_label("Hiện trạng mới").select_option(label="Đã làm")
    page.get_by_label("Số, ký hiệu văn bản").fill("88/BC-SKHCN")
    page.get_by_label("Ngày văn bản").fill("2026-10-15")
    page.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi báo cáo").click()

    expect(page.get_by_text("Đã ghi nhận báo cáo.")).to_be_visible()
    expect(page.locator("#task-progress")).to_have_text("100%")
    history = page.locator("section").filter(has=page.get_by_role("heading", name="Quá trình thực hiện"))
    expect(history).to_contain_text("Văn bản số 88/BC-SKHCN ngày 15/10/2026")
    with page.expect_download() as download:
        history.get_by_role("link", name="Tải tệp minh chứng").click()
    assert download.value.suggested_filename.startswith("bao-cao-tap-huan")

    page.locator(".breadcrumbs").get_by_role("link", name=re.compile(r"^" + re.escape(PLAN))).click()
    expect(group_row(page, "5").locator(".group-progress")).to_have_text("25%")
    expect(group_row(page, "5")).to_contain_text("✓ 1 · Đ 0 · ✗ 3")
    expect(page.locator('tr.task-row[data-code="5.1"]')).to_contain_text("✓")
    assert page.foreign_requests == []
