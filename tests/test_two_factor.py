"""Two-step sign-in: an authenticator app (TOTP) after the password, recovery codes, a reset by an administrator;
required of national administrators and coordinators when DXNET_REQUIRE_2FA=1 (production's default)."""

import base64
import datetime
import os
import subprocess
import sys

import pyotp
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from dxnet.accounts.models import User
from dxnet.accounts.two_factor.models import RecoveryCode
from dxnet.accounts.two_factor.services import check_second_factor, do_regenerate_recovery_codes
from dxnet.core.models import AuditEntry

from .conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def signed_in(user: User) -> Client:
    """A browser past the password step (the real sign-in page, so the second step is decided as in life)."""
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def give_app(user: User, secret: str = SECRET) -> pyotp.TOTP:
    TOTPDevice.objects.create(user=user, name="app", key=base64.b32decode(secret).hex(), confirmed=True, tolerance=1)
    return pyotp.TOTP(secret)


def two_factor_audit(user: User) -> list[dict]:
    return [e.changes for e in AuditEntry.objects.filter(object_id=str(user.pk)).order_by("pk")
            if "two_factor" in e.changes or "two_factor_recovery_codes" in e.changes]


def test_a_coordinator_without_an_app_must_enrol_before_anything_else_when_required(actors, settings):
    settings.DXNET_REQUIRE_2FA = True
    client = signed_in(actors["coordinator"])
    enrol = reverse("two_factor:enrol")
    for page in (reverse("home"), reverse("agencies:list"), reverse("two-factor-verify"), reverse("accounts:me")):
        response = client.get(page)
        assert response.status_code == 302 and response.url.startswith(enrol), page
    assert client.get(enrol).status_code == 200
    # The API by session is refused with the shared error body; signing out still works.
    response = client.get("/api/v1/agencies/")
    assert response.status_code == 403 and "xác thực hai bước" in response.json()["detail"]
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_an_api_token_is_a_separate_credential_and_keeps_working(actors, settings):
    from dxnet.accounts.services import issue_token

    settings.DXNET_REQUIRE_2FA = True
    key = issue_token(actors["coordinator"], acting_user=actors["national_admin"])
    response = Client().get("/api/v1/agencies/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200


def test_nobody_is_asked_to_enrol_when_the_setting_is_off(actors, settings):
    settings.DXNET_REQUIRE_2FA = False
    assert signed_in(actors["coordinator"]).get(reverse("home")).status_code == 200


def test_a_focal_point_need_not_enrol_even_when_it_is_required(actors, settings):
    settings.DXNET_REQUIRE_2FA = True
    assert signed_in(actors["focal_point"]).get(reverse("home")).status_code == 200
    assert signed_in(actors["national_admin"]).get(reverse("home")).url.startswith(reverse("two_factor:enrol"))


def test_enrolment_binds_the_app_with_a_code_and_shows_ten_recovery_codes_once(actors, settings):
    settings.DXNET_REQUIRE_2FA = True
    coordinator = actors["coordinator"]
    client = signed_in(coordinator)
    page = client.get(reverse("two_factor:enrol")).content.decode()
    key = client.session["two_factor_pending_key"]
    secret = base64.b32encode(bytes.fromhex(key)).decode()
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in page  # typed by hand if no camera
    qr = client.get(reverse("two_factor:qr"))
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.lstrip().startswith(b"<?xml")

    wrong = client.post(reverse("two_factor:enrol"), {"code": "000000" if pyotp.TOTP(secret).now() != "000000"
                                                      else "111111"})
    assert wrong.status_code == 200 and "Mã xác thực không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=coordinator).exists()

    response = client.post(reverse("two_factor:enrol"), {"code": pyotp.TOTP(secret).now(), "next": "/co-quan/"})
    assert response.status_code == 302 and response.url.startswith(reverse("two_factor:overview"))
    shown = client.get(response.url).content.decode()
    codes = [line.split("<code>")[1].split("</code>")[0] for line in shown.split("<li>")[1:] if "<code>" in line]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "<code>" not in client.get(reverse("two_factor:overview")).content.decode()  # shown once
    stored = list(RecoveryCode.objects.filter(user=coordinator).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not any(code.replace("-", "") in h for code in codes for h in stored)
    assert client.get(reverse("home")).status_code == 200
    assert two_factor_audit(coordinator) == [{"two_factor": ["chưa đăng ký", "đã đăng ký"]}]


def test_a_user_with_an_app_is_asked_its_code_after_the_password_and_a_wrong_one_is_refused(actors, settings):
    settings.DXNET_REQUIRE_2FA = False  # having an app is enough to be asked
    app = give_app(actors["focal_point"])
    client = signed_in(actors["focal_point"])
    response = client.get(reverse("plans:my-tasks"))
    assert response.status_code == 302
    assert response.url == f"{reverse('two-factor-verify')}?next=%2Fnhiem-vu%2Fcua-toi%2F"
    assert client.get("/api/v1/agencies/").status_code == 403

    wrong = client.post(reverse("two-factor-verify"), {"code": "12345" + ("6" if app.now() != "123456" else "7")})
    assert wrong.status_code == 200 and "Mã xác thực không đúng hoặc đã hết hạn" in wrong.content.decode()
    TOTPDevice.objects.filter(user=actors["focal_point"]).update(throttling_failure_count=0)

    response = client.post(reverse("two-factor-verify"), {"code": app.now(), "next": "/nhiem-vu/cua-toi/"})
    assert response.status_code == 302 and response.url == "/nhiem-vu/cua-toi/"
    assert client.get(reverse("plans:my-tasks")).status_code == 200
    # The same code cannot open a second session.
    again = signed_in(actors["focal_point"]).post(reverse("two-factor-verify"), {"code": app.now()})
    assert again.status_code == 200 and "Mã xác thực không đúng" in again.content.decode()


def test_a_recovery_code_stands_in_for_the_app_once_only(actors):
    coordinator = actors["coordinator"]
    give_app(coordinator)
    codes = do_regenerate_recovery_codes(coordinator, acting_user=coordinator)
    first = signed_in(coordinator)
    assert first.post(reverse("two-factor-verify"), {"code": codes[3].upper()}).status_code == 302
    assert first.get(reverse("home")).status_code == 200
    again = signed_in(coordinator).post(reverse("two-factor-verify"), {"code": codes[3]})
    assert again.status_code == 200 and "Mã dự phòng không đúng hoặc đã được dùng" in again.content.decode()
    assert RecoveryCode.objects.filter(user=coordinator, used_at__isnull=True).count() == 9
    assert {"two_factor_recovery_codes": ["chưa dùng", "đã dùng một mã, còn 9"]} in two_factor_audit(coordinator)


def test_regenerating_recovery_codes_retires_the_old_ones(actors):
    coordinator = actors["coordinator"]
    give_app(coordinator)
    old = do_regenerate_recovery_codes(coordinator, acting_user=coordinator)
    client = client_for(coordinator)
    client.post(reverse("two-factor-verify"), {"code": old[0]})
    response = client.post(reverse("two_factor:overview"), {"current_password": PASSWORD})
    assert response.status_code == 302
    new = client.get(reverse("two_factor:overview")).content.decode()
    assert new.count("<li><code>") == 10 and old[1] not in new
    assert signed_in(coordinator).post(reverse("two-factor-verify"), {"code": old[1]}).status_code == 200


def test_guessing_codes_is_slowed_down_after_each_wrong_one(actors, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute after the first wrong code, doubling after each
    app = give_app(actors["coordinator"])
    device = TOTPDevice.objects.get(user=actors["coordinator"])
    client = signed_in(actors["coordinator"])

    def seconds_ago(seconds: int) -> None:
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=seconds))

    client.post(reverse("two-factor-verify"), {"code": "khong-phai-ma"})  # a wrong recovery code counts too
    refused = client.post(reverse("two-factor-verify"), {"code": app.now()})  # even the right code, meanwhile
    assert refused.status_code == 200 and "Đã nhập sai mã nhiều lần; hãy chờ 60 giây" in refused.content.decode()
    seconds_ago(61)
    client.post(reverse("two-factor-verify"), {"code": "999999" if app.now() != "999999" else "888888"})
    device.refresh_from_db()
    assert device.throttling_failure_count == 2
    seconds_ago(61)  # the wait has doubled
    assert "hãy chờ" in client.post(reverse("two-factor-verify"), {"code": app.now()}).content.decode()
    assert client.get(reverse("home")).status_code == 302
    seconds_ago(121)
    assert client.post(reverse("two-factor-verify"), {"code": app.now()}).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_an_administrator_in_scope_resets_the_second_factor_and_the_user_enrols_again(actors, settings):
    sibling, coordinator = actors["sibling"], actors["coordinator"]  # the province's DX department, under it
    give_app(sibling)
    do_regenerate_recovery_codes(sibling, acting_user=sibling)
    detail = client_for(coordinator).get(reverse("accounts:detail", args=[sibling.pk])).content.decode()
    assert "Đặt lại xác thực hai bước" in detail
    response = client_for(coordinator).post(reverse("accounts:two-factor-reset", args=[sibling.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=sibling).exists()
    assert not RecoveryCode.objects.filter(user=sibling).exists()
    entry = AuditEntry.objects.filter(object_id=str(sibling.pk)).latest("pk")
    assert entry.changes == {"two_factor": ["đã đăng ký", "đã đặt lại"]} and entry.actor == coordinator
    settings.DXNET_REQUIRE_2FA = True
    assert signed_in(sibling).get(reverse("home")).url.startswith(reverse("two_factor:enrol"))


def test_a_reset_out_of_scope_is_not_found_and_one_without_the_role_is_forbidden(actors):
    target = actors["team_leader"]
    give_app(target)
    reset = reverse("accounts:two-factor-reset", args=[target.pk])
    assert client_for(actors["outsider"]).post(reset).status_code == 404  # Hà Nội's coordinator
    assert client_for(actors["viewer"]).post(reset).status_code == 403
    assert client_for(actors["member"]).post(reset).status_code == 403
    assert TOTPDevice.objects.filter(user=target).exists()
    assert not two_factor_audit(target)


def test_the_demo_accounts_carry_their_published_secrets(db):
    from dxnet.demo import demo_totp_secret, load_demo

    accounts = load_demo()
    entries = AuditEntry.objects.count()
    load_demo()  # twice changes nothing
    assert AuditEntry.objects.count() == entries
    for username, *_ in accounts:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        assert base64.b32encode(device.bin_key).decode() == demo_totp_secret(username)


@pytest.mark.parametrize(("environment", "required"), [
    ({"DXNET_PRODUCTION": "1"}, True), ({}, False), ({"DXNET_PRODUCTION": "1", "DXNET_REQUIRE_2FA": "0"}, False),
    ({"DXNET_REQUIRE_2FA": "1"}, True)])
def test_production_settings_require_two_factor_sign_in(tmp_path, environment, required):
    base = {k: v for k, v in os.environ.items() if k not in ("DXNET_PRODUCTION", "DXNET_REQUIRE_2FA")}
    env = base | {"DXNET_SECRET_KEY": "x" * 50, "DXNET_VAR_DIR": str(tmp_path)} | environment
    done = subprocess.run([sys.executable, "-c", "from dxnet import settings; print(settings.DXNET_REQUIRE_2FA)"],
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() == str(required), done.stderr


def test_an_expired_session_owing_its_code_is_sent_to_sign_in_not_to_the_code(actors):
    import time

    from dxnet.core.middleware import SIGNED_IN_AT

    give_app(actors["coordinator"])
    client = signed_in(actors["coordinator"])
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 13 * 3600  # the session's lifetime runs out before the second step
    session.save()
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_a_code_checked_against_a_stale_copy_of_the_device_is_still_used_once_and_still_counted(actors, settings):
    """Two requests racing each read the device before checking: the check reads it again, locked, so one code
    cannot open two sessions and wrong guesses sent at once are each counted."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # the wait after a wrong code outlasts the test
    coordinator = actors["coordinator"]
    app = give_app(coordinator)
    stale = TOTPDevice.objects.get(user=coordinator)  # as read by a second request at the same moment
    check_second_factor(coordinator, TOTPDevice.objects.get(user=coordinator), app.now())
    with pytest.raises(ValidationError, match="Mã xác thực không đúng"):
        check_second_factor(coordinator, stale, app.now())

    TOTPDevice.objects.filter(user=coordinator).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    stale = TOTPDevice.objects.get(user=coordinator)
    wrong = "000000" if app.now() != "000000" else "111111"
    for _ in range(3):  # three guesses sent together, each request holding the same unthrottled copy
        with pytest.raises(ValidationError):
            check_second_factor(coordinator, stale, wrong)
    assert TOTPDevice.objects.get(pk=stale.pk).throttling_failure_count == 1  # the 2nd and 3rd were refused unread


def test_a_session_owing_enrolment_cannot_replace_an_app_bound_meanwhile(actors, settings):
    """Someone holding a coordinator's password signs in before the owner enrols and keeps the page open; once the
    owner has bound their app, that session owes the app's code and cannot bind its own app over it."""
    settings.DXNET_REQUIRE_2FA = True
    coordinator = actors["coordinator"]
    intruder = signed_in(coordinator)
    intruder.get(reverse("two_factor:enrol"))
    intruders_app = pyotp.TOTP(base64.b32encode(bytes.fromhex(intruder.session["two_factor_pending_key"])).decode())
    give_app(coordinator)  # the owner enrols in their own browser

    response = intruder.post(reverse("two_factor:enrol"), {"code": intruders_app.now()})
    assert response.status_code == 302 and response.url.startswith(reverse("two-factor-verify"))
    assert TOTPDevice.objects.get(user=coordinator).key == base64.b32decode(SECRET).hex()
    assert intruder.get(reverse("home")).url.startswith(reverse("two-factor-verify"))


def test_changing_the_second_factor_asks_the_current_password_again(actors):
    """A session left open (or stolen) cannot bind another app nor take new recovery codes (ASVS 7.5.1)."""
    coordinator = actors["coordinator"]
    app = give_app(coordinator)
    do_regenerate_recovery_codes(coordinator, acting_user=coordinator)
    client = signed_in(coordinator)
    assert client.post(reverse("two-factor-verify"), {"code": app.now()}).status_code == 302

    hashes = set(RecoveryCode.objects.filter(user=coordinator).values_list("code_hash", flat=True))
    for data, message in (({}, "Hãy nhập mật khẩu hiện tại"),
                          ({"current_password": "Mat-khau-doan-2025"}, "Mật khẩu hiện tại không đúng")):
        refused = client.post(reverse("two_factor:overview"), data, follow=True)
        assert message in refused.content.decode() and "<li><code>" not in refused.content.decode()
        assert set(RecoveryCode.objects.filter(user=coordinator).values_list("code_hash", flat=True)) == hashes

    assert 'name="current_password"' in client.get(reverse("two_factor:enrol")).content.decode()
    pending = client.session["two_factor_pending_key"]
    new_app = pyotp.TOTP(base64.b32encode(bytes.fromhex(pending)).decode())
    for password, message in (("", "Hãy nhập mật khẩu hiện tại"),
                              ("Mat-khau-doan-2025", "Mật khẩu hiện tại không đúng")):
        refused = client.post(reverse("two_factor:enrol"), {"current_password": password, "code": new_app.now()})
        assert refused.status_code == 200 and message in refused.content.decode()
        assert TOTPDevice.objects.get(user=coordinator).key == base64.b32decode(SECRET).hex()
    response = client.post(reverse("two_factor:enrol"), {"current_password": PASSWORD, "code": new_app.now()})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=coordinator).key == pending


def test_an_administrator_cannot_reset_their_own_second_factor(actors):
    coordinator = actors["coordinator"]
    client = client_for(coordinator)  # signed in before the app was bound: past the second step
    give_app(coordinator)
    response = client.post(reverse("accounts:two-factor-reset", args=[coordinator.pk]), follow=True)
    assert "Không tự đặt lại được xác thực hai bước của chính mình" in response.content.decode()
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_the_wait_after_wrong_codes_stops_growing_at_about_seventeen_minutes(actors):
    """Whoever holds the password could otherwise shut the owner out of their account for days with a few dozen
    wrong codes; 1,024 s a guess still leaves a million codes out of reach."""
    coordinator = actors["coordinator"]
    app = give_app(coordinator)
    TOTPDevice.objects.filter(user=coordinator).update(
        throttling_failure_count=30, throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=1000))
    client = signed_in(coordinator)
    refused = client.post(reverse("two-factor-verify"), {"code": app.now()})
    assert "hãy chờ 2" in refused.content.decode()  # 24 s left of the 1,024
    TOTPDevice.objects.filter(user=coordinator).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=1025))
    assert client.post(reverse("two-factor-verify"), {"code": app.now()}).status_code == 302
