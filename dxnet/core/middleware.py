from django.conf import settings
from django.shortcuts import render

from . import audit


class AuditChannelMiddleware:
    """Writes made while serving a request are recorded as coming from the web UI or the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        via = "api" if request.path.startswith("/api/") else "web"
        with audit.channel(via):
            return self.get_response(request)


class RequestSizeLimitMiddleware:
    """No request body above DXNET_MAX_UPLOAD_BYTES is read: 413, before any view or form touches it.

    Each kind of file has its own, smaller limit on its model field (see `dxnet.core.validators`); this one keeps
    a body of any size from filling the disk or the memory first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DXNET_MAX_UPLOAD_BYTES
        if length > limit:
            message = (f"Dữ liệu gửi lên ({length / 1048576:.0f} MB) vượt quá giới hạn {limit / 1048576:.0f} MB "
                       "của hệ thống; hãy nén hoặc chia nhỏ tệp.")
            if request.path.startswith("/api/"):
                from .api_errors import json_error

                return json_error(413, message)
            return render(request, "413.html", {"message": message}, status=413)
        return self.get_response(request)


SIGNED_IN_AT = "signed_in_at"


def stamp_sign_in(sender, request, user, **kwargs) -> None:
    """Connected to `user_logged_in`: a new sign-in starts a new lifetime."""
    import time

    request.session[SIGNED_IN_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """A session ends after DXNET_SESSION_HOURS since sign-in whatever the activity (the idle timeout is Django's
    own: SESSION_COOKIE_AGE, renewed on every request). The sign-in time is stamped on the first request after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.contrib import messages
        from django.contrib.auth import logout

        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(SIGNED_IN_AT, now)
            if now - started > settings.DXNET_SESSION_HOURS * 3600:
                logout(request)
                messages.info(request, "Phiên làm việc đã quá thời hạn; hãy đăng nhập lại.")
        return self.get_response(request)
