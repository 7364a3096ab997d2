from django.core.management.base import BaseCommand

from dxnet.agencies.services import load_reference_agencies
from dxnet.core import audit
from dxnet.geo.services import load_admin_units


class Command(BaseCommand):
    help = "Nạp dữ liệu tham chiếu: đơn vị hành chính (34 tỉnh, 3.321 xã, 63 tỉnh cũ) và cơ quan."

    def handle(self, *args, **options):
        with audit.channel("cli"):
            sections = {"Đơn vị hành chính": load_admin_units(), "Cơ quan": load_reference_agencies()}
        for section, results in sections.items():
            for part, (created, updated) in results.items():
                self.stdout.write(f"{section} · {part}: {created} mới, {updated} cập nhật")
