"""Test harness: the real migrations build the schema, on SQLite always and on PostgreSQL
when TEST_DATABASE_URL is set (every test using `app` then runs on both)."""
import os
import shutil
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from core import clock as clock_module
from core import create_app
from core.extensions import db
from tests.builders import Make
from tests.builders.core import TEST_PASSWORD, make_uscc  # noqa: F401  (imported by the tests)
from tests.builders.trading import evaluation, project_payload  # noqa: F401  (imported by the tests)


def _compile_url_builders_once():
    """Each test builds its own app, and building an app compiled the URL builder of each of its ~800 rules anew
    (Werkzeug's Rule._compile_builder: two thirds of create_app, a fifth of the suite). A builder is a pure function
    of the rule's text, its parts, its defaults, its converters' kinds and append_unknown, and reaches its rule only
    through its first argument: the tests compile each once."""
    from werkzeug.routing.rules import Rule

    compile_builder, builders = Rule._compile_builder, {}

    def cached(self, append_unknown=True):
        key = (self.rule, tuple(self._trace), repr(sorted((self.defaults or {}).items())), append_unknown,
               tuple((name, type(converter).__name__) for name, converter in self._converters.items()))
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    Rule._compile_builder = cached


_compile_url_builders_once()
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
# A fixed "now": 2026-12-01 09:00 Beijing time.
T0 = datetime(2026, 12, 1, 1, 0, 0, tzinfo=timezone.utc)
BACKENDS = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])

BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    # Tests move the clock by days with a page session open (tests/core/test_security.py sets it).
    "LOGIN_SESSION_HOURS": 0,
    "MIN_BID_DAYS": 20,
    # Tasks run in process after the commit; tests/core/test_worker.py runs a real worker on Redis.
    "TASKS_EAGER": True,
}


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


@pytest.fixture
def make(app):
    return Make(app)


@pytest.fixture
def mall(make):
    """The mall's builders (make.mall), with the standard category tree installed."""
    make.mall.categories()
    return make.mall


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
