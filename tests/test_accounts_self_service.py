"""“Tài khoản của tôi”: everyone sees their own account, takes a new API token (shown once) and changes their own
password knowing the current one; the password rules hold at every door; API tokens expire."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dxnet.accounts.services import issue_token
from dxnet.core.models import AuditEntry

from .conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

NEW = "Mot-mat-khau-moi-2026"


def test_my_account_page_shows_who_i_am_and_my_token(actors):
    me = actors["focal_point"]
    issue_token(me, acting_user=me)
    page = client_for(me).get(reverse("accounts:me")).content.decode()
    assert "Tài khoản của tôi" in page and me.username in page and me.get_role_display() in page
    assert str(me.agency) in page and "còn hiệu lực đến ngày" in page
    assert Token.objects.get(user=me).key not in page  # a token is shown once, when it is issued


def test_the_header_links_to_my_account(actors):
    page = client_for(actors["viewer"]).get(reverse("home")).content.decode()
    assert f'href="{reverse("accounts:me")}"' in page


def test_a_new_token_is_shown_once_and_the_old_one_stops_working(actors):
    me = actors["member"]
    old = issue_token(me, acting_user=me)
    response = client_for(me).post(reverse("accounts:me-token"))
    new = Token.objects.get(user=me).key
    assert new != old and new in response.content.decode() and response["Cache-Control"] == "no-store"
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api.get("/api/v1/agencies/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {new}")
    assert api.get("/api/v1/agencies/").status_code == 200
    assert new not in client_for(me).get(reverse("accounts:me-token")).content.decode()
    assert AuditEntry.objects.for_object(me)[0].changes == {"api_token": [None, "đã cấp"]}


def test_i_change_my_password_and_my_other_sessions_and_token_end(actors):
    me = actors["coordinator"]
    issue_token(me, acting_user=me)
    here, elsewhere = client_for(me), client_for(me)
    response = here.post(reverse("accounts:me-password"),
                         {"current_password": PASSWORD, "password1": NEW, "password2": NEW})
    assert response.status_code == 302 and response.url == reverse("accounts:me")
    me.refresh_from_db()
    assert me.check_password(NEW)
    assert here.get(reverse("accounts:me")).status_code == 200
    assert elsewhere.get(reverse("accounts:me")).status_code == 302  # back to sign in
    assert not Token.objects.filter(user=me).exists()
    changed = [set(entry.changes) for entry in AuditEntry.objects.for_object(me)[:2]]
    assert changed == [{"api_token"}, {"password"}]
    assert AuditEntry.objects.for_object(me)[1].actor == me
    # The page hands the service the signed-in user (a lazy object): the history says "changed", never the hash.
    assert me.password.split("$")[-1] not in str(AuditEntry.objects.for_object(me)[1].changes)


@pytest.mark.parametrize("data, message", [
    ({"current_password": "sai-mat-khau", "password1": NEW, "password2": NEW}, "Mật khẩu hiện tại không đúng."),
    ({"current_password": PASSWORD, "password1": NEW, "password2": NEW + "x"}, "Hai lần nhập mật khẩu không khớp."),
    ({"current_password": PASSWORD, "password1": "dieuphoi", "password2": "dieuphoi"}, "Mật khẩu quá ngắn"),
    ({"current_password": PASSWORD, "password1": "dieuphoi.laocai", "password2": "dieuphoi.laocai"},
     "Mật khẩu quá giống tên đăng nhập."),
    ({"current_password": PASSWORD, "password1": "password123", "password2": "password123"},
     "Mật khẩu quá phổ biến"),
])
def test_a_bad_password_change_is_refused_in_vietnamese(data, message, actors):
    me = actors["coordinator"]
    me.username = "dieuphoi.laocai"
    me.save()
    response = client_for(me).post(reverse("accounts:me-password"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    me.refresh_from_db()
    assert me.check_password(PASSWORD)


def test_the_administrators_password_page_refuses_the_username_and_common_passwords(coordinator, actors):
    account = actors["focal_point"]  # daumoi.xa
    for password, message in [("daumoi.xa1", "Mật khẩu quá giống tên đăng nhập."),
                              ("password123", "Mật khẩu quá phổ biến")]:
        response = client_for(coordinator).post(reverse("accounts:password", args=[account.pk]),
                                                {"password1": password, "password2": password})
        assert response.status_code == 200 and message in response.content.decode()
    from dxnet.demo import DEMO_PASSWORD  # the published demo password still passes every rule

    response = client_for(coordinator).post(reverse("accounts:password", args=[account.pk]),
                                            {"password1": DEMO_PASSWORD, "password2": DEMO_PASSWORD})
    assert response.status_code == 302


def test_the_command_line_refuses_a_password_equal_to_the_username(actors, monkeypatch):
    from io import StringIO

    from django.core.management import CommandError, call_command

    monkeypatch.setattr("sys.stdin", StringIO("daumoi.batxat1\ndaumoi.batxat1\n"))
    with pytest.raises(CommandError, match="Mật khẩu quá giống tên đăng nhập."):
        call_command("adduser", "daumoi.batxat1", agency="ubnd-tinh-15", role="focal_point", stdout=StringIO())


def test_an_expired_token_is_refused_with_a_vietnamese_401_and_a_new_one_works(actors, settings):
    me = actors["focal_point"]
    key = issue_token(me, acting_user=me)
    Token.objects.filter(key=key).update(created=timezone.now() - datetime.timedelta(days=settings.DXNET_TOKEN_DAYS))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/v1/agencies/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Mã truy cập API đã hết hạn; hãy cấp mã mới ở trang “Tài khoản của tôi”.",
                               "code": "not_authenticated", "errors": {}}
    page = client_for(me).get(reverse("accounts:me")).content.decode()
    assert "Đã hết hạn ngày" in page
    fresh = issue_token(me, acting_user=None)  # `dxnet token` replaces an expired token
    assert fresh != key
    api.credentials(HTTP_AUTHORIZATION=f"Token {fresh}")
    assert api.get("/api/v1/agencies/").status_code == 200


TODAY = datetime.date(2027, 3, 1)


def at(day: datetime.date, days_before: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day - datetime.timedelta(days=days_before),
                                                         datetime.time(9)))


def set_times(user, joined_days_ago: int, login_days_ago: int | None = None, token_days_ago: int | None = None):
    from dxnet.accounts.models import User

    User.objects.filter(pk=user.pk).update(
        date_joined=at(TODAY, joined_days_ago),
        last_login=None if login_days_ago is None else at(TODAY, login_days_ago),
        last_token_use=None if token_days_ago is None else at(TODAY, token_days_ago))


def test_the_daily_job_locks_accounts_unused_for_45_days_and_revokes_their_token(actors):
    from io import StringIO

    from django.core.management import call_command

    idle, api_user, newcomer, stranger, admin = (actors[name] for name in (
        "focal_point", "team_leader", "member", "viewer", "national_admin"))
    issue_token(idle, acting_user=None)
    set_times(idle, joined_days_ago=400, login_days_ago=46)
    set_times(api_user, joined_days_ago=400, login_days_ago=200, token_days_ago=44)  # the API counts as activity
    set_times(newcomer, joined_days_ago=44)  # never signed in: counted from the day the account was made
    set_times(stranger, joined_days_ago=46)
    set_times(admin, joined_days_ago=400, login_days_ago=300)  # national administrators are never locked by time
    for name in ("coordinator", "sibling", "outsider"):
        set_times(actors[name], joined_days_ago=400, login_days_ago=45)  # 45 days ago this morning: still active

    call_command("notify", "--date", TODAY.isoformat(), "--only", "accounts", stdout=StringIO())

    locked = {user.username for user in type(idle).objects.filter(is_active=False)}
    assert locked == {idle.username, stranger.username}
    assert not Token.objects.filter(user=idle).exists()
    entries = AuditEntry.objects.for_object(idle)
    assert entries[0].changes == {"api_token": ["đã cấp", "đã thu hồi"]} and entries[1].changes == {
        "is_active": [True, False]} and entries[1].actor is None


def test_token_use_is_recorded_at_most_once_an_hour(actors):
    from dxnet.accounts.models import User

    me = actors["member"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(me, acting_user=me)}")
    half_an_hour_ago = timezone.now() - datetime.timedelta(minutes=30)
    User.objects.filter(pk=me.pk).update(last_token_use=half_an_hour_ago)
    assert api.get("/api/v1/agencies/").status_code == 200
    assert User.objects.get(pk=me.pk).last_token_use == half_an_hour_ago  # no write for each request
    User.objects.filter(pk=me.pk).update(last_token_use=timezone.now() - datetime.timedelta(minutes=61))
    api.get("/api/v1/agencies/")
    assert timezone.now() - User.objects.get(pk=me.pk).last_token_use < datetime.timedelta(minutes=1)


def test_guessing_the_current_password_is_locked_out_as_on_the_sign_in_page(actors):
    from django.test import Client

    me = actors["team_leader"]
    client = Client(REMOTE_ADDR="203.0.113.11")
    client.force_login(me)
    wrong = {"current_password": "doan-thu-2025", "password1": NEW, "password2": NEW}
    for _ in range(4):
        assert "Mật khẩu hiện tại không đúng." in client.post(reverse("accounts:me-password"), wrong).content.decode()
    assert client.post(reverse("accounts:me-password"), wrong).status_code == 429  # the fifth: axes' lockout
    right = client.post(reverse("accounts:me-password"), {**wrong, "current_password": PASSWORD})
    assert right.status_code == 429 and "tạm bị khóa" in right.content.decode()
    me.refresh_from_db()
    assert me.check_password(PASSWORD)


def test_the_administrators_reset_page_cannot_set_ones_own_password_without_the_current_one(actors):
    """The administrator's “Đặt lại mật khẩu” is for others: on one's own account it would skip the current password
    that “Tài khoản của tôi” asks (a session left open would take the account)."""
    coordinator = actors["coordinator"]
    client = client_for(coordinator)
    assert reverse("accounts:password", args=[coordinator.pk]) not in \
        client.get(reverse("accounts:detail", args=[coordinator.pk])).content.decode()
    refused = client.post(reverse("accounts:password", args=[coordinator.pk]), {"password1": NEW, "password2": NEW})
    assert refused.status_code in (200, 403)
    assert "Đổi mật khẩu của chính mình ở trang “Tài khoản của tôi”" in refused.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.check_password(PASSWORD) and not coordinator.check_password(NEW)
