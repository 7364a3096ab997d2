"""What other apps show on an agency's page (its staff and focal points, its tasks…): each app registers a section
in `AppConfig.ready()`, so the agencies app knows none of the apps above it.

A section is `section(agency, user, today) -> dict`, the template context it adds; every queryset in it starts
from `visible_to(user)`.
"""

from collections.abc import Callable

AGENCY_SECTIONS: list[Callable] = []


def register_agency_section(section: Callable) -> None:
    if section not in AGENCY_SECTIONS:
        AGENCY_SECTIONS.append(section)


def agency_sections(agency, user, today) -> dict:
    context: dict = {}
    for section in AGENCY_SECTIONS:
        context |= section(agency, user, today)
    return context
