from django.core.management.base import BaseCommand, CommandError

from dxnet.accounts.services import acting_user_for_cli
from dxnet.core import audit, spreadsheets
from dxnet.core.exchange import sheet_for
from dxnet.core.spreadsheets import SHEETS


class Command(BaseCommand):
    help = "Nhập dữ liệu từ tệp Excel: tất cả các dòng đúng thì nhập, có một dòng sai thì không nhập dòng nào."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SHEETS))
        parser.add_argument("file")
        parser.add_argument("--user", help="nhập với phạm vi và tên của tài khoản này (mặc định: người vận hành)")

    def handle(self, *args, kind, file, user=None, **options):
        actor = acting_user_for_cli(user)
        try:
            upload = open(file, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise CommandError(f"Không mở được tệp {file}: {error.strerror}.") from error
        with upload, audit.channel("cli"):
            result = spreadsheets.import_file(sheet_for(kind, actor), upload, acting_user=actor)
        for warning in result.warnings:
            self.stdout.write(f"Lưu ý — dòng {warning.row}, cột {warning.column}: {warning.message}")
        if not result.ok:
            for error in result.errors:  # row 0: the file itself (refused before any row was read)
                self.stderr.write(f"Dòng {error.row}, cột {error.column}: {error.message}" if error.row
                                  else f"Tệp bị từ chối: {error.message}")
            raise CommandError(f"{len(result.errors)} lỗi; không nhập dòng nào.")
        self.stdout.write(f"Đã nhập {result.total} dòng: {result.created} thêm mới, {result.updated} cập nhật.")
