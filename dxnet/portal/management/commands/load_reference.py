from django.core.management.base import BaseCommand

from dxnet.core import audit
from dxnet.reference import load_all


class Command(BaseCommand):
    help = "Nạp dữ liệu tham chiếu: đơn vị hành chính, cơ quan, danh mục, mạng lưới CĐS."

    def handle(self, *args, **options):
        with audit.channel("cli"):
            sections = load_all()
        for section, results in sections.items():
            for part, (created, updated) in results.items():
                self.stdout.write(f"{section} · {part}: {created} mới, {updated} cập nhật")
