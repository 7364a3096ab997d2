from django.core.management.base import BaseCommand

from dxnet.core import audit
from dxnet.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tài khoản và đơn vị minh họa); chạy lại không thay đổi gì."

    def handle(self, *args, **options):
        with audit.channel("cli"):
            accounts = load_demo()
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, role, agency_code, _ in accounts:
            self.stdout.write(f"  {username:<20} {role:<15} {agency_code}")
