"""Schemathesis over the whole API, on the WSGI app (no server), as an admin, a purchaser and a
bidder: no answer is a 5xx, and every answer matches the OpenAPI document (status code,
content type, body schema).

The database is seeded so that ids exist (a draft, a submitted, two published and an opened
project, a pending organisation), and half of the generated ids are those. One database per
backend and role serves every operation: calls change the data between examples (a project
gets cancelled, a bid withdrawn), which is fine, every answer must still be a documented one.
Generation is derandomized with a fixed seed. Runs on SQLite, and on PostgreSQL too when
TEST_DATABASE_URL is set (CI). The figures (cases, 5xx, time) are printed at the end;
SCHEMATHESIS_STATUSES=1 also prints the statuses each operation answered.
"""
import os
import time
from datetime import timedelta
from functools import partial

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.security import generate_password_hash

from core import clock as clock_module
from core.accounts import issue_token
from core.extensions import db
from tests import conftest
from tests.conftest import BACKENDS, T0, _truncate_all, build_app
from tests.builders import Make
from tests.builders.trading import evaluation
from trading.tender import operations as ops

ROLES = ("admin", "purchaser", "bidder")
MAX_EXAMPLES = 12
SEEDED_IDS = 5  # projects: 1 draft, 2 submitted, 3 published with a bid, 4 opened, 5 published
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FIGURES = {"cases": 0, "server_errors": 0, "seconds": 0.0}
STATUSES = {}


@pytest.fixture(scope="module")
def report_figures(request):
    """The run's figures, on the terminal: cases sent, 5xx answers, time taken."""
    started = time.perf_counter()
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None or not FIGURES["cases"]:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(f"\nschemathesis: {FIGURES['cases']} cases, {FIGURES['server_errors']} answered 5xx, "
                            f"{time.perf_counter() - started:.0f} s ({FIGURES['seconds']:.0f} s in calls)")
        if os.environ.get("SCHEMATHESIS_STATUSES"):  # which answers each operation gave
            for key, count in sorted(STATUSES.items()):
                reporter.write_line(f"  {key}: {count}")


def _seed(make, clock):
    """A few objects of each kind, so that generated ids find something (ids 1 to SEEDED_IDS)."""
    admin, purchaser = make.admin(), make.purchaser()
    bidders = [make.bidder() for _ in range(3)]
    make.org(status="pending")
    make.project(purchaser, status="draft")
    make.project(purchaser, status="submitted")
    published = make.project(purchaser, admin=admin)
    make.bid(published, bidders[0], "900000.00")
    # An inquiry closing within hours, bid on and opened, so that opening records exist.
    quick = make.project(purchaser, admin=admin, method="inquiry", evaluation=evaluation(panel_size=3),
                         signup_deadline=(T0 + timedelta(hours=1)).isoformat(),
                         bid_deadline=(T0 + timedelta(hours=2)).isoformat())
    for bidder, price in zip(bidders, ("800000.00", "810000.00", "820000.00")):
        make.bid(quick, bidder, price)
    clock.set(T0 + timedelta(hours=3))
    ops.open_bids(admin, quick.id)
    db.session.commit()
    clock.set(T0)
    make.project(purchaser, admin=admin)  # published, nobody signed up yet
    return {"admin": admin, "purchaser": purchaser, "bidder": bidders[0]}


@pytest.fixture(scope="module", params=[(b, r) for b in BACKENDS for r in ROLES], ids="-".join)
def seeded(request, tmp_path_factory):
    """One seeded application per database and role, shared by every operation's examples
    (a fresh one per operation would spend most of the run seeding)."""
    backend, role = request.param
    # Cheap password hashes, as the fast_passwords fixture (which is per test) gives.
    patch = pytest.MonkeyPatch()
    patch.setattr("core.models.generate_password_hash", partial(generate_password_hash, method="pbkdf2:sha256:1"))
    # No minimum response period: the seeded inquiry closes within hours.
    app = build_app(backend, request, tmp_path_factory.mktemp("schemathesis"), MIN_RESPONSE_WORKING_DAYS=0)
    ctx = app.app_context()
    ctx.push()
    clock = conftest.TestClock(T0)
    clock_module.set_source(clock)
    try:
        users = _seed(Make(app), clock)
        token, _ = issue_token(users[role])
        db.session.commit()
    finally:
        clock_module.set_source(None)
    yield app, token
    db.session.remove()
    ctx.pop()
    patch.undo()
    if backend == "postgresql":
        _truncate_all(app)
    else:
        with app.app_context():
            db.engine.dispose()


def _document():
    """The OpenAPI document as served, from an app that only builds it (no database is touched)."""
    from core import create_app
    from tests.conftest import BASE_CONFIG

    app = create_app(BASE_CONFIG | {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return app.test_client().get("/api/v1/openapi.json").get_json()


schema = schemathesis.openapi.from_dict(_document())
schema.config.seed = 20261201  # with derandomize below: the same cases on every run


@schema.hook
def before_generate_path_parameters(context, strategy):
    """Half of the ids are those of the seeded objects (1 to SEEDED_IDS), the others anything."""
    names = [parameter.name for parameter in context.operation.path_parameters]
    seeded = st.fixed_dictionaries({name: st.integers(min_value=1, max_value=SEEDED_IDS) for name in names})
    return st.one_of(seeded, strategy)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_match_the_document_and_never_fail(case, seeded, report_figures):
    app, token = seeded
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    response = case.call(app=app)
    FIGURES["seconds"] += time.perf_counter() - started
    FIGURES["cases"] += 1
    FIGURES["server_errors"] += response.status_code >= 500
    key = f"{case.operation.label} {response.status_code}"
    STATUSES[key] = STATUSES.get(key, 0) + 1
    db.session.expire_all()
    case.validate_response(response, checks=CHECKS)
