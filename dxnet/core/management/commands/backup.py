import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dxnet.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = ("Sao lưu toàn bộ: cơ sở dữ liệu (pg_dump hoặc bản sao SQLite) và các tệp đã tải lên, trong một tệp .tar "
            "kèm số dòng từng bảng và mã kiểm tra nhật ký thay đổi.")

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Tệp sao lưu (mặc định: var/backups/dxnet-<thời điểm>.tar).")

    def handle(self, *args, output, **options):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - the operator's clock
        target = output or Path(settings.VAR_DIR) / "backups" / f"dxnet-{stamp}.tar"
        try:
            manifest = create_backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Đã sao lưu {rows:,} dòng ({len(manifest['counts'])} bảng) vào {target}.".replace(",", "."))
        self.stdout.write(f"Mã kiểm tra nhật ký thay đổi: {manifest['audit_sha256']}")
        self.stdout.write(f"Đầu chuỗi nhật ký (ghi lại nơi khác; đối chiếu bằng dxnet audit verify --expect): "
                          f"{manifest['audit_head']}")
