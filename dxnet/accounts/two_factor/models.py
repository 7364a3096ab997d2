import hashlib

from django.conf import settings
from django.db import models


def hash_code(code: str) -> str:
    """A recovery code is random (50 bits), so one SHA-256 of its normalised form keeps it unreadable at rest."""
    normalised = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normalised.encode()).hexdigest()


class RecoveryCode(models.Model):
    """One of the ten single-use codes that stand in for the authenticator app when the phone is lost."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="tài khoản", on_delete=models.CASCADE,
                             related_name="recovery_codes")
    code_hash = models.CharField("mã (băm)", max_length=64)
    used_at = models.DateTimeField("đã dùng lúc", null=True, blank=True)

    class Meta:
        verbose_name = "mã dự phòng"
        verbose_name_plural = "mã dự phòng"
        constraints = [models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_once_per_user")]

    def __str__(self) -> str:
        return f"mã dự phòng của {self.user}"
