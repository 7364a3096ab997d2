"""What of an account moves when its agency ends in a reorganisation: the account, and so its scope."""

from dxnet.agencies.reorganisation import Movable

from .models import User

MOVABLES = (
    Movable("users", "Tài khoản (và phạm vi dữ liệu)",
            lambda olds, day: User.objects.filter(agency__in=olds, is_active=True)),
)
