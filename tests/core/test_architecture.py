"""The foundation's shape: core imports no domain module, every error message is a template
with a translation, and a conflict that only the commit detects answers 409."""
import ast
import re
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext

from core import create_app
from core.errors import Code, Message
from core.extensions import db
from core.models import Organization
from core.web import format_value, translate
from tests.conftest import BASE_CONFIG

ROOT = Path(__file__).parents[2]
DOMAIN_MODULES = {"trading", "scoring", "mall", "audit"}
# Calls whose string arguments are message templates (error constructors, field problems).
MESSAGE_CALLS = {"DomainError", "BadRequest", "NotAuthenticated", "Forbidden", "NotFound", "Conflict",
                 "ValidationFailed", "message", "Message", "N_", "require", "_add", "add_unique_constraint"}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _python_files(*packages):
    for package in packages:
        yield from sorted((ROOT / package).rglob("*.py"))


def _imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "import_module":
            yield from (a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))


def test_core_imports_no_domain_module():
    offenders = [f"{path.relative_to(ROOT)} imports {name}" for path in _python_files("core")
                 for name in _imported_modules(path) if name.split(".")[0] in DOMAIN_MODULES]
    assert offenders == []


def _call_name(node):
    return getattr(node.func, "id", None) or getattr(node.func, "attr", None)


