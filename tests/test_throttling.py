"""Rate limits: one address guessing across many usernames, and the API per account and per anonymous address,
answered 429 in Vietnamese (the API in the shared error body) with Retry-After."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from dxnet.accounts.services import issue_token

from .conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.9"  # documentation addresses: only WSGI environ values, no traffic
OFFICE = "198.51.100.21"


@pytest.fixture(autouse=True)
def documented_rates(settings):
    """The documented defaults (the suite raises them in conftest), on an empty cache."""
    settings.DXNET_SIGN_IN_FAILURES_PER_ADDRESS, settings.DXNET_SIGN_IN_WINDOW_MINUTES = 20, 15
    settings.DXNET_API_RATE, settings.DXNET_API_ANON_RATE = "600/min", "60/min"
    cache.clear()
    yield
    cache.clear()


def sign_in(username: str, password: str, address: str):
    return Client(REMOTE_ADDR=address).post(reverse("login"), {"username": username, "password": password})


def test_one_address_trying_many_usernames_is_stopped_after_20_failures(actors):
    for number in range(19):  # one guess each: axes, per username and address, never locks
        assert sign_in(f"nguoi.dung.{number}", "Mat-khau-doan-2025", ATTACKER).status_code == 200
    assert sign_in("xem", PASSWORD, ATTACKER).status_code == 302  # 19: still free (a success resets nothing)
    sign_in("nguoi.dung.19", "Mat-khau-doan-2025", ATTACKER)
    refused = sign_in("dieuphoi", PASSWORD, ATTACKER)  # even the right password of a real account
    assert refused.status_code == 429 and refused["Retry-After"] == "900"
    assert "Quá nhiều lần đăng nhập sai từ địa chỉ mạng của bạn" in refused.content.decode()
    assert sign_in("dieuphoi", PASSWORD, OFFICE).status_code == 302  # other addresses sign in as usual


def test_an_account_over_its_api_rate_gets_a_429_in_the_shared_error_body(actors, settings):
    settings.DXNET_API_RATE = "3/min"
    api = client_for(None)
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(actors['viewer'], acting_user=None)}")
    assert [api.get("/api/v1/agencies/").status_code for _ in range(3)] == [200, 200, 200]
    response = api.get("/api/v1/agencies/")
    assert response.status_code == 429 and 1 <= int(response["Retry-After"]) <= 60
    body = response.json()
    assert body == {"detail": f"Bạn gửi quá nhiều yêu cầu; hãy thử lại sau {int(response['Retry-After'])} giây.",
                    "code": "throttled", "errors": {}}
    assert client_for(actors["coordinator"]).get("/api/v1/agencies/").status_code == 200  # each account its own
    settings.DXNET_API_RATE = ""  # as for a load test: no limit
    assert api.get("/api/v1/agencies/").status_code == 200


def test_anonymous_api_requests_are_limited_per_address(db, settings):
    settings.DXNET_API_ANON_RATE = "2/min"
    here, there = client_for(None), client_for(None)
    there.defaults["REMOTE_ADDR"] = OFFICE
    assert [here.get("/api/v1/open-data/").status_code for _ in range(3)] == [200, 200, 429]
    assert here.get("/api/v1/open-data/").json()["code"] == "throttled"
    assert there.get("/api/v1/open-data/").status_code == 200


def test_behind_the_proxy_each_client_is_counted_at_the_address_the_proxy_forwards(actors, settings):
    """nginx (deploy/nginx) reaches the application from 127.0.0.1 for every client: the limits must count the
    client's address it forwards, or 20 wrong passwords from anyone would stop everyone's sign-in. A forged
    X-Forwarded-For sent from elsewhere than the proxy counts for nothing."""
    settings.DXNET_BEHIND_PROXY = True

    def via_proxy(username: str, password: str, forwarded_for: str):
        client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
        return client.post(reverse("login"), {"username": username, "password": password})

    for number in range(20):
        assert via_proxy(f"nguoi.dung.{number}", "Mat-khau-doan-2025", ATTACKER).status_code == 200
    assert via_proxy("dieuphoi", PASSWORD, ATTACKER).status_code == 429
    assert via_proxy("dieuphoi", PASSWORD, OFFICE).status_code == 302  # the office behind the same proxy signs in
    # The client's own header comes first when a proxy appends: the address nginx wrote last is the one counted.
    assert via_proxy("dieuphoi", PASSWORD, f"{OFFICE}, {ATTACKER}").status_code == 429
    # Straight to the application (not from the proxy), the header is the sender's invention.
    direct = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=OFFICE)
    assert direct.post(reverse("login"), {"username": "dieuphoi", "password": PASSWORD}).status_code == 429


def test_without_the_proxy_setting_a_forwarded_address_is_never_believed(actors, settings):
    settings.DXNET_BEHIND_PROXY = False
    for number in range(20):
        Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}").post(
            reverse("login"), {"username": f"nguoi.dung.{number}", "password": "Mat-khau-doan-2025"})
    refused = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=OFFICE).post(
        reverse("login"), {"username": "dieuphoi", "password": PASSWORD})
    assert refused.status_code == 429


def test_an_ipv6_client_changing_address_within_its_own_network_is_still_one_address(actors):
    """An IPv6 subscriber holds a whole /64 and can take a new address for each guess; the limit counts the /64."""
    for number in range(20):
        sign_in(f"nguoi.dung.{number}", "Mat-khau-doan-2025", f"2001:db8:1:2::{number + 1:x}")
    assert sign_in("dieuphoi", PASSWORD, "2001:db8:1:2:ffff::9").status_code == 429
    assert sign_in("dieuphoi", PASSWORD, "2001:db8:1:3::1").status_code == 302  # the next network is someone else


def test_anonymous_api_requests_from_one_ipv6_network_share_their_limit(db, settings):
    settings.DXNET_API_ANON_RATE = "2/min"
    statuses = [client_for(None) for _ in range(3)]
    for number, client in enumerate(statuses):
        client.defaults["REMOTE_ADDR"] = f"2001:db8:1:2::{number + 1}"
    assert [client.get("/api/v1/open-data/").status_code for client in statuses] == [200, 200, 429]
