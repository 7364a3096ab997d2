import time

from django.core.management.base import BaseCommand

from dxnet.accounts.models import Role, User
from dxnet.core.management.days import DATE_HELP, day_of
from dxnet.monitoring import dashboard
from dxnet.monitoring.targets import Scope


class Command(BaseCommand):
    help = ("Tính trước bảng điều hành toàn quốc của ngày (mọi phần của cả nước) để người xem đầu tiên trong ngày "
            "không phải chờ; dxnet-daily.timer chạy lệnh này mỗi sáng.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help=DATE_HELP)

    def handle(self, *args, **options):
        day = day_of(options["date"])
        # The national page is the same for everyone who sees everything: any active national administrator's.
        admin = User.objects.filter(role=Role.NATIONAL_ADMIN, is_active=True).order_by("pk").first()
        if admin is None:
            self.stdout.write("Chưa có quản trị toàn quốc: không có bảng điều hành toàn quốc để tính trước.")
            return
        start = time.perf_counter()
        dashboard.summary(Scope(admin, day), national=True)
        self.stdout.write(f"Đã tính bảng điều hành toàn quốc ngày {day:%d/%m/%Y} "
                          f"trong {time.perf_counter() - start:.1f} giây.")
