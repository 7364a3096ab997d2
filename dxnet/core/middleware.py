from . import audit


class AuditChannelMiddleware:
    """Writes made while serving a request are recorded as coming from the web UI or the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        via = "api" if request.path.startswith("/api/") else "web"
        with audit.channel(via):
            return self.get_response(request)
