"""Test harness: the real migrations build the schema, on SQLite always and on PostgreSQL
when TEST_DATABASE_URL is set (every test using `app` then runs on both)."""
import os
import shutil
import threading
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from core import clock as clock_module
from core import create_app
from core.auth import SYSTEM
from core.extensions import db
from core.uscc import check_character

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
# A fixed "now": 2026-12-01 09:00 Beijing time.
T0 = datetime(2026, 12, 1, 1, 0, 0, tzinfo=timezone.utc)
BACKENDS = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])
# The password of every test account: it passes the password rules (core.passwords).
TEST_PASSWORD = "Lantern-Harbor-2026"

BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    # Tests move the clock by days with a page session open (tests/core/test_security.py sets it).
    "LOGIN_SESSION_HOURS": 0,
    "MIN_BID_DAYS": 20,
}


def make_uscc(n):
    """A valid USCC for the number n."""
    first17 = "913501" + f"{n:011d}"
    return first17 + check_character(first17)


class TestClock:
    """Frozen time; `set`/`advance` move it. Threads may carry their own time (per_thread)."""

    def __init__(self, start):
        self.current = start
        self.local = threading.local()

    def __call__(self):
        return getattr(self.local, "now", None) or self.current

    def set(self, moment):
        self.current = moment

    def advance(self, **kwargs):
        self.current = self.current + timedelta(**kwargs)

    def set_for_thread(self, moment):
        self.local.now = moment


@pytest.fixture(autouse=True)
def clock():
    test_clock = TestClock(T0)
    clock_module.set_source(test_clock)
    yield test_clock
    clock_module.set_source(None)


def _migrate(uri):
    app = create_app(BASE_CONFIG | {"SQLALCHEMY_DATABASE_URI": uri})
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "template.db"
    _migrate(f"sqlite:///{path}")
    return path


def _worker_database(url):
    """Under pytest-xdist each worker gets its own PostgreSQL database (<name>_gw0, …), created
    on first use next to the one TEST_DATABASE_URL names; without xdist, that one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    server = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_schema():
    if not TEST_DATABASE_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    url = _worker_database(TEST_DATABASE_URL)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    _migrate(url)
    return url


def _truncate_all(app):
    with app.app_context():
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


def build_app(backend, request, tmp_path, **overrides):
    """The application on a fresh copy of the migrated database; `overrides` change its config."""
    config = dict(BASE_CONFIG)
    if backend == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    else:
        config["SQLALCHEMY_DATABASE_URI"] = request.getfixturevalue("postgres_schema")
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_size": 25, "max_overflow": 5}
    return create_app(config | overrides)


@pytest.fixture(params=BACKENDS)
def app(request, tmp_path):
    """The application on a freshly migrated, empty database."""
    application = build_app(request.param, request, tmp_path)
    application.backend = request.param
    ctx = application.app_context()
    ctx.push()
    yield application
    db.session.remove()
    ctx.pop()
    if request.param == "postgresql":
        _truncate_all(application)
    else:
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def limited_app(request, tmp_path):
    """The app with rate limits on (BASE_CONFIG turns them off). Flask-Limiter reads
    RATELIMIT_ENABLED in init_app, so it is set when the app is built; SQLite is enough here."""
    application = build_app("sqlite", request, tmp_path, RATELIMIT_ENABLED=True)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def pg_app(request, tmp_path):
    """The application on PostgreSQL only, for tests of real concurrency."""
    application = build_app("postgresql", request, tmp_path)
    application.backend = "postgresql"
    ctx = application.app_context()
    ctx.push()
    yield application
    db.session.remove()
    ctx.pop()
    _truncate_all(application)


@pytest.fixture
def client(app):
    return app.test_client()


class Api:
    """Calls the JSON API as a given user (bearer token)."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.tokens = {}

    def token(self, user):
        """A cached token, re-issued once the test clock has moved past its expiry."""
        cached = self.tokens.get(user.id)
        if cached is None or cached[1] <= clock_module.now():
            from core.accounts import issue_token

            cached = issue_token(user)
            db.session.commit()
            self.tokens[user.id] = cached
        return cached[0]

    def call(self, method, path, user=None, **kwargs):
        headers = kwargs.pop("headers", {})
        if user is not None:
            headers["Authorization"] = f"Bearer {self.token(user)}"
        response = self.client.open(path, method=method, headers=headers, **kwargs)
        db.session.expire_all()
        return response

    def get(self, path, user=None, **kw):
        return self.call("GET", path, user, **kw)

    def post(self, path, user=None, **kw):
        return self.call("POST", path, user, **kw)

    def put(self, path, user=None, **kw):
        return self.call("PUT", path, user, **kw)

    def patch(self, path, user=None, **kw):
        return self.call("PATCH", path, user, **kw)

    def delete(self, path, user=None, **kw):
        return self.call("DELETE", path, user, **kw)


@pytest.fixture
def api(app):
    return Api(app)


