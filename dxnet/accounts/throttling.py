"""Rate limits: failed sign-ins per address across usernames, and API requests per account and per anonymous address.

django-axes locks a (username, address) pair after AXES_FAILURE_LIMIT failures; that does not stop one address
trying one password on many usernames. The address count here does, without touching the sign-in view: failures are
counted from Django's `user_login_failed` signal (whatever view signs people in), and a POST to the sign-in page
from an address over the limit is answered 429 before any view runs. An address is what axes takes it to be
(`axes.helpers.get_client_ip_address`, which asks `client_address` below), so both limits agree behind a proxy.

All limits are read from the settings at each request, so tests and load tests raise them from the environment.
"""

import ipaddress

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse
from rest_framework import throttling


def _ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The address of whoever asks (AXES_CLIENT_IP_CALLABLE). Behind the reverse proxy (DXNET_BEHIND_PROXY=1, nginx
    on this machine as in deploy/) every request arrives from loopback, so the client is the last X-Forwarded-For
    entry, the one the proxy wrote; from any other peer the header is the sender's own invention and is ignored."""
    peer = _ip(request.META.get("REMOTE_ADDR", ""))
    if peer and settings.DXNET_BEHIND_PROXY and ipaddress.ip_address(peer).is_loopback:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded and (client := _ip(forwarded.rsplit(",", 1)[-1])):
            return client
    return peer


def counted_address(request) -> str | None:
    """The address a limit counts: the client's, or for IPv6 its /64, which one subscriber holds whole and may take a
    new address from for every attempt."""
    address = get_client_ip_address(request)
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or None
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped:  # an IPv4 client seen through a dual-stack socket
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def _failures_key(address: str) -> str:
    return f"dxnet:sign-in-failures:{address}"


def _window_seconds() -> int:
    return settings.DXNET_SIGN_IN_WINDOW_MINUTES * 60


def count_failed_sign_in(sender, credentials=None, request=None, **kwargs) -> None:
    """Connected to `user_login_failed`: one more failure from this address within the window."""
    address = counted_address(request) if request is not None else None
    if not address:
        return
    key = _failures_key(address)
    cache.add(key, 0, timeout=_window_seconds())  # the window starts at the first failure
    try:
        cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, timeout=_window_seconds())


def sign_in_failures(address: str) -> int:
    return cache.get(_failures_key(address), 0)


class SignInThrottleMiddleware:
    """A sign-in attempt from an address with DXNET_SIGN_IN_FAILURES_PER_ADDRESS failures in the last
    DXNET_SIGN_IN_WINDOW_MINUTES gets a 429 page, whichever username it tries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DXNET_SIGN_IN_FAILURES_PER_ADDRESS
        if limit and request.method == "POST" and request.path == reverse(settings.LOGIN_URL):
            address = counted_address(request)
            if address and sign_in_failures(address) >= limit:
                minutes = settings.DXNET_SIGN_IN_WINDOW_MINUTES
                response = render(request, "accounts/too_many_sign_ins.html", {"minutes": minutes}, status=429)
                response["Retry-After"] = str(minutes * 60)
                return response
        return self.get_response(request)


class AddressMixin:
    def get_ident(self, request):
        return counted_address(request) or super().get_ident(request)


class AccountRateThrottle(AddressMixin, throttling.UserRateThrottle):
    """DXNET_API_RATE per signed-in account (by token or session); an empty value lifts the limit."""

    def get_rate(self):
        return settings.DXNET_API_RATE or None


class AnonymousRateThrottle(AddressMixin, throttling.AnonRateThrottle):
    """DXNET_API_ANON_RATE per address for requests without an account (open data; a wrong token is refused before)."""

    def get_rate(self):
        return settings.DXNET_API_ANON_RATE or None
