"""Errors a service raises when a write is refused for a reason other than a field's value; every door shows them.

They are Django `ValidationError`s, so forms and pages that already catch those show the message; the API answers
409 `conflict`, 412 `stale` or 413 `too_large` (see `dxnet.core.api_errors`).
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import models


class RequestError(ValidationError):
    """A refused write whose HTTP status is not 400; subclasses name the status, the code and a default message."""

    status_code = 400
    default_code = "invalid"
    default_message = "Dữ liệu không hợp lệ."

    def __init__(self, message=None, code=None, params=None):
        super().__init__(message or self.default_message, code=code or self.default_code, params=params)


class Conflict(RequestError):
    """The write contradicts the stored data (e.g. deleting what other rows still hold): HTTP 409."""

    status_code = 409
    default_code = "conflict"
    default_message = "Yêu cầu xung đột với dữ liệu hiện có."


class PreconditionFailed(RequestError):
    """The object changed since the caller read it (If-Match or the form's version no longer match): HTTP 412."""

    status_code = 412
    default_code = "stale"
    default_message = "Dữ liệu đã được người khác thay đổi sau khi bạn mở; hãy tải lại rồi sửa lại."


class TooLarge(RequestError):
    """A body or file above the accepted size: HTTP 413."""

    status_code = 413
    default_code = "too_large"
    default_message = "Dữ liệu gửi lên quá lớn."


def too_large_message(limit: int) -> str:
    return f"Dữ liệu gửi lên vượt quá giới hạn {limit / 1048576:g} MB."


def _visible_count(model: type[models.Model], pks: list, user) -> int:
    manager = model._default_manager
    if user is None or not hasattr(manager, "visible_to"):
        return len(pks)
    return manager.visible_to(user).filter(pk__in=pks).count()


def in_use_message(obj: models.Model, holders, user=None) -> str:
    """"Không thể xóa: cơ quan này còn 3 cán bộ, 1 đầu mối CĐS." — counted by kind among what `user` may see;
    rows outside the user's scope are mentioned without a name or a count."""
    by_model: dict[type[models.Model], list] = {}
    for holder in holders:
        by_model.setdefault(type(holder), []).append(holder.pk)
    counts: Counter = Counter()
    hidden = False
    for model, pks in by_model.items():
        visible = _visible_count(model, pks, user)
        if visible:
            counts[str(model._meta.verbose_name_plural)] += visible
        hidden = hidden or visible < len(pks)
    parts = [f"{count} {name}" for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    if hidden:
        parts.append("dữ liệu khác ngoài phạm vi của bạn")
    what = f"{obj._meta.verbose_name} này"
    if not parts:
        return f"Không thể xóa: {what} đang được dữ liệu khác sử dụng."
    return f"Không thể xóa: {what} còn {', '.join(parts)}."


def delete_or_conflict(obj: models.Model, user=None) -> None:
    """Delete `obj`, or raise `Conflict` saying what still holds it (instead of a ProtectedError: a 500)."""
    try:
        obj.delete()
    except (models.ProtectedError, models.RestrictedError) as error:
        holders = error.protected_objects if isinstance(error, models.ProtectedError) else error.restricted_objects
        raise Conflict(in_use_message(obj, holders, user), code="protected") from error
