"""Time an import of N team members (default 10,000) into one commune: `python bench/import_members.py [N]`.

Runs against the database of the environment (SQLite under var/ or DATABASE_URL); it writes villages, teams
and members into the first commune of Lào Cai and leaves them there (a second run measures the no-change path).
"""

import io
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxnet.settings")

import django  # noqa: E402

django.setup()

from openpyxl import Workbook  # noqa: E402

from dxnet.accounts.services import acting_user_for_cli  # noqa: E402
from dxnet.agencies.models import Agency  # noqa: E402
from dxnet.core import spreadsheets  # noqa: E402
from dxnet.core.exchange import sheet_for  # noqa: E402


def workbook(headers, rows) -> io.BytesIO:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


def timed(kind, data, operator) -> None:
    start = time.perf_counter()
    result = spreadsheets.import_file(sheet_for(kind, operator), data, acting_user=operator)
    seconds = time.perf_counter() - start
    assert result.ok, result.errors[:3]
    print(f"{kind}: {result.total} dòng trong {seconds:.2f} s ({result.total / seconds:,.0f} dòng/s); "
          f"{result.created} mới, {result.updated} cập nhật")


def main(count: int) -> None:
    operator = acting_user_for_cli(None)
    commune = Agency.objects.filter(kind=Agency.Kind.COMMUNE_PC, parent__code="ubnd-tinh-15").order_by("code").first()
    code = commune.admin_unit.code
    villages = 100
    timed("villages", workbook(["Mã xã", "Tên thôn, tổ dân phố", "Loại"],
                               [[code, f"Thôn đo {n:03d}", "thôn"] for n in range(villages)]), operator)
    timed("teams", workbook(["Mã xã", "Tên thôn, tổ dân phố", "Số quyết định thành lập", "Ngày quyết định"],
                            [[code, f"Thôn đo {n:03d}", f"{n}/QĐ", "01/03/2024"] for n in range(villages)]), operator)
    members = workbook(["Mã xã", "Tên thôn, tổ dân phố", "Họ và tên", "Điện thoại", "Vai trò"],
                       [[code, f"Thôn đo {n % villages:03d}", f"Thành viên {n}", f"05{n:08d}", "Tình nguyện viên"]
                        for n in range(count)])
    timed("team-members", members, operator)
    members.seek(0)
    timed("team-members", members, operator)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
