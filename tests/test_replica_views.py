"""Issue 16: which views a standby may serve (`reads_from_replica`, dxnet.core.routing).

The list is pinned: a new dashboard, report or export is added here on purpose, and a view that writes can never
be marked by mistake.
"""

from django.urls import URLPattern, URLResolver, get_resolver

REPORTS_AND_EXPORTS = {
    # dashboards and reports
    "monitoring:dashboard", "monitoring:compliance", "monitoring:targets", "monitoring:target", "compliance",
    "steering:compliance", "steering-committee-compliance", "inspections:coverage", "infosec:summary",
    "infosec-summary", "training:quality", "training-summary", "network:statistics", "plans:spending",
    "plans:indicator-compare",
    # exports and official documents
    "plans:export", "obstacles:annex", "exchange:export", "access-log-export",
    # open data
    "open-data", "open-data-page", "open-data-file",
}
WRITING_HANDLERS = ("post", "put", "patch", "delete", "create", "update", "partial_update", "destroy")


def _views(patterns=None, namespace=""):
    """(URL name, what ReplicaMiddleware.process_view looks at) for every named pattern."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", getattr(pattern.callback, "view_class", pattern.callback)


def _on_replica():
    return {(name, view) for name, view in _views() if getattr(view, "reads_from_replica", False)}


def test_exactly_the_dashboards_reports_exports_and_open_data_may_be_served_from_a_standby():
    assert {name for name, _ in _on_replica()} == REPORTS_AND_EXPORTS


def test_no_view_served_from_a_standby_has_a_handler_that_writes():
    writers = {name for name, view in _on_replica() if any(hasattr(view, h) for h in WRITING_HANDLERS)}
    assert not writers
