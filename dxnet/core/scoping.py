"""One door to data: every scoped queryset answers `visible_to(user)`.

A user's scope is the subtree of their agency (by materialised path) and the
territory that agency serves; a national administrator sees everything.
"""

from dataclasses import dataclass

from django.db import models
from django.http import Http404


@dataclass(frozen=True)
class Scope:
    """What a user may see: everything, nothing, or an agency subtree and a territory."""

    everything: bool = False
    agency_path: str | None = None
    unit_path: str | None = None  # None with an agency: the whole country (national bodies)

    @property
    def nothing(self) -> bool:
        return not self.everything and self.agency_path is None

    def covers(self, path: str) -> bool:
        """Whether the agency at `path` lies in this scope."""
        return self.everything or (not self.nothing and path.startswith(self.agency_path))


def scope_of(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    if user.sees_everything:
        return Scope(everything=True)
    agency = user.agency
    if agency is None:
        return Scope()
    unit = agency.admin_unit
    return Scope(agency_path=agency.path, unit_path=unit.path if unit else None)


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to an agency subtree or a territory.

    Subclasses name the lookup to the agency path (`agency_path_lookup`) or to
    the administrative-unit path (`unit_path_lookup`), or override `within` when
    rows reach the subtree in more than one way.
    """

    agency_path_lookup: str | None = None
    unit_path_lookup: str | None = None

    def visible_to(self, user):
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.nothing:
            return self.none()
        return self.within(scope)

    def within(self, scope: Scope):
        """The rows of a scope that is neither everything nor nothing."""
        if self.agency_path_lookup:
            return self.filter(**{f"{self.agency_path_lookup}__startswith": scope.agency_path})
        if scope.unit_path is None:
            return self
        return self.filter(**{f"{self.unit_path_lookup}__startswith": scope.unit_path})


def get_for_user(queryset: ScopedQuerySet, user, **lookup):
    """The one object matching `lookup` that `user` may see; 404 for missing and forbidden alike."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


class CatalogueQuerySet(models.QuerySet):
    """Shared catalogues (job positions, skill areas): every signed-in user reads them."""

    def visible_to(self, user):
        return self if getattr(user, "is_authenticated", False) and user.is_active else self.none()
