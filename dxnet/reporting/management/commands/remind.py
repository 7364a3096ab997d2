from django.core.management import call_command
from django.core.management.base import BaseCommand

from dxnet.core.management.days import DATE_HELP


class Command(BaseCommand):
    help = ("Nhắc các cơ quan có báo cáo sắp đến hạn hoặc quá hạn (mỗi ngày một lần). Giữ lại cho cron cũ: "
            "chạy phần báo cáo của `dxnet notify`.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help=DATE_HELP)

    def handle(self, *args, **options):
        call_command("notify", only=["reporting"], date=options["date"], stdout=self.stdout)
