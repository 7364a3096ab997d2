"""An object's version, read from its audit trail: the id of its newest audit entry, 0 when it has none.

No column to keep in step: every service writes its audit entry in the same transaction as the change, after
locking the row (`lock_for_change`), so two changes of one object get their entries in the order they were made
and the newest id names the state the object is in. A form or an API client that read version 7 and saves
while the object is at version 9 would undo the changes 8 and 9: the service refuses with `StaleEdit`.
"""

from collections.abc import Collection

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.utils.http import parse_etags

from .errors import PreconditionFailed
from .models import AuditEntry


def _entries_of(obj: models.Model):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


def version_of(obj: models.Model) -> int:
    """The version of the object as stored (one indexed query; the content type is cached)."""
    return _entries_of(obj).aggregate(version=models.Max("id"))["version"] or 0


def entries_since(obj: models.Model, version: int):
    """The audit entries written for `obj` after `version`, oldest first."""
    return _entries_of(obj).filter(id__gt=version).select_related("content_type").order_by("id")


class StaleEdit(PreconditionFailed):
    """The object changed after the author read it: saving would silently undo those changes (HTTP 412 `stale`)."""

    def __init__(self, obj: models.Model, seen: int | Collection[int], current: int):
        self.obj, self.seen, self.current = obj, seen, current
        super().__init__()

    @property
    def since(self) -> int:
        return self.seen if isinstance(self.seen, int) else min(self.seen, default=0)

    def entries(self):
        """The changes the author has not seen, oldest first."""
        return entries_since(self.obj, self.since)


def lock_for_change(obj: models.Model, seen_version: int | Collection[int] | None = None) -> models.Model:
    """The stored row of `obj`, locked until the transaction ends, to take the audit's "before" from.

    With `seen_version` (the version the author read, or several acceptable ones), raise `StaleEdit` when the
    object has changed since; Http404 when it was deleted meanwhile. Call inside `transaction.atomic`.
    """
    model = obj._meta.model
    try:
        stored = model._default_manager.select_for_update().get(pk=obj.pk)
    except model.DoesNotExist:
        raise Http404 from None
    if seen_version is not None:
        current = version_of(stored)
        matches = current == seen_version if isinstance(seen_version, int) else current in seen_version
        if not matches:
            raise StaleEdit(stored, seen_version, current)
    return stored


# --- HTTP ---------------------------------------------------------------------------------------------------------

def etag(version: int) -> str:
    """A strong entity tag: If-Match compares strongly (RFC 9110 §13.1.1), a weak tag could never match."""
    return f'"{version}"'


def versions_in(if_match: str | None) -> frozenset[int] | None:
    """The versions an `If-Match` header accepts; None when it accepts any (absent or `*`).

    Tags a proxy or compression weakened (`W/"7"`) still name version 7: the tag is the object's version, not a
    hash of the bytes. A tag that is no version of ours matches nothing.
    """
    if not if_match or not if_match.strip():
        return None
    tags = parse_etags(if_match)
    if "*" in tags:
        return None
    versions = set()
    for tag in tags:
        value = tag.removeprefix("W/").strip('"')
        if value.isdigit():
            versions.add(int(value))
    return frozenset(versions)
