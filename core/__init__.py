"""Shared plumbing: the app factory, config, database, auth, errors and the audit trail.

The domain modules plug in through core.plugins; core imports none of them."""
import os

from flask import Flask, current_app, g, jsonify, make_response, render_template, request, session
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from core.config import Config
from core.constraints import unique_rule
from core.errors import DomainError, Message
from core.extensions import babel, csrf, db, limiter, login_manager, migrate
from core.inputs import register_input_guards
from core.plugins import Registry, load_modules, registry_of
from core.security import check_required_secrets, init_security_headers


def select_locale():
    lang = request.args.get("lang")
    if lang in ("zh_CN", "en"):
        session["lang"] = lang
    return session.get("lang", "zh_CN")


def create_app(overrides=None):
    """Build the application; `overrides` replace configuration values (tests)."""
    app = Flask(
        __name__,
        template_folder=os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates"),
        static_folder=os.path.join(os.path.dirname(os.path.dirname(__file__)), "static"),
    )
    app.config.from_object(Config())
    app.config.update(overrides or {})
    register_input_guards(app)  # before any route: the bounded <int:...> converter
    check_required_secrets(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(os.path.dirname(app.config["SQLALCHEMY_DATABASE_URI"][len("sqlite:///"):]) or ".", exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "core.login"
    # No flash: the login page itself says why when it gets ?next= (a GET must not change the session).
    login_manager.login_message = None
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    init_security_headers(app)

    from core import auth  # noqa: F401  (registers the user loader)
    from core import inbox
    from core.api import api as core_api
    from core.cli import cli
    from core.openapi import docs
    from core.views import web as core_web
    from core.web import register_template_helpers

    registry = Registry()
    app.extensions["platform"] = registry
    register_blueprints(app, web=(core_web, cli), api=(core_api, docs))
    from core import trail_browser
    register_blueprints(app, api=(trail_browser.api,))
    app.add_template_global(trail_browser.event_fields, "event_fields")
    app.add_template_global(trail_browser.object_url, "trail_object_url")
    app.add_template_global(trail_browser.actor_name, "actor_name")
    register_core(registry)
    load_modules(app, registry, app.config["PLATFORM_MODULES"])
    register_template_helpers(app)
    from core import portal; portal.init_app(app)
    inbox.init_app(app)
    from core import documents, task_admin, tasks
    tasks.init_app(app)
    task_admin.init_app(app)
    documents.init_app(app)
    _register_transaction(app)
    _register_error_handlers(app)
    return app


def register_blueprints(app, web=(), api=()):
    """Register a module's page blueprints and its API blueprints (bearer tokens: no CSRF)."""
    for blueprint in api:
        csrf.exempt(blueprint)
        app.register_blueprint(blueprint)
    for blueprint in web:
        app.register_blueprint(blueprint)


def register_core(registry):
    """Core's own labels and navigation, registered like a module's."""
    from celery.schedules import crontab
    from flask_babel import lazy_gettext as _

    from core.accounts import NOTIFICATION_KINDS, ORGANIZATION_WATCHED
    from core.labels import CORE_LABELS
    from core.models import Organization
    from core.documents import LABELS as DOCUMENT_LABELS
    from core.documents import StoredDocument
    from core.tasks import TaskFailure, anchor

    registry.add_labels(CORE_LABELS)
    registry.watch(Organization, ORGANIZATION_WATCHED)
    registry.watch(TaskFailure, TaskFailure.WATCHED_FIELDS)
    registry.watch(StoredDocument, StoredDocument.WATCHED_FIELDS)
    registry.add_labels(DOCUMENT_LABELS)
    registry.add_unique_constraint("uq_stored_document_version", "document_preparing",
                                   "This document is being prepared: try again in a moment.")
    registry.add_schedule("anchor the trail", anchor, crontab(minute=0))  # every hour, on the hour
    registry.add_notification_kinds(NOTIFICATION_KINDS)
    registry.add_unique_constraint("uq_organization_uscc_held", "uscc_taken",
                                   "An organisation with this USCC is already registered.")
    registry.add_unique_constraint("uq_user_username", "username_taken", "This username is taken.")
    # Two writers appending to one chain, two anchors at once, two deliveries of one notification.
    for name in ("uq_event_chain_seq", "uq_trail_anchor_prev_hash", "uq_notification_outbox_channel",
                 "uq_api_token_token_hash", "uq_login_session_token_hash", "pk_code_sequence"):
        registry.add_unique_constraint(name, "conflict", CONCURRENT_CHANGE)
    registry.add_nav_group("administration", _("Admin"), order=90)
    registry.add_nav_group("supervision", _("Oversight"), order=80)
    registry.add_nav_group("account", _("Account"), order=100)
    registry.add_nav("core.admin_dashboard", _("Center dashboard"), roles=("admin",), order=5)
    registry.add_nav("core.organizations", _("Organisations"), roles=("admin", "supervisor"), order=60,
                     group="administration")
    registry.add_nav("core.users", _("Users"), roles=("admin",), order=70, group="administration")
    registry.add_nav("core.audit_trail", _("Audit trail"), roles=("admin", "supervisor"), order=80,
                     group="supervision")
    registry.add_nav("task_admin.task_list", _("Failed tasks"), roles=("admin",), order=85, group="administration")
    registry.add_nav("core.account", _("My organisation"), roles=("purchaser", "bidder"), order=90, group="account",
                     applicants=True)
    registry.start_pages.update(admin="core.admin_dashboard", supervisor="core.audit_trail")


def _register_transaction(app):
    from core.refusals import keep_refusals

    """One transaction per request: commit on success, roll back on any error."""

    @app.before_request
    def forget_previous_caller():
        # An enclosing app context (CLI, tests) may outlive one request: never reuse its caller.
        g.pop("api_user", None)
        g.pop("_login_user", None)  # Flask-Login's page user

    @app.after_request
    def commit_or_rollback(response):
        if response.status_code >= 400:
            db.session.rollback()
            keep_refusals()
            return response
        try:
            db.session.commit()
            keep_refusals()
        except IntegrityError as err:
            db.session.rollback()
            return integrity_response(err)
        except OperationalError as err:
            db.session.rollback()
            if not is_concurrency_conflict(err):
                raise
            app.logger.info("Commit refused: %s", err.orig)
            return conflict_response()
        return response


# PostgreSQL's serialization failure and deadlock; SQLite's busy database.
CONFLICT_SQLSTATES = ("40001", "40P01")
CONCURRENT_CHANGE = "The request conflicts with a concurrent change; nothing was changed."


def is_concurrency_conflict(err):
    """A race that only the commit detects (a serialization failure, a deadlock): nothing was changed
    and the caller may try again, so it is a 409, not a 500."""
    return getattr(err.orig, "sqlstate", None) in CONFLICT_SQLSTATES or "database is locked" in str(err.orig)


def conflict_response(code="conflict", message=CONCURRENT_CHANGE):
    message = Message(message)
    if wants_json():
        return json_error(409, code, message)
    return make_response(render_template("error.html", status=409, message=message), 409)


def integrity_response(err):
    """A known unique constraint is a race this request lost: 409 with the constraint's code. Any other
    integrity error (a NOT NULL or foreign-key violation) is a bug: logged with its statement, 500."""
    rule = unique_rule(err, registry_of(current_app).unique_constraints)
    if rule is not None:
        current_app.logger.info("Unique constraint %s refused the request: %s", rule.name, err.orig)
        return conflict_response(rule.code, rule.message)
    current_app.logger.error("Integrity error: %s\nStatement: %s\nParameters: %r", err.orig, err.statement, err.params)
    return internal_error_response()


def internal_error_response():
    message = "An unexpected error occurred; nothing was changed."
    if wants_json():
        return json_error(500, "internal_error", message)
    return make_response(render_template("error.html", status=500, message=message), 500)


def wants_json():
    return request.path.startswith("/api/")


def json_error(status, code, message, fields=None):
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    return response


def _register_error_handlers(app):
    @app.errorhandler(DomainError)
    def domain_error(err):
        db.session.rollback()
        if wants_json():
            return json_error(err.status, err.code, err.message, err.fields)
        return render_template("error.html", status=err.status, message=err.message), err.status

    @app.errorhandler(CSRFError)
    def csrf_error(err):
        if wants_json():
            return json_error(400, "csrf_failed", err.description)
        return render_template("error.html", status=400, message=err.description), 400

    @app.errorhandler(HTTPException)
    def http_error(err):
        db.session.rollback()
        code = {429: "rate_limited", 413: "too_large"}.get(err.code, (err.name or "error").lower().replace(" ", "_"))
        # Keep werkzeug's headers (Allow on a 405), not its HTML content type.
        headers = [(k, v) for k, v in err.get_headers() if k.lower() != "content-type"]
        if wants_json():
            response = json_error(err.code, code, err.description)
            response.headers.extend(headers)
            return response
        return render_template("error.html", status=err.code, message=err.description), err.code, headers

    @app.errorhandler(IntegrityError)
    def integrity_error(err):
        # Raised by a flush inside the operation (e.g. the same sign-up twice at once).
        db.session.rollback()
        return integrity_response(err)

    @app.errorhandler(Exception)
    def unexpected_error(err):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return internal_error_response()
