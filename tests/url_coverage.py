"""Deny by default: every URL pattern of the project must be requested by some test."""

from django.urls import URLPattern, URLResolver, get_resolver

requested: set[str] = set()


class RecordingMiddleware:
    """Test-only middleware noting the view name of each resolved request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        requested.add(request.resolver_match.view_name)


def all_view_names(patterns=None, namespace="") -> set[str]:
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_view_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"{namespace}{pattern.lookup_str}")
    return names


def unrequested() -> set[str]:
    return all_view_names() - requested
