"""The write path shared by every registry: role check, validation, save, scope re-check, audit — one transaction."""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404

from . import audit
from .errors import delete_or_conflict
from .versioning import lock_for_change


def require_role(allowed: bool, message: str = "Vai trò của bạn không được thay đổi dữ liệu này.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def _visible(obj: models.Model, user) -> bool:
    manager = obj._meta.model.objects
    return not hasattr(manager, "visible_to") or manager.visible_to(user).filter(pk=obj.pk).exists()


@transaction.atomic
def save_in_scope(obj: models.Model, *, acting_user, seen_version=None, **fields) -> models.Model:
    """Create or update `obj` with `fields`; it must end up inside the author's scope, or nothing is written.

    An update locks the stored row and records its values as "before", whatever the caller did to `obj`; with
    `seen_version` (the version the author read) it raises `StaleEdit` when someone changed the object since.
    Services forward their `**fields`, so a `seen_version` given to them reaches here.
    Catalogues without a scope (no `visible_to`) are saved and audited the same way.
    """
    creating = obj._state.adding
    # The object as stored must be the author's to change, not only the object as edited.
    if not creating and not _visible(obj, acting_user):
        raise Http404
    before = {} if creating else audit.snapshot(lock_for_change(obj, seen_version))
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    if not _visible(obj, acting_user):
        raise Http404
    if creating:
        audit.record_create(obj, actor=acting_user)
    else:
        changes = audit.diff(before, audit.snapshot(obj))
        if changes:
            audit.record_change(obj, changes, actor=acting_user)
    return obj


@transaction.atomic
def delete_in_scope(obj: models.Model, *, acting_user) -> None:
    if not _visible(obj, acting_user):
        raise Http404
    audit.record_delete(obj, actor=acting_user)
    delete_or_conflict(obj, acting_user)
