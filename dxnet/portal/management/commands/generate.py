import time

from django.core.management.base import BaseCommand, CommandError

from dxnet.core import audit
from dxnet.generator import SCALES, Generator


class Command(BaseCommand):
    help = ("Sinh dữ liệu giả lập có thể lặp lại trên cây đơn vị thật (để đo hiệu năng, trình diễn). Cần nạp dữ liệu "
            "tham chiếu trước; chỉ chạy một lần trên một cơ sở dữ liệu.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale, seed, **options):
        start = time.monotonic()
        try:
            with audit.channel("cli"):
                counts = Generator(SCALES[scale], seed, say=self.stdout.write).run()
        except ValueError as error:
            raise CommandError(str(error)) from error
        total = sum(counts.values())
        self.stdout.write(f"Xong: {total:,} dòng trong {time.monotonic() - start:,.0f} giây.".replace(",", "."))