def evaluation(**overrides):
    data = {
        "weights": {"credit": 10, "technical": 50, "commercial": 40},
        "price_method": "lowest",
        "trim": True,
        "technical_criteria": [{"name": "施工方案", "max": 40}, {"name": "质量保证", "max": 60}],
        "panel_size": 5,
        "expert_specialty": "A01",
    }
    data.update(overrides)
    return data


def project_payload(**overrides):
    """A valid open-tender registration, deadlines 25 days after T0."""
    data = {
        "title": "县人民医院门诊楼改造工程",
        "category": "construction",
        "method": "open_tender",
        "budget": "1000000.00",
        "ceiling_price": "950000.00",
        "deposit": "20000.00",
        "signup_deadline": "2026-12-20T17:00:00+08:00",
        "bid_deadline": "2026-12-26T09:30:00+08:00",
        "evaluation": evaluation(),
        "responsible_person": "王工",
    }
    data.update(overrides)
    return data


class Factory:
    """Builders that go through the real operations and commit."""

    def __init__(self, app):
        self.app = app
        self.counter = 0

    def _next(self):
        self.counter += 1
        return self.counter

    def org(self, kind="bidder", name=None, status="approved", **fields):
        from core.models import Organization

        n = self._next()
        org = Organization(name=name or f"测试{kind}单位{n}", uscc=make_uscc(n), kind=kind, status=status,
                           created_at=clock_module.now(), **fields)
        db.session.add(org)
        db.session.commit()
        return org

    def user(self, role, org=None, username=None, password=TEST_PASSWORD, **kwargs):
        from core.accounts import create_user

        if org is None and role in ("purchaser", "bidder"):
            org = self.org(role)
        user = create_user(SYSTEM, username or f"{role}{self._next()}", password, role,
                           org.id if org else None, **kwargs)
        db.session.commit()
        return user

    def admin(self):
        return self.user("admin")

    def supervisor(self):
        return self.user("supervisor")

    def purchaser(self, org=None):
        return self.user("purchaser", org)

    def bidder(self, name=None, **org_fields):
        return self.user("bidder", self.org("bidder", name=name, **org_fields))

    def expert(self, specialty="A01", employer_uscc=None, name=None):
        """An expert account of the pool (returns the user; its profile is `user.expert`)."""
        n = self._next()
        return self.user("expert", expert={"name": name or f"专家{n}", "specialties": [specialty],
                                           "employer_uscc": employer_uscc})

    def experts(self, count, specialty="A01"):
        return [self.expert(specialty) for _ in range(count)]

    def project(self, purchaser=None, status="published", admin=None, bids=(), **overrides):
        """A project brought to `status` through the real operations: draft, submitted, published,
        cancelled, opened or failed. `bids` are prices, each from a new bidder (published and
        later); opened and failed projects are opened at their bid deadline, the clock restored."""
        from trading.tender import operations as ops
        from trading.tender.schemas import ProjectIn

        purchaser = purchaser or self.purchaser()
        admin = admin or (self.admin() if status not in ("draft", "submitted") else None)
        project = ops.create_project(purchaser, ProjectIn().load(project_payload(**overrides)))
        if status != "draft":
            ops.submit_project(purchaser, project.id)
        if status not in ("draft", "submitted"):
            ops.publish_project(admin, project.id)
        db.session.commit()
        for price in bids:
            self.bid(project, self.bidder(), price)
        if status == "cancelled":
            ops.cancel_project(admin, project.id, "需求变更")
        elif status in ("opened", "failed"):
            with clock_module.frozen_at(project.bid_deadline):
                ops.open_bids(admin, project.id)
            assert project.status == status, f"{len(bids)} bids make the project {project.status}, not {status}"
        db.session.commit()
        return project

    def bid(self, project, bidder, price, proposal="技术方案", documents=()):
        from trading.tender import operations as ops

        if ops.my_signup(bidder, project) is None:
            ops.sign_up(bidder, project.id)
        bid = ops.submit_bid(bidder, project.id, Decimal(price), proposal, documents)
        db.session.commit()
        return bid


@pytest.fixture
def make(app):
    return Factory(app)


@pytest.fixture
def fast_passwords(monkeypatch):
    """Cheap password hashes for tests that create many users (the default scrypt costs ~0.15 s)."""
    from functools import partial

    from werkzeug.security import generate_password_hash

    monkeypatch.setattr("core.models.generate_password_hash",
                        partial(generate_password_hash, method="pbkdf2:sha256:1"))


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Compile the .po catalogues (the .mo files are not in git): pages render in Chinese by default."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in (Path(__file__).parent.parent / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=True)


@pytest.fixture
def login(app):
    """login(user) -> a test client with that user's page session (password TEST_PASSWORD)."""

    def log_in(user):
        client = app.test_client()
        response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return log_in


def error_of(response):
    """(HTTP status, error code) of an API error response."""
    return response.status_code, response.json["error"]["code"]