def _templates():
    """(file, code or None, template) for every message template written in the code."""
    found = set()
    for path in _python_files("core", "trading", "scoring", "mall", "audit"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _call_name(node) not in MESSAGE_CALLS:
                continue
            code = next((a.value for a in node.args[:1] if isinstance(a, ast.Constant) and isinstance(a.value, str)
                         and re.fullmatch(r"[a-z_.]+", a.value)), None)
            for argument in [*node.args, *(k.value for k in node.keywords)]:
                for const in ast.walk(argument):
                    if isinstance(const, ast.Constant) and isinstance(const.value, str) and " " in const.value:
                        found.add((str(path.relative_to(ROOT)), code, const.value))
    return sorted(found, key=lambda item: (item[0], item[1] or "", item[2]))


TEMPLATES = _templates()


def test_the_scan_finds_the_messages_of_every_module():
    files = {path for path, _, _ in TEMPLATES}
    assert {"core/accounts.py", "core/auth.py", "core/lifecycle.py", "trading/tender/operations/__init__.py",
            "trading/tender/operations/rules.py", "scoring/pool/operations.py"} <= files
    assert ("trading/tender/operations/__init__.py", "wrong_status",
            "Only a draft can be edited; this project is %(status)s.") in TEMPLATES


@pytest.fixture(scope="module")
def bare_app():
    """The application without a database: rendering messages needs only its catalogue and labels."""
    return create_app(BASE_CONFIG | {"SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize("path, code, template", TEMPLATES, ids=[f"{p}:{c}:{t[:30]}" for p, c, t in TEMPLATES])
def test_every_message_renders_in_chinese_and_english(bare_app, path, code, template):
    params = {name: Code("published") if name == "status" else "X" for name in PLACEHOLDER.findall(template)}
    text = Message(template, **params)
    with bare_app.test_request_context():
        with force_locale("en"):
            english = translate(text)
            english_values = {name: format_value(value) for name, value in params.items()}
        with force_locale("zh_CN"):
            chinese = translate(text)
            assert gettext(template) != template, f"no Chinese translation for {template!r} ({path})"
            assert set(PLACEHOLDER.findall(gettext(template))) == set(params), "the translation drops a value"
    assert english == template % english_values  # English pages show codes as labels
    assert chinese != english and "%(" not in chinese


def test_pages_format_codes_as_labels_and_money_with_the_yuan_sign(app):
    from core.errors import Amount

    with app.test_request_context(), force_locale("zh_CN"):
        assert format_value(Code("published")) == "已公告"
        assert format_value(Amount("1234")) == "¥1,234.00"
        assert format_value([Code("draft"), Code("submitted")]) == "草稿、已提交"
        rendered = translate(Message("Only a draft can be edited; this project is %(status)s.", status=Code("opened")))
    assert "已开标" in rendered and "opened" not in rendered


def _duplicate_organization_view():
    """Adds an organisation whose USCC is taken, without flushing: only the commit fails."""
    existing = db.session.scalar(db.select(Organization))
    db.session.add(Organization(name="同名单位", uscc=existing.uscc, kind="bidder", status="pending",
                                created_at=existing.created_at))
    return {"ok": True}


@pytest.mark.parametrize("path, content_type", [("/api/v1/test-commit-race", "application/json"),
                                                ("/test-commit-race", "text/html")])
def test_a_conflict_found_at_commit_time_answers_409_and_changes_nothing(app, make, path, content_type):
    make.org("bidder")
    app.add_url_rule(path, "commit_race", _duplicate_organization_view, methods=["POST"])
    response = app.test_client().post(path)
    assert response.status_code == 409 and response.content_type.startswith(content_type)
    if content_type == "application/json":
        assert response.json["error"]["code"] == "uscc_taken"
    assert db.session.scalar(db.select(db.func.count(Organization.id))) == 1


def _duplicate_organization_flushed():
    """The same race, found by a flush inside the operation instead of the commit."""
    _duplicate_organization_view()
    db.session.flush()
    return {"ok": True}


def test_a_known_unique_constraint_hit_by_a_flush_answers_409_with_its_code(app, make):
    make.org("bidder")
    app.add_url_rule("/api/v1/test-flush-race", "flush_race", _duplicate_organization_flushed, methods=["POST"])
    response = app.test_client().post("/api/v1/test-flush-race")
    assert response.status_code == 409
    assert response.json["error"] == {"code": "uscc_taken", "fields": {},
                                      "message": "An organisation with this USCC is already registered."}
    assert db.session.scalar(db.select(db.func.count(Organization.id))) == 1


def _organization_without_a_name():
    """A bug: a row that breaks NOT NULL, found only at commit."""
    existing = db.session.scalar(db.select(Organization))
    db.session.add(Organization(name=None, uscc="91350100MA2YQ0K1XY", kind="bidder", status="pending",
                                created_at=existing.created_at))
    return {"ok": True}


@pytest.mark.parametrize("path, content_type", [("/api/v1/test-commit-bug", "application/json"),
                                                ("/test-commit-bug", "text/html")])
def test_any_other_integrity_error_is_a_logged_500_that_changes_nothing(app, make, caplog, path, content_type):
    make.org("bidder")
    app.add_url_rule(path, "commit_bug", _organization_without_a_name, methods=["POST"])
    response = app.test_client().post(path)
    assert response.status_code == 500 and response.content_type.startswith(content_type)
    if content_type == "application/json":
        assert response.json["error"]["code"] == "internal_error"
    logged = [r for r in caplog.records if r.levelname == "ERROR" and "Integrity error" in r.getMessage()]
    assert logged and "INSERT INTO organization" in logged[0].getMessage()
    assert db.session.scalar(db.select(db.func.count(Organization.id))) == 1


def test_every_registered_unique_constraint_exists(app):
    """A misspelt name would turn its race into a 500."""
    from sqlalchemy import Index, PrimaryKeyConstraint, UniqueConstraint

    from core.plugins import registry_of

    names = {c.name for table in db.metadata.tables.values() for c in table.constraints
             if isinstance(c, (UniqueConstraint, PrimaryKeyConstraint))}
    names |= {i.name for table in db.metadata.tables.values() for i in table.indexes if isinstance(i, Index) and i.unique}
    registered = registry_of(app).unique_constraints
    assert {"uq_signup_project_org", "uq_mall_quote_supplier", "uq_event_chain_seq"} <= set(registered)
    assert set(registered) - names == set()
