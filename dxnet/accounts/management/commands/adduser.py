import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dxnet.accounts.models import Role
from dxnet.accounts.services import do_create_user, find_agency
from dxnet.core import audit


class Command(BaseCommand):
    help = "Tạo tài khoản: mật khẩu được đọc hai lần từ đầu vào chuẩn."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--agency", required=True, help="mã hoặc tên chính xác của cơ quan")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")

    def _read_password(self, prompt: str) -> str:
        if sys.stdin.isatty():
            return getpass.getpass(prompt)
        line = sys.stdin.readline()
        if not line:
            raise CommandError("Thiếu mật khẩu: cần nhập mật khẩu hai lần, mỗi lần một dòng.")
        return line.rstrip("\n")

    def handle(self, *args, **options):
        password = self._read_password("Mật khẩu: ")
        if password != self._read_password("Nhập lại mật khẩu: "):
            raise CommandError("Hai lần nhập mật khẩu không khớp.")
        try:
            agency = find_agency(options["agency"])
            with audit.channel("cli"):
                user = do_create_user(options["username"], agency=agency, role=options["role"],
                                      password=password, full_name=options["full_name"],
                                      email=options["email"], acting_user=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Đã tạo tài khoản {user.username} ({user.get_role_display()}) tại {agency}.")
