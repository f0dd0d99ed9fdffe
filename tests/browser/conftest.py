"""Browser tests: Playwright drives Debian's Chromium (headless) against the app served on loopback, on
PostgreSQL when TEST_DATABASE_URL is set (CI) and on SQLite otherwise. Every page a journey passes is looked
at as a person would see it (tests/browser/looks.py) and saved as a screenshot under BROWSER_SHOTS."""
import logging
import os
import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from core.extensions import db
from tests.browser.looks import Looks
from tests.conftest import TEST_DATABASE_URL, TEST_PASSWORD, _truncate_all, build_app

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(os.environ.get("BROWSER_SHOTS") or Path(__file__).resolve().parents[2] / "test-artifacts" / "browser")


logging.getLogger("werkzeug").setLevel(logging.WARNING)


def pytest_report_header(config):
    return f"browser tests: {CHROMIUM}; screenshots in {SHOTS}"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (`make test` installs it). Without it the browser tests are skipped, unless
    REQUIRE_BROWSER is set (.ci/run sets it): CI never passes without them."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does)")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def app(request, tmp_path):
    """The application, on one database (PostgreSQL in CI), served to the browser on a loopback port."""
    backend = "postgresql" if TEST_DATABASE_URL else "sqlite"
    application = build_app(backend, request, tmp_path)
    application.backend = backend
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    application.base_url = f"http://127.0.0.1:{server.server_port}"
    ctx = application.app_context()
    ctx.push()
    yield application
    server.shutdown()
    db.session.remove()
    ctx.pop()
    if backend == "postgresql":
        _truncate_all(application)
    else:
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def visit(app, browser, request):
    """visit(user=None, lang="zh") -> a page (a new browser context) logged in as `user`, and its Looks."""
    contexts = []
    folder = SHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)

    def open_as(user=None, lang=None):
        db.session.commit()  # what the test built is visible to the server's threads
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                      base_url=app.base_url)
        context.set_default_timeout(15000)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        looks = Looks(page, folder, prefix=(user.username if user else "visitor"))
        if user is not None:
            page.goto("/login")
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", TEST_PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_load_state()
            assert "/login" not in page.url, f"{user.username} could not log in"
        if lang:
            page.goto(f"/?lang={lang}")
        return page, looks

    yield open_as
    for context in contexts:
        context.close()
