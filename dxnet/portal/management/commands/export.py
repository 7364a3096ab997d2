from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dxnet.accounts.services import acting_user_for_cli, find_agency
from dxnet.core.exchange import do_export, sheet_for
from dxnet.core.spreadsheets import SHEETS


class Command(BaseCommand):
    help = "Xuất dữ liệu ra tệp Excel đúng mẫu nhập (nhập lại tệp này không thay đổi gì)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SHEETS))
        parser.add_argument("file")
        parser.add_argument("--agency", help="chỉ xuất cơ quan này và các đơn vị trực thuộc (mã hoặc tên)")
        parser.add_argument("--user", help="xuất trong phạm vi của tài khoản này (mặc định: người vận hành)")

    def handle(self, *args, kind, file, agency=None, user=None, **options):
        actor = acting_user_for_cli(user)
        sheet = sheet_for(kind, actor)
        objects = sheet.queryset()
        if agency:
            try:
                root = find_agency(agency)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            objects = objects.filter(agency__path__startswith=root.path)
        content = do_export(sheet, objects, acting_user=actor, filters={"agency": agency or ""})
        Path(file).write_bytes(content)
        self.stdout.write(f"Đã xuất {kind} ra {file}.")
