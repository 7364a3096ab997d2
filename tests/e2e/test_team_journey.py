"""A commune focal point registers a Community Digital Technology Team, adds members, records an activity."""

import re

from playwright.sync_api import expect

from .picking import pick
from .test_browse_the_tree import sign_in


def test_a_commune_focal_point_runs_a_team(page):
    sign_in(page, "daumoi.xa.laocai")
    page.get_by_role("link", name="Tổ CNSCĐ", exact=True).click()
    page.get_by_role("link", name="Thành lập tổ").click()
    pick(page, "Thôn, tổ dân phố", "lang moi", option="Thôn Làng Mới")
    page.get_by_label("Số quyết định thành lập").fill("31/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("2025-09-01")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Tổ CNSCĐ Thôn Làng Mới")).to_be_visible()

    for full_name, phone, role in [("Lò Văn Tuấn", "0971 234 001", "Tổ trưởng"),
                                   ("Vàng Thị Mai", "+84971234002", "Đoàn viên thanh niên")]:
        page.get_by_role("link", name="Thêm thành viên").click()
        page.get_by_label("Họ và tên").fill(full_name)
        page.get_by_label("Điện thoại").fill(phone)
        page.get_by_label("Vai trò").select_option(label=role)
        page.get_by_role("button", name="Lưu").click()
    members = page.locator("section").filter(has=page.get_by_role("heading", name=re.compile("Thành viên \\(")))
    expect(members).to_contain_text("Lò Văn Tuấn")
    expect(members).to_contain_text("0971234002")

    page.get_by_role("link", name="Thêm thành viên").click()
    page.get_by_label("Họ và tên").fill("Số Sai")
    page.get_by_label("Điện thoại").fill("12345")
    page.get_by_label("Vai trò").select_option(label="Tình nguyện viên")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Số điện thoại “12345” không hợp lệ")).to_be_visible()
    page.locator(".breadcrumbs").get_by_role("link", name="Tổ CNSCĐ Thôn Làng Mới").click()

    page.get_by_role("link", name="Ghi nhận hoạt động").click()
    page.get_by_label("Ngày").fill("2025-10-05")
    page.get_by_label("Kỹ năng").select_option(label="Ứng dụng định danh điện tử VNeID")
    page.get_by_label("Số người được hỗ trợ").fill("12")
    page.get_by_label("Số hộ được hỗ trợ").fill("7")
    page.get_by_role("button", name="Lưu").click()
    activities = page.locator("section").filter(has=page.get_by_role("heading", name="Hoạt động gần đây"))
    expect(activities).to_contain_text("05/10/2025")
    expect(activities).to_contain_text("Ứng dụng định danh điện tử VNeID")
    expect(page.locator("dl.facts")).to_contain_text("12 người, 7 hộ")
    assert page.foreign_requests == []


def test_a_large_upload_is_imported_by_the_background_worker(page, bootstrapped_site, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Mã xã", "Tên thôn, tổ dân phố", "Loại"])
    for n in range(6000):  # well over the size that is imported at once
        sheet.append(["02647", f"Tổ dân phố số {n + 100}", "Tổ dân phố"])
    path = tmp_path / "to-dan-pho.xlsx"
    book.save(path)

    sign_in(page, "daumoi.xa.laocai")
    page.goto("/nhap-xuat/villages/nhap/")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.locator("#job-status")).to_have_text("Đang chờ xử lý")
    expect(page.locator("#job-progress")).to_be_visible()

    bootstrapped_site.dxnet("db_worker", "--batch", "--no-startup-delay")
    expect(page.get_by_text("Đã nhập 6.000 dòng: 6.000 thêm mới, 0 cập nhật")).to_be_visible(timeout=15_000)
