from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from dxnet.core.backup import BackupError, fingerprint, restore_backup


class Command(BaseCommand):
    help = ("Khôi phục một bản sao lưu của `dxnet backup` vào cơ sở dữ liệu đã cấu hình (phải là cơ sở dữ liệu mới, "
            "trống), rồi kiểm tra: không thiếu migration, số dòng từng bảng và mã kiểm tra nhật ký như lúc sao lưu, "
            "chuỗi mã băm của nhật ký nguyên vẹn.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive, **options):
        if not archive.is_file():
            raise CommandError(f"Không tìm thấy tệp {archive}.")
        try:
            manifest = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        call_command("migrate", "--check", verbosity=0)  # exits non-zero when the code expects other migrations
        now = fingerprint()
        if now != {"counts": manifest["counts"], "audit_sha256": manifest["audit_sha256"]}:
            differ = [t for t in manifest["counts"] if now["counts"].get(t) != manifest["counts"][t]]
            raise CommandError("Dữ liệu khôi phục không khớp bản sao lưu: "
                               + (", ".join(differ) if differ else "mã kiểm tra nhật ký thay đổi khác"))
        self.stdout.write(f"Đã khôi phục và kiểm tra: {sum(now['counts'].values()):,} dòng, nhật ký thay đổi khớp "
                          f"({now['audit_sha256'][:12]}…).".replace(",", "."))
        call_command("audit", "verify", stdout=self.stdout)  # the chain of the restored trail, entry by entry
