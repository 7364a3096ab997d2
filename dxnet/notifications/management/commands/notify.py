from django.core.management.base import BaseCommand, CommandError

from dxnet.core import audit
from dxnet.core.management.days import DATE_HELP, day_of
from dxnet.notifications.services import DailyRunFailed, daily_sources, do_run_daily


class Command(BaseCommand):
    help = ("Thông báo hằng ngày (chạy bằng cron, chạy lại không gửi trùng): nhiệm vụ sắp đến hạn, quá hạn; "
            "báo cáo sắp đến hạn, quá hạn; vướng mắc quá hạn …")

    def add_arguments(self, parser):
        parser.add_argument("--date", help=DATE_HELP)
        parser.add_argument("--only", action="append", choices=sorted(daily_sources()),
                            help="Chỉ chạy nguồn thông báo này (có thể lặp lại).")

    def handle(self, *args, **options):
        today = day_of(options["date"])
        failed = []
        with audit.channel("cli"):
            try:
                results = do_run_daily(today, only=options["only"])
            except DailyRunFailed as error:
                results, failed = error.results, error.failed
        for name, count in results.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"Đã tạo {sum(results.values())} thông báo ngày {today:%d/%m/%Y}.")
        if failed:
            raise CommandError(f"Lỗi ở nguồn thông báo: {', '.join(failed)} (xem nhật ký); các nguồn khác đã chạy.")
