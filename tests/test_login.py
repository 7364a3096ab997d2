import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"  # documentation addresses: only WSGI environ values, no traffic
OFFICE = "198.51.100.20"


def login(username: str, password: str, address: str):
    return Client(REMOTE_ADDR=address).post(reverse("login"), {"username": username, "password": password})


def test_a_valid_login_opens_the_home_page(coordinator):
    response = login(coordinator.username, PASSWORD, OFFICE)
    assert response.status_code == 302 and response.url == reverse("home")


def test_a_wrong_password_is_told_in_vietnamese(coordinator):
    response = login(coordinator.username, "sai-mat-khau", OFFICE)
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_five_failures_lock_the_username_from_that_address_only(coordinator):
    for _ in range(5):
        login(coordinator.username, "sai-mat-khau", ATTACKER)
    locked = login(coordinator.username, PASSWORD, ATTACKER)
    assert locked.status_code == 429
    assert "tạm bị khóa" in locked.content.decode()
    assert login(coordinator.username, PASSWORD, OFFICE).status_code == 302


def test_failures_on_one_username_do_not_lock_out_others(actors):
    for _ in range(6):
        login("dieuphoi", "sai-mat-khau", ATTACKER)
    assert login("xem", PASSWORD, ATTACKER).status_code == 302


def test_passwords_are_stored_with_argon2id_and_older_hashes_move_to_it_at_sign_in(coordinator, settings):
    from dxnet import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # the suite hashes with MD5 for speed
    coordinator.password = make_password(PASSWORD, hasher="pbkdf2_sha256")  # stored before Argon2id
    coordinator.save()
    assert login(coordinator.username, PASSWORD, OFFICE).status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert login(coordinator.username, PASSWORD, OFFICE).status_code == 302
    assert login(coordinator.username, "sai-mat-khau", OFFICE).status_code == 200
