from django.core.management.base import BaseCommand
from django.utils import timezone

from dxnet.core import audit
from dxnet.reporting.services import do_send_reminders


class Command(BaseCommand):
    help = "Nhắc các cơ quan có báo cáo sắp đến hạn hoặc quá hạn (mỗi ngày một lần; chạy hằng ngày bằng cron)."

    def handle(self, *args, **options):
        with audit.channel("cli"):
            sent = do_send_reminders(timezone.localdate())
        self.stdout.write(f"Đã nhắc {sent} báo cáo.")
