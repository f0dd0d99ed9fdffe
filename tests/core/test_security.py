"""Security: response headers, required secrets, server-side sessions and token revocation,
password changes and rules, and login throttling (domain.md, "Accounts and security")."""
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.auth import SYSTEM
from core import create_app, security
from core.accounts import create_user
from core.extensions import db
from core.models import ApiToken, Event, LoginSession, User
from core.passwords import password_problems
from tests.conftest import build_app
from tests.builders.core import TEST_PASSWORD

pytestmark = pytest.mark.usefixtures("fast_passwords")

NEW_PASSWORD = "Copper-Kettle-Morning-88"
CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def app_with(request, tmp_path, name, **overrides):
    """A separate SQLite application with some configuration changed."""
    (tmp_path / name).mkdir()
    return build_app("sqlite", request, tmp_path / name, **overrides)


def new_token(client, username, password=TEST_PASSWORD, **kwargs):
    response = client.post("/api/v1/auth/tokens", json={"username": username, "password": password}, **kwargs)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.json["token"]


# -- Headers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("url, status", [
    ("/", 200), ("/api/v1/projects", 200), ("/api/v1/no-such-thing", 404), ("/projects/999", 404),
    ("/api/v1/docs", 200),
])
def test_security_headers_on_pages_api_responses_and_errors(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # HSTS_SECONDS defaults to 0


def test_no_template_needs_inline_script_or_style():
    """The policy has no 'unsafe-inline': no <script>/<style> element, style="" or on* handler."""
    # Scripts from files (<script src=…>) are allowed by the CSP; inline ones are not.
    inline = re.compile(r"<script(?![^>]*\ssrc=)|<style|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.IGNORECASE)
    jinja = re.compile(r"{%.*?%}|{{.*?}}")  # macro arguments such as style="outline-primary" are no HTML
    templates = Path(__file__).parents[2] / "templates"
    offenders = [f"{path.relative_to(templates)}:{number}"
                 for path in templates.rglob("*.html")
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if inline.search(jinja.sub("", line))]
    assert offenders == []


def test_the_api_docs_page_renders_without_inline_code(client):
    response = client.get("/api/v1/docs?lang=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "DELETE" in html and "/api/v1/me/password" in html
    assert not re.search(r"<script(?![^>]*\ssrc=)|\sstyle=|\son[a-z]+=", html)


def test_hsts_only_when_configured(request, tmp_path):
    default = app_with(request, tmp_path, "default").test_client()
    assert "Strict-Transport-Security" not in default.get("/", base_url="https://localhost").headers
    configured = app_with(request, tmp_path, "hsts", HSTS_SECONDS=31536000).test_client()
    response = configured.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_https_is_forced_only_when_configured(request, tmp_path):
    assert app_with(request, tmp_path, "default").test_client().get("/").status_code == 200
    forced = app_with(request, tmp_path, "forced", FORCE_HTTPS=True).test_client().get("/projects")
    assert (forced.status_code, forced.location) == (302, "https://localhost/projects")


@pytest.mark.parametrize("secure", [False, True])
def test_session_cookie_is_httponly_lax_and_secure_when_configured(request, tmp_path, secure):
    app = app_with(request, tmp_path, "cookie", SESSION_COOKIE_SECURE=secure)
    with app.app_context():
        user = create_user(SYSTEM, "audit", TEST_PASSWORD, "supervisor")
        db.session.commit()
        response = app.test_client().post("/login", data={"username": user.username, "password": TEST_PASSWORD})
        db.session.remove()
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ("Secure" in cookie) == secure


# -- Secrets ----------------------------------------------------------------------------------

@pytest.fixture
def production_env(monkeypatch, tmp_path):
    """No development marker and no secret in the environment; returns create_app's overrides."""
    for name in ("FLASK_DEBUG", "PLATFORM_ENV", "SECRET_KEY", "BID_MASTER_KEY", "TRAIL_SIGNING_KEY"):
        monkeypatch.delenv(name, raising=False)
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/production.db"}


def test_the_platform_refuses_the_default_secret_key_outside_development(production_env):
    with pytest.raises(security.MissingSecret, match="SECRET_KEY, BID_MASTER_KEY, TRAIL_SIGNING_KEY"):
        create_app(production_env)
    with pytest.raises(security.MissingSecret, match="Set BID_MASTER_KEY, TRAIL_SIGNING_KEY in"):
        create_app(production_env | {"SECRET_KEY": "a-real-secret"})


def test_the_platform_starts_with_its_secrets_or_in_development(production_env, monkeypatch):
    assert create_app(production_env | {"SECRET_KEY": "a-real-secret", "BID_MASTER_KEY": "a-fernet-key",
                                        "TRAIL_SIGNING_KEY": "a-pem-key"})
    assert create_app(production_env | {"TESTING": True})
    monkeypatch.setenv("PLATFORM_ENV", "development")
    assert create_app(production_env)
    monkeypatch.setenv("PLATFORM_ENV", "production")
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert create_app(production_env)


def test_the_trail_signing_key_is_required_too(production_env):
    secrets = {"SECRET_KEY": "a-real-secret", "BID_MASTER_KEY": "a-fernet-key"}
    with pytest.raises(security.MissingSecret, match="Set TRAIL_SIGNING_KEY in"):
        create_app(production_env | secrets)
    assert create_app(production_env | secrets | {"TRAIL_SIGNING_KEY": "a-pem-key"})


# -- Sessions and tokens ----------------------------------------------------------------------

def test_logout_ends_the_session_on_the_server_for_a_copied_cookie(app, login, make):
    admin = make.admin()
    first = login(admin)
    second = app.test_client()
    second.set_cookie("session", first.get_cookie("session").value)
    assert second.get("/admin").status_code == 200
    assert first.post("/logout").location == "/"
    assert count(LoginSession) == 0
    assert second.get("/admin").status_code == 302, "the copied cookie no longer works"


def test_the_cookie_keeps_a_session_token_not_the_user_id(app, login, make):
    admin = make.admin()
    with login(admin).session_transaction() as session:
        assert session["_user_id"] != str(admin.id)
    forged = app.test_client()
    with forged.session_transaction() as session:
        session["_user_id"] = str(admin.id)  # what the cookie held before login sessions
    assert forged.get("/admin").status_code == 302


def test_a_login_session_ends_after_login_session_hours_unused(app, login, make, clock):
    app.config["LOGIN_SESSION_HOURS"] = 12
    client = login(make.admin())
    clock.advance(hours=11)
    assert client.get("/admin").status_code == 200  # used: idle time starts again
    clock.advance(hours=11, minutes=59)
    assert client.get("/admin").status_code == 200
    clock.advance(hours=12)
    assert client.get("/admin").status_code == 302


def test_delete_tokens_revokes_only_the_calling_token(app, make):
    user, client = make.supervisor(), app.test_client()
    first, second = new_token(client, user.username), new_token(client, user.username)
    response = client.delete("/api/v1/auth/tokens", headers=bearer(first))
    assert (response.status_code, response.data) == (204, b"")
    assert client.get("/api/v1/me", headers=bearer(first)).json["error"]["code"] == "invalid_token"
    assert client.get("/api/v1/me", headers=bearer(second)).status_code == 200
    assert client.delete("/api/v1/auth/tokens").json["error"]["code"] == "not_authenticated"


def test_password_change_through_the_api_ends_every_session_and_token(app, api, login, make):
    user = make.user("bidder")
    page = login(user)
    client = app.test_client()
    token, other_token = new_token(client, user.username), new_token(client, user.username)
    response = client.post("/api/v1/me/password", headers=bearer(token),
                           json={"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD})
    assert response.status_code == 200, response.json
    assert response.json == {"sessions_ended": 1, "tokens_revoked": 2}
    for used in (token, other_token):
        assert client.get("/api/v1/me", headers=bearer(used)).status_code == 401
    assert page.get("/my/bids").status_code == 302, "the page session has ended"
    assert client.post("/api/v1/auth/tokens", json={"username": user.username, "password": TEST_PASSWORD}
                       ).status_code == 401
    assert new_token(client, user.username, NEW_PASSWORD)
    event = db.session.scalar(select(Event).where(Event.action == "user.password_changed"))
    assert (event.object_id, event.actor_id, event.after) == (user.id, user.id,
                                                              {"sessions_ended": 1, "tokens_revoked": 2})


@pytest.mark.parametrize("body, field, problem", [
    ({"current_password": "Not-My-Password-1", "new_password": NEW_PASSWORD}, "current_password",
     "is not your current password"),
    ({"current_password": TEST_PASSWORD, "new_password": "password1234"}, "new_password",
     "is too easy to guess: use a longer phrase, or mix words, digits and symbols"),
    ({"current_password": TEST_PASSWORD, "new_password": "short"}, "new_password",
     "must have 10 to 128 characters"),
])
def test_a_refused_password_change_changes_nothing(api, make, body, field, problem):
    user = make.supervisor()
    response = api.post("/api/v1/me/password", user, json=body)
    assert (response.status_code, response.json["error"]["fields"]) == (422, {field: [problem]})
    assert api.get("/api/v1/me", user).status_code == 200, "the token still works"
    assert db.session.get(User, user.id).check_password(TEST_PASSWORD)


@pytest.mark.parametrize("role", ["admin", "purchaser", "bidder", "expert", "supervisor"])
def test_every_role_changes_its_password_on_a_page(app, login, make, role):
    user = make.user(role, profile={"name": "李专家", "specialties": ["A01"]} if role == "expert" else None)
    client, other = login(user), login(user)
    assert 'href="/account/password"' in client.get("/projects").get_data(as_text=True)
    form = {"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    response = client.post("/account/password", data=form, follow_redirects=True)
    assert response.request.path == "/login" and "密码已修改" in response.get_data(as_text=True)
    assert other.get("/account/password").status_code == 302, "every other session has ended"
    assert app.test_client().post("/login", data={"username": user.username, "password": NEW_PASSWORD}
                                  ).status_code == 302


def test_the_password_page_shows_each_problem_on_its_field(login, make):
    client = login(make.admin())
    wrong = client.post("/account/password", data={
        "current_password": "Not-My-Password-1", "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})
    assert wrong.status_code == 422 and "与当前密码不符" in wrong.get_data(as_text=True)
    differ = client.post("/account/password", data={
        "current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": "Something-Else-77"})
    assert differ.status_code == 422 and "两次输入的新密码不一致" in differ.get_data(as_text=True)
    weak = client.post("/account/password?lang=en", data={
        "current_password": TEST_PASSWORD, "new_password": "password1234", "new_password_again": "password1234"})
    assert weak.status_code == 422 and "is too easy to guess" in weak.get_data(as_text=True)
    assert client.get("/admin").status_code == 200, "nothing ended the session"


# -- Password rules ---------------------------------------------------------------------------

@pytest.mark.parametrize("password, problems", [
    (TEST_PASSWORD, []),
    ("Tz-7q", ["must have at least 10 characters"]),
    ("minxing-builder", ["must not be the username"]),
    ("Minxing Construction Group", ["must not be the organisation's name"]),
    ("password1234", ["is too easy to guess: use a longer phrase, or mix words, digits and symbols"]),
    ("minxing-builder2", ["is too easy to guess: use a longer phrase, or mix words, digits and symbols"]),
])
def test_password_rules(password, problems):
    assert password_problems(password, "Minxing-Builder", "Minxing Construction Group") == problems


def test_rules_apply_to_registration_user_creation_and_the_command_line(app, api, make):
    organization = {"name": "福建闽兴建设工程有限公司", "uscc": "91350100M000100Y43", "contact_name": "张建平",
                    "contact_phone": "0591-22860001"}
    response = api.post("/api/v1/auth/register", json={
        "username": "minxing", "password": "minxing123456", "organization": organization})
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["password"])
    response = api.post("/api/v1/users", make.admin(), json={
        "username": "audit", "password": "audit12345", "role": "supervisor"})
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["password"])
    result = app.test_cli_runner().invoke(args=["create-user", "clerk", "--role", "admin", "--password", "clerk12345"])
    assert result.exit_code == 1 and "too easy to guess" in result.output
    assert count(User, User.username.in_(["minxing", "audit", "clerk"])) == 0


def test_the_user_page_shows_the_password_problem_on_its_field(login, make):
    response = login(make.admin()).post("/admin/users", data={
        "username": "audit", "password": "audit12345", "role": "supervisor", "organization_id": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert html.index("太容易被猜到", html.index('id="password"')) < html.index('id="role"')


def test_registration_page_shows_the_password_problem_in_chinese(client):
    response = client.post("/register", data={
        "username": "minjiang", "password": "1234567890", "organization_name": "闽江建设有限公司",
        "organization_uscc": "91350100M000100Y43", "organization_contact_name": "陈经理",
        "organization_contact_phone": "0591-88886666"})
    assert response.status_code == 422 and "太容易被猜到" in response.get_data(as_text=True)


# -- Login throttling -------------------------------------------------------------------------

def _users(*usernames):
    users = [create_user(SYSTEM, name, TEST_PASSWORD, "supervisor") for name in usernames]
    db.session.commit()
    return users


def _page_login(client, username, password=TEST_PASSWORD, **kwargs):
    return client.post("/login", data={"username": username, "password": password}, **kwargs)


def _api_login(client, username, password=TEST_PASSWORD, **kwargs):
    return client.post("/api/v1/auth/tokens", json={"username": username, "password": password}, **kwargs)


def test_five_failures_lock_the_account_on_pages_and_api_while_successes_do_not_count(limited_app):
    _users("known", "other")
    client = limited_app.test_client()
    for attempt in (_api_login, _page_login, _api_login, _page_login):
        assert attempt(client, "known", "Wrong-Guess-2026").status_code in (401, 422)
    for attempt in (_api_login, _page_login, _api_login):  # successes never count
        assert attempt(client, "known").status_code in (201, 302)
    assert _page_login(client, "known", "Wrong-Guess-2026").status_code == 422  # the fifth failure
    locked = _api_login(client, "known")
    assert (locked.status_code, locked.json["error"]["code"]) == (429, "rate_limited")
    page = _page_login(client, "known")
    assert page.status_code == 429 and "登录失败次数过多" in page.get_data(as_text=True)
    assert _api_login(client, "other").status_code == 201, "other accounts behind the address still log in"
    assert count(ApiToken) == 3


def test_ten_failures_from_one_address_lock_that_address_only(limited_app):
    _users("known")
    client = limited_app.test_client()
    for n in range(10):  # ten different (unknown) accounts: the account budgets stay unspent
        assert _api_login(client, f"guess{n}", "Wrong-Guess-2026").status_code == 401
    assert _api_login(client, "known").status_code == 429
    assert _page_login(client, "known").status_code == 429
    assert _api_login(client, "known", environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 201


def test_thirty_successful_logins_from_one_address_are_never_throttled(limited_app):
    users = _users(*(f"expert{n:02d}" for n in range(30)))
    client = limited_app.test_client()
    for n, user in enumerate(users):
        attempt = _page_login if n % 2 else _api_login
        assert attempt(limited_app.test_client(), user.username).status_code in (201, 302)
    assert _api_login(client, "expert00").status_code == 201


def test_registration_keeps_a_per_address_limit(limited_app):
    client = limited_app.test_client()
    for _ in range(10):  # REGISTRATION_RATE_LIMIT: 10 per minute, counted whatever the outcome
        assert client.post("/api/v1/auth/register", json={}).status_code == 422
    response = client.post("/api/v1/auth/register", json={})
    assert (response.status_code, response.json["error"]["code"]) == (429, "rate_limited")


def test_an_unknown_username_costs_the_same_hash_check_as_a_known_one(api, make, monkeypatch):
    import core.accounts

    user = make.supervisor()
    checked = []
    real_check = core.accounts.check_password_hash

    def spy(password_hash, password):
        checked.append(password_hash)
        return real_check(password_hash, password)

    monkeypatch.setattr(core.accounts, "check_password_hash", spy)
    for username in (user.username, "nobody"):
        assert _api_login(api.client, username, "Wrong-Guess-2026").status_code == 401
    known, unknown = checked
    assert known == user.password_hash
    assert unknown != known and unknown.split("$")[0] == known.split("$")[0], "same method and cost"
