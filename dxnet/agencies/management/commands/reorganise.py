from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from dxnet.accounts.services import acting_user_for_cli
from dxnet.agencies.models import ReorganisationEvent
from dxnet.agencies.reorganisation import do_apply_event, preview_event
from dxnet.core import audit


class Command(BaseCommand):
    help = ("Xem trước (--preview) hoặc áp dụng (--apply) một sự kiện sắp xếp tổ chức "
            "(hợp nhất, chia tách, đổi tên, chuyển cơ quan cấp trên).")

    def add_arguments(self, parser):
        parser.add_argument("event_id", type=int)
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--preview", action="store_true", help="chỉ cho biết những gì sẽ thay đổi")
        mode.add_argument("--apply", action="store_true", help="áp dụng trong một giao dịch, có ghi nhật ký")
        parser.add_argument("--user", help="áp dụng với tư cách tài khoản này (mặc định: người vận hành)")

    def handle(self, *args, event_id, preview=False, apply=False, user=None, **options):
        event = ReorganisationEvent.objects.filter(pk=event_id).first()
        if event is None:
            raise CommandError(f"Không có sự kiện sắp xếp số {event_id}.")
        result = preview_event(event)
        self.stdout.write(f"{event} — {event.basis}")
        for agency, end in result.ends:
            self.stdout.write(f"  Kết thúc: {agency.name} (đến {end:%d/%m/%Y})")
        if result.receiver:
            self.stdout.write(f"  Cơ quan tiếp nhận: {result.receiver.name}")
        for label, count in result.rows:
            self.stdout.write(f"  {label}: {count}")
        if preview:
            for error in result.errors:
                self.stdout.write(f"  Lỗi: {error}")
            return
        try:
            with audit.channel("cli"):
                do_apply_event(event, acting_user=acting_user_for_cli(user))
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write("Đã áp dụng sự kiện sắp xếp.")
