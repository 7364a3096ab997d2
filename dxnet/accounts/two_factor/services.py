"""Two-step sign-in: enrol an authenticator app, prove a code, recovery codes, a reset by an administrator.

The device and its checks are django-otp's (TOTP, one code once, exponential back-off after each wrong code).
Recovery codes are our own model because django-otp's static tokens are stored in clear; ours are hashed.
"""

import secrets
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from dxnet.accounts.models import User
from dxnet.accounts.services import check_can_manage_user
from dxnet.core import audit

from .models import RecoveryCode, hash_code

RECOVERY_CODES = 10
# No 0/o, 1/l/i: a code is copied by hand from paper.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
WRONG_CODE = "Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực."
DEVICE_NAME = "Ứng dụng xác thực"
# The wait after wrong codes doubles up to 2**10 = 1,024 s (with OTP_TOTP_THROTTLE_FACTOR 1), then stays: whoever holds
# the password cannot shut the owner out for days, and a million codes at one guess per 17 minutes stay out of reach.
MAX_DOUBLINGS = 10


def new_secret() -> str:
    """A fresh TOTP key (hex, 20 bytes), held in the session until the user confirms it with a code."""
    return default_key()


def _new_recovery_codes(user: User) -> list[str]:
    codes = ["-".join("".join(secrets.choice(_ALPHABET) for _ in range(5)) for _ in range(2))
             for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=hash_code(code)) for code in codes)
    return codes


def _matching_step(key_hex: str, code: str) -> int | None:
    """The time step whose code `code` is, within one step of now; None when it matches none."""
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time()
    return totp.t() if totp.verify(int(code), tolerance=1) else None


@transaction.atomic
def do_enrol(user: User, key_hex: str, code: str, *, acting_user: User) -> list[str]:
    """Bind the authenticator app holding `key_hex` once it shows a right code; any earlier device and recovery
    codes are replaced. Returns the new recovery codes, to be shown once."""
    step = _matching_step(key_hex, code.strip())
    if step is None:
        raise ValidationError(WRONG_CODE)
    had_device = TOTPDevice.objects.filter(user=user).exists()
    TOTPDevice.objects.filter(user=user).delete()
    # The code just used cannot be replayed at the next sign-in (django-otp accepts only later steps).
    TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key_hex, confirmed=True, tolerance=1, last_t=step)
    codes = _new_recovery_codes(user)
    audit.record_change(user, {"two_factor": ["đã đăng ký" if had_device else "chưa đăng ký",
                                              "đã đăng ký lại" if had_device else "đã đăng ký"]}, actor=acting_user)
    return codes


@transaction.atomic
def do_regenerate_recovery_codes(user: User, *, acting_user: User) -> list[str]:
    """Ten new recovery codes; the earlier ones stop working."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError("Chưa đăng ký ứng dụng xác thực nên chưa có mã dự phòng.")
    codes = _new_recovery_codes(user)
    audit.record_change(user, {"two_factor_recovery_codes": ["cũ", "đã tạo mới"]}, actor=acting_user)
    return codes


def throttled_message(device: TOTPDevice) -> str | None:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    seconds = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1) \
        if details and details.get("locked_until") else 1
    return f"Đã nhập sai mã nhiều lần; hãy chờ {seconds} giây rồi thử lại."


def check_second_factor(user: User, device: TOTPDevice, code: str) -> None:
    """Raise unless `code` is the app's current code or an unused recovery code of `user`.

    Every wrong attempt, of either kind, doubles the wait before the next (django-otp's throttling on the device).
    """
    if message := _checked(user, device.pk, "".join(code.split())):
        raise ValidationError(message)


@transaction.atomic
def _checked(user: User, device_pk: int, code: str) -> str | None:
    """Why `code` is refused, or None. The device is read again under a lock, not from the copy the request loaded
    earlier: two requests at once cannot both use one code, nor both guess past the wait. The refusal is returned,
    not raised, so that the wrong attempt counted here is committed."""
    device = TOTPDevice.objects.select_for_update().filter(pk=device_pk, user=user).first()
    if device is None:  # reset by an administrator meanwhile
        return WRONG_CODE
    # django-otp's wait doubles without end: count at most MAX_DOUBLINGS + 1 failures (saved so by a wrong code).
    device.throttling_failure_count = min(device.throttling_failure_count, MAX_DOUBLINGS + 1)
    if message := throttled_message(device):
        return message
    if code.isdigit() and len(code) <= 8:  # the app's code; a recovery code has 10 characters
        return None if device.verify_token(code) else WRONG_CODE  # verify_token counts a failure itself
    if _use_recovery_code(user, code):
        device.throttle_reset()
        return None
    device.throttle_increment()
    return "Mã dự phòng không đúng hoặc đã được dùng."


@transaction.atomic
def _use_recovery_code(user: User, code: str) -> bool:
    # One statement: two requests racing with the same code cannot both succeed.
    used = RecoveryCode.objects.filter(user=user, code_hash=hash_code(code), used_at__isnull=True) \
        .update(used_at=timezone.now())
    if used:
        left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
        audit.record_change(user, {"two_factor_recovery_codes": ["chưa dùng", f"đã dùng một mã, còn {left}"]},
                            actor=user)
    return bool(used)


@transaction.atomic
def do_reset_two_factor(account: User, *, acting_user: User) -> None:
    """An administrator clears the account's authenticator app and recovery codes (a lost phone): the account
    enrols again at its next sign-in, when its role requires it."""
    check_can_manage_user(acting_user, account.agency, account.role, account)
    if acting_user is not None and acting_user.pk == account.pk:  # a way round the password asked to change one's own
        raise ValidationError("Không tự đặt lại được xác thực hai bước của chính mình: hãy đổi ứng dụng ở trang "
                              "“Xác thực hai bước” (cần mật khẩu hiện tại), hoặc nhờ một quản trị viên khác.")
    removed, _ = TOTPDevice.objects.filter(user=account).delete()
    RecoveryCode.objects.filter(user=account).delete()
    if not removed:
        raise ValidationError("Tài khoản này chưa đăng ký xác thực hai bước; không có gì để đặt lại.")
    audit.record_change(account, {"two_factor": ["đã đăng ký", "đã đặt lại"]}, actor=acting_user)


@transaction.atomic
def do_give_demo_device(user: User, secret_base32: str) -> bool:
    """The demo's published secret as the account's device (for `make run`); nothing when it is already there."""
    import base64

    key = base64.b32decode(secret_base32).hex()
    if TOTPDevice.objects.filter(user=user, key=key, confirmed=True).exists():
        return False
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=True, tolerance=1)
    audit.record_change(user, {"two_factor": ["chưa đăng ký", "đã đăng ký (mã bí mật công khai của bản mẫu)"]},
                        actor=None)
    return True
