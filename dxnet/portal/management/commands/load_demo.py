from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dxnet.accounts.models import Role
from dxnet.core import audit
from dxnet.demo import DEMO_PASSWORD, demo_totp_secret, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tài khoản và đơn vị minh họa); chạy lại không thay đổi gì."

    def add_arguments(self, parser):
        parser.add_argument("--force-demo", action="store_true",
                            help="Nạp cả khi chạy cấu hình vận hành thật (DXNET_PRODUCTION=1).")

    def handle(self, *args, force_demo, **options):
        if settings.PRODUCTION and not force_demo:
            raise CommandError("Đây là cấu hình vận hành thật (DXNET_PRODUCTION=1): dữ liệu mẫu tạo tài khoản quản trị "
                               "với mật khẩu công khai nên không được nạp. Dùng --force-demo nếu thật sự cần.")
        with audit.channel("cli"):
            accounts = load_demo()
        # Each line ends with the account's published TOTP secret, to add to an authenticator app.
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, role, agency_code, _ in accounts:
            self.stdout.write(f"  {username:<20} {DEMO_PASSWORD}  {Role(role).label:<36} {agency_code}  "
                              f"TOTP {demo_totp_secret(username)}")
