"""The inbox: its page, its API, the unread badge of the navigation and the delivery command."""
import sys

import click
from flask import Blueprint, render_template, request, url_for
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _
from marshmallow import Schema, fields

from core import notifications, register_blueprints
from core.auth import api_roles, api_user, page_roles, page_user
from core.openapi import doc
from core.schemas import LocalDateTime, PageArgs, load_args, paginate
from core.web import paginate as paginate_page
from core.web import run_action

EVERY_ROLE = ("admin", "purchaser", "bidder", "expert", "supervisor")

web = Blueprint("inbox", __name__)
api = Blueprint("inbox_api", __name__, url_prefix="/api/v1")
cli = AppGroup("notifications", help="Notifications and their delivery to external channels.")


def init_app(app):
    """Register the inbox's pages, API, command and navigation badge."""
    register_blueprints(app, web=[web], api=[api])
    notifications.load_senders(app)
    app.cli.add_command(cli)
    app.context_processor(unread_badge)


def unread_badge():
    """The unread count for the navigation: one COUNT per page, none for anonymous visitors."""
    user = page_user()
    return {"unread_notifications": notifications.unread_count(user) if user else 0}


# -- Pages ------------------------------------------------------------------------------------


@web.get("/inbox")
@page_roles(*EVERY_ROLE)
def inbox():
    unread_only = request.args.get("unread") == "1"
    page = paginate_page(notifications.inbox(page_user(), unread_only))
    items = [(n, *notifications.render(n)) for n in page.items]
    return render_template("core/inbox.html", page=page, items=items, unread_only=unread_only)


@web.post("/inbox/<int:notification_id>/read")
@page_roles(*EVERY_ROLE)
def mark_read(notification_id):
    return run_action(lambda: notifications.mark_read(page_user(), notification_id), _("Marked as read."),
                      url_for("inbox.inbox"))


@web.post("/inbox/read-all")
@page_roles(*EVERY_ROLE)
def mark_all_read():
    return run_action(lambda: notifications.mark_all_read(page_user()),
                      lambda count: _("%(count)s notifications marked as read.", count=count), url_for("inbox.inbox"))


# -- API --------------------------------------------------------------------------------------


class NotificationOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    body = fields.String()
    link = fields.String(allow_none=True)
    created_at = LocalDateTime()
    read_at = LocalDateTime(allow_none=True)


class InboxQuery(PageArgs):
    unread = fields.Boolean(load_default=False)


def _api_locale():
    """English, unless the request's Accept-Language prefers Chinese."""
    return "zh_CN" if request.accept_languages.best_match(["en", "zh"]) == "zh" else "en"


def _dump(notification):
    title, body = notifications.render(notification)
    return NotificationOut().dump({
        "id": notification.id, "kind": notification.kind, "title": title, "body": body,
        "link": notification.link, "created_at": notification.created_at, "read_at": notification.read_at,
    })


@api.get("/me/notifications")
@api_roles(*EVERY_ROLE)
@doc("The caller's inbox, newest first (?unread=1: unread only). Title and body are in English, "
     "or in Chinese when the request's Accept-Language prefers zh", response=NotificationOut, query=InboxQuery,
     paginated=True)
def list_notifications():
    args = load_args(InboxQuery())
    with force_locale(_api_locale()):
        return paginate(notifications.inbox(api_user(), args["unread"]), args, _dump)


@api.post("/me/notifications/<int:notification_id>/read")
@api_roles(*EVERY_ROLE)
@doc("Mark one of the caller's notifications read (Accept-Language as for the list)", response=NotificationOut)
def read_notification(notification_id):
    notification = notifications.mark_read(api_user(), notification_id)
    with force_locale(_api_locale()):
        return _dump(notification)


# -- Command line -----------------------------------------------------------------------------


@cli.command("deliver")
def deliver():
    """Hand pending outbox messages to their channels' senders (run from a scheduler)."""
    result = notifications.deliver_pending()
    click.echo(f"Sent {result.sent}, failed {result.failed}, to retry {result.retrying}; "
               f"{result.waiting} waiting for a channel without a sender.")
    if result.failed:
        sys.exit(1)
