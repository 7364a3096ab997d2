from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dxnet.core import chain


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Nhật ký thay đổi: `dxnet audit verify` kiểm tra chuỗi mã băm (mục nào bị sửa hoặc xóa)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="verify")
        verify = actions.add_parser("verify", help="Kiểm tra chuỗi mã băm của toàn bộ nhật ký, theo thứ tự ghi.")
        verify.add_argument("--chunk-size", type=int, default=5000, help="Số mục đọc mỗi lần (mặc định 5000).")

    def handle(self, *args, action, chunk_size=5000, **options):
        verdict = chain.verify(chunk_size=chunk_size)
        if verdict.broken is None:
            self.stdout.write(f"Chuỗi nhật ký nguyên vẹn: {_number(verdict.entries)} mục")
            return
        broken = verdict.broken
        where = f"mục #{broken.entry_id}" if broken.entry_id else "đầu chuỗi"
        when = f" ({timezone.localtime(broken.at).strftime('%d/%m/%Y %H:%M:%S')})" if broken.at else ""
        raise CommandError(f"Chuỗi nhật ký bị đứt tại {where}{when}: {broken.reason}. "
                           f"{_number(verdict.entries)} mục trước đó nguyên vẹn.")
