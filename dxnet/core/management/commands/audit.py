import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dxnet.core import chain

ANCHOR = re.compile(r"^#?(\d+):([0-9a-f]{64})$")


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _anchor(text: str) -> tuple[int, str]:
    match = ANCHOR.match(text.strip().lower())
    if match is None:
        raise CommandError(f"Mốc “{text}” không đúng dạng SỐ_MỤC:MÃ_BĂM (64 ký tự thập lục phân).")
    return int(match[1]), match[2]


class Command(BaseCommand):
    help = "Nhật ký thay đổi: `dxnet audit verify` kiểm tra chuỗi mã băm (mục nào bị sửa hoặc xóa)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="verify")
        verify = actions.add_parser("verify", help="Kiểm tra chuỗi mã băm của toàn bộ nhật ký, theo thứ tự ghi.")
        verify.add_argument("--chunk-size", type=int, default=5000, help="Số mục đọc mỗi lần (mặc định 5000).")
        verify.add_argument("--expect", action="append", default=[], metavar="SỐ_MỤC:MÃ_BĂM",
                            help="Một đầu chuỗi đã ghi lại trước đây (bản sao lưu in ra): mục đó phải còn mang "
                                 "đúng mã băm ấy, kể cả khi cả chuỗi đã bị tính lại. Dùng nhiều lần được.")

    def handle(self, *args, action, chunk_size=5000, expect=(), **options):
        anchors = [_anchor(text) for text in expect]
        verdict = chain.verify(chunk_size=chunk_size)
        if verdict.broken is not None:
            broken = verdict.broken
            where = f"mục #{broken.entry_id}" if broken.entry_id else "đầu chuỗi"
            when = f" ({timezone.localtime(broken.at).strftime('%d/%m/%Y %H:%M:%S')})" if broken.at else ""
            raise CommandError(f"Chuỗi nhật ký bị đứt tại {where}{when}: {broken.reason}. "
                               f"{_number(verdict.entries)} mục trước đó nguyên vẹn.")
        for entry_id, expected in anchors:
            if chain.differs_from_anchor(entry_id, expected):
                raise CommandError(f"Mục #{entry_id} không còn mang mã băm đã ghi lại ({expected[:12]}…): nhật ký "
                                   "đến mục này đã bị sửa, xóa hoặc tính lại cả chuỗi.")
        self.stdout.write(f"Chuỗi nhật ký nguyên vẹn: {_number(verdict.entries)} mục")
        last_id, last_hash = verdict.head
        self.stdout.write(f"Đầu chuỗi (ghi lại để đối chiếu sau bằng --expect): {last_id}:{last_hash}")
