"""Which bodies an agency continues and which continue it: the links reorganisations leave behind.

A link runs from a body that ended to the body that carries on its work. The reference data states one successor
per body (`Agency.successor`); an applied `ReorganisationEvent` adds a link from each of its predecessors to each
of its successors (a split gives one body several successors). Monitoring's `carry` and the lineage API read these
functions only — keep their signatures.
"""

import datetime
from dataclasses import dataclass

from .models import Agency, ReorganisationEvent


@dataclass(frozen=True)
class Link:
    """One step of lineage: `predecessor` ended, `successor` carries on from `effective_on`, on `basis`."""

    predecessor: Agency
    successor: Agency
    effective_on: datetime.date | None
    basis: str


def _event_links(agency: Agency, side: str) -> list[Link]:
    events = (ReorganisationEvent.objects.filter(applied_at__isnull=False, **{side: agency})
              .prefetch_related("predecessors", "successors"))
    return [Link(p, s, e.effective_on, e.basis) for e in events for p in e.predecessors.all()
            for s in e.successors.all() if p != s and agency in (p, s)]


def _stated_link(predecessor: Agency, successor: Agency) -> Link:
    day = predecessor.valid_to + datetime.timedelta(days=1) if predecessor.valid_to else None
    return Link(predecessor, successor, day, predecessor.succession_basis)


def predecessor_links(agency: Agency, before: datetime.date | None = None) -> list[Link]:
    """Links into `agency` (direct predecessors), those effective on or before `before` when given."""
    links = {(link.predecessor.pk, link.successor.pk): link for link in _event_links(agency, "successors")}
    for predecessor in Agency.objects.filter(successor=agency).exclude(pk=agency.pk):
        links.setdefault((predecessor.pk, agency.pk), _stated_link(predecessor, agency))
    found = [link for link in links.values() if link.successor == agency
             and (before is None or link.effective_on is None or link.effective_on <= before)]
    return sorted(found, key=lambda link: (link.predecessor.name, link.predecessor.pk))


def successor_links(agency: Agency, after: datetime.date | None = None) -> list[Link]:
    """Links out of `agency` (direct successors), those effective after `after` when given."""
    links = {(link.predecessor.pk, link.successor.pk): link for link in _event_links(agency, "predecessors")}
    if agency.successor_id and agency.successor_id != agency.pk:
        links.setdefault((agency.pk, agency.successor_id), _stated_link(agency, agency.successor))
    found = [link for link in links.values() if link.predecessor == agency
             and (after is None or link.effective_on is None or link.effective_on > after)]
    return sorted(found, key=lambda link: (link.successor.name, link.successor.pk))


def predecessors(agency: Agency, before: datetime.date | None = None) -> list[Agency]:
    """The bodies `agency` directly continues, whose work passed to it on or before `before` (any day if None).

    A body in force on `before` answers its own predecessors (monitoring's `carry` counts their achievements).
    """
    return [link.predecessor for link in predecessor_links(agency, before)]


def successors(agency: Agency, after: datetime.date | None = None) -> list[Agency]:
    """The bodies that directly continue `agency`, from a day after `after` (any day if None)."""
    return [link.successor for link in successor_links(agency, after)]


def ancestry(agency: Agency) -> set[int]:
    """Ids of every body `agency` continues, however many reorganisations back (cycles stop the walk)."""
    seen: set[int] = set()
    frontier = [agency]
    while frontier:
        body = frontier.pop()
        for predecessor in predecessors(body):
            if predecessor.pk not in seen and predecessor.pk != agency.pk:
                seen.add(predecessor.pk)
                frontier.append(predecessor)
    return seen
