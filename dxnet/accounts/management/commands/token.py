from django.core.management.base import BaseCommand, CommandError

from dxnet.accounts.models import User
from dxnet.accounts.services import issue_token
from dxnet.core import audit


class Command(BaseCommand):
    help = ("In mã truy cập API (token) của một tài khoản; dòng cuối là token. --rotate: cấp token mới, token cũ hết "
            "hiệu lực.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="Thu hồi token đang dùng và cấp token mới.")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"Không có tài khoản đang hoạt động tên “{options['username']}”.")
        with audit.channel("cli"):
            key = issue_token(user, acting_user=None, rotate=options["rotate"])
        self.stdout.write(f"Token API của {user.username} (gửi kèm tiêu đề Authorization: Token …):")
        self.stdout.write(key)
