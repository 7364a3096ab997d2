"""Django's error handlers: pages in Vietnamese (templates 400/403/404/500.html), the API's one error body
under /api/ — for what happens outside a DRF view (an unknown URL, an uncaught exception)."""

from django.views import defaults

from .api_errors import json_error


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception):
    return json_error(400) if _is_api(request) else defaults.bad_request(request, exception)


def permission_denied(request, exception):
    return json_error(403) if _is_api(request) else defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    return json_error(404) if _is_api(request) else defaults.page_not_found(request, exception)


def server_error(request):
    return json_error(500) if _is_api(request) else defaults.server_error(request)
