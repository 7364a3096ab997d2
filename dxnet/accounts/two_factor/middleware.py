from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .state import DONE, ENROL, session_state

# What a session still owing its second factor may open: signing out, and the step it owes.
ALLOWED = {"verify": {"logout", "two-factor-verify"},
           "enrol": {"logout", "two_factor:enrol", "two_factor:qr"}}
MESSAGES = {"verify": "Hãy nhập mã xác thực để hoàn tất đăng nhập.",
            "enrol": "Vai trò của bạn phải dùng xác thực hai bước: hãy đăng ký ứng dụng xác thực trước khi tiếp tục."}


class TwoFactorMiddleware:
    """A signed-in session that owes its second factor reaches nothing but that step and signing out.

    Placed after LoginRequiredMiddleware (the anonymous are sent to sign in first) and after SessionLifetimeMiddleware
    (an expired session is closed first). Pages open to everyone stay open. The API by session is refused (403); an
    API token is a separate credential issued by an administrator and is not affected (DRF authenticates it after
    this middleware, which sees no session user).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        api = request.path.startswith("/api/")
        # Pages open to everyone stay open; the API marks every view so (DRF authenticates), hence the path test.
        if not request.user.is_authenticated or not (api or getattr(view_func, "login_required", True)):
            return None
        state = session_state(request)
        if state == DONE or request.resolver_match.view_name in ALLOWED[state]:
            return None
        if api:
            if request.META.get("HTTP_AUTHORIZATION", "").startswith("Token "):
                return None  # the token authenticates this request, not the session
            from dxnet.core.api_errors import json_error

            return json_error(403, MESSAGES[state])
        target = reverse("two-factor-verify" if state != ENROL else "two_factor:enrol")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
