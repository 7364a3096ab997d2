"""`make run`'s set-up on a fresh SQLite file: migrate, reference data, demo data; twice changes nothing."""

import sqlite3

from dxnet.accounts.models import Role
from dxnet.demo import DEMO_PASSWORD, demo_totp_secret


def count(site, sql: str) -> int:
    with sqlite3.connect(site.database) as db:
        return db.execute(sql).fetchone()[0]


def test_a_fresh_sqlite_site_holds_the_real_map_and_the_demo_accounts(bootstrapped_site):
    site = bootstrapped_site
    current = "valid_to IS NULL"
    assert count(site, f"SELECT count(*) FROM geo_adminunit WHERE level = 1 AND {current}") == 34
    assert count(site, f"SELECT count(*) FROM geo_adminunit WHERE level = 3 AND {current}") == 3321
    assert count(site, "SELECT count(*) FROM geo_adminunit WHERE successor_id IS NOT NULL") == 63
    assert count(site, "SELECT count(*) FROM agencies_agency WHERE kind = 'commune_pc'") == 3321
    printed = site.outputs[-1]
    assert f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD})" in printed
    usernames = [line.split()[0] for line in printed.splitlines()[1:]]
    assert len(usernames) == count(site, "SELECT count(*) FROM accounts_user") == 10
    assert {"quantri", "dieuphoi.laocai", "daumoi.xa.laocai", "totruong.xa.laocai", "thanhvien.xa.laocai"} \
        <= set(usernames)
    # Every role has an account, and each line says its role and password.
    for role in Role:
        assert any(role.label in line and DEMO_PASSWORD in line for line in printed.splitlines()[1:]), role
    # …and ends with its published TOTP secret: the second step of signing in, from an authenticator app.
    assert all(line.endswith(f"TOTP {demo_totp_secret(line.split()[0])}") for line in printed.splitlines()[1:])


def test_setting_up_twice_changes_nothing(bootstrapped_site):
    site = bootstrapped_site
    before = count(site, "SELECT count(*) FROM core_auditentry")
    site.dxnet("migrate", "--noinput")
    lines = site.dxnet("load_reference").splitlines()
    site.dxnet("load_demo")
    assert lines and all(line.endswith(": 0 mới, 0 cập nhật") for line in lines)
    assert count(site, "SELECT count(*) FROM core_auditentry") == before
