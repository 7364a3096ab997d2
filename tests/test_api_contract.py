"""The API keeps its published contract (issue 17): Schemathesis reads /api/v1/schema/ from a live site with the demo
data and sends generated requests, valid and invalid, to every operation, as a national admin and as a commune focal
point (API tokens). Each answer must not be a server error, must have a documented status, content type and body,
invalid data must be refused and a request without its token must not succeed.

The seed is fixed and the examples per operation bounded: the run is repeatable and takes a few minutes. The national
admin also goes through Schemathesis' coverage phase (every boundary of every parameter and body field, ~10,800
deterministic cases, ~1.5 minutes). The number of operations and generated cases is printed at the end of the run
(CI's log).
"""

import json
import os
import time
import urllib.request
import uuid
from collections import Counter

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from .e2e.conftest import Site, running_site

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance,
          negative_data_rejection, ignored_auth]
SEED = 1690
MAX_EXAMPLES = int(os.environ.get("DXNET_API_CONTRACT_EXAMPLES", 15))
ACCOUNTS = {"admin": "quantri", "focal_point": "daumoi.xa.laocai"}  # dxnet/demo.py
BOUNDARIES = "admin, coverage"

cases: Counter = Counter()
operations: dict[str, set] = {}


def site_database(home):
    """The site's database on the suite's own engine: the schema the site serves must be the one built here, and an
    integer's range in it is the engine's (a PostgreSQL database of its own, dropped after; else SQLite)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{home / 'dxnet.sqlite3'}"
        return
    import psycopg

    base, name = url.rsplit("/", 1)[0], f"dxnet_api_site_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:  # also when the site never started (the generator is closed)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def api_site(tmp_path_factory, request):
    """A site as `make run` builds it (demo data), served by a real process with the API's rate limits lifted: the
    generated requests come far faster than an integrator's."""
    home = tmp_path_factory.mktemp("api-site")
    database = site_database(home)
    env = {**os.environ, "DATABASE_URL": next(database), "DXNET_VAR_DIR": str(home),
           "DXNET_DEBUG": "0", "DXNET_API_RATE": "", "DXNET_API_ANON_RATE": ""}
    site = Site(home, env, [])
    for command in (["migrate", "--noinput"], ["load_reference"], ["load_demo"]):
        site.dxnet(*command)
    tokens = {who: site.dxnet("token", username).strip().splitlines()[-1] for who, username in ACCOUNTS.items()}
    with running_site(env) as url:
        started = time.monotonic()
        yield url, tokens
    next(database, None)  # dropped
    plugins = request.config.pluginmanager
    with plugins.get_plugin("capturemanager").global_and_fixture_disabled():  # in CI's log, passed or not
        reporter = plugins.get_plugin("terminalreporter")
        reporter.write_line("")
        for who in (*ACCOUNTS, BOUNDARIES):
            bound = "mọi biên của mọi tham số" if who == BOUNDARIES else f"tối đa {MAX_EXAMPLES} ví dụ mỗi thao tác"
            reporter.write_line(f"Schemathesis ({who}): {len(operations.get(who, ()))} thao tác, {cases[who]} ca "
                                f"kiểm thử sinh ra ({cases[who, 'positive']} dữ liệu hợp lệ, "
                                f"{cases[who, 'negative']} không hợp lệ), seed {SEED}, {bound}.")
        reporter.write_line(f"Schemathesis: {time.monotonic() - started:.0f} giây.")


def _published_schema() -> dict:
    """The schema /api/v1/schema/ serves, generated in this process: the tests are collected, one per operation,
    before the live site exists (the site is checked to serve the same)."""
    from drf_spectacular.generators import SchemaGenerator

    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))


SCHEMA = _published_schema()
schema = schemathesis.openapi.from_dict(SCHEMA, config=SchemathesisConfig(seed=SEED))
schema.config.generation.update(max_examples=MAX_EXAMPLES, database="none", no_shrink=True)
schema.config.phases.coverage.enabled = False  # examples and fuzzing, valid and invalid data: `boundaries` below
# The coverage phase alone: every boundary of every parameter and body field (a number for a text, 0 for false, a
# string one character too short…), about 10,000 deterministic cases, for the national admin only: the focal point's
# answers to them are mostly its 403s and 404s, which the fuzzing proves already.
boundaries = schemathesis.openapi.from_dict(SCHEMA, config=SchemathesisConfig(seed=SEED))
boundaries.config.generation.update(database="none", no_shrink=True)
boundaries.config.phases.examples.enabled = boundaries.config.phases.fuzzing.enabled = False
boundaries.config.phases.coverage.enabled = True


@pytest.fixture(scope="module")
def served(api_site):
    url, tokens = api_site
    with urllib.request.urlopen(urllib.request.Request(f"{url}/api/v1/schema/?format=json", headers={
            "Authorization": f"Token {tokens['admin']}"}), timeout=60) as answer:
        assert json.load(answer) == SCHEMA
    return api_site


def _check(who: str, case, served, account: str | None = None) -> None:
    url, tokens = served
    cases[who] += 1
    cases[who, case.meta.generation.mode.value] += 1
    operations.setdefault(who, set()).add(case.operation.label)
    case.call_and_validate(base_url=url, headers={"Authorization": f"Token {tokens[account or who]}"}, checks=CHECKS)


@schema.parametrize()
def test_the_api_keeps_its_contract_for_a_national_admin(case, served):
    _check("admin", case, served)


@schema.parametrize()
def test_the_api_keeps_its_contract_for_a_commune_focal_point(case, served):
    _check("focal_point", case, served)


@boundaries.parametrize()
def test_the_api_keeps_its_contract_at_every_boundary_for_a_national_admin(case, served):
    _check(BOUNDARIES, case, served, account="admin")
