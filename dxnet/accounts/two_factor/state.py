"""Where a signed-in session stands with the second factor, decided once at sign-in and kept in the session.

The gate (`TwoFactorMiddleware`) reads only the session: a page costs no query for it. A session opened before
this module existed has no state yet and is decided on its next request.
"""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from dxnet.accounts.models import Role

SESSION_KEY = "two_factor"
VERIFY, ENROL, DONE = "verify", "enrol", "done"
# Roles that must use a second factor when DXNET_REQUIRE_2FA=1.
REQUIRED_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.COORDINATOR})


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def must_enrol(user) -> bool:
    return settings.DXNET_REQUIRE_2FA and user.role in REQUIRED_ROLES


def state_for(user) -> str:
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return VERIFY
    return ENROL if must_enrol(user) else DONE


def stamp_state(sender, request, user, **kwargs) -> None:
    """Connected to `user_logged_in`: a new password sign-in owes its second factor again."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = state_for(user)


def session_state(request) -> str:
    state = request.session.get(SESSION_KEY)
    if state is None:
        state = request.session[SESSION_KEY] = state_for(request.user)
    return state


def mark_done(request) -> None:
    """The second factor is proven (or a device just enrolled): a new session key, as at any privilege change."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = DONE
