"""Notifications: an inbox per user, and an outbox that hands them to SMS or e-mail gateways.

Features declare the kinds they send through the registry (`registry.add_notification_kinds`: English
templates with %(name)s placeholders) and call `notify` where the event happens. A notification stores its kind and
parameters, never finished text: it is rendered when read, in the reader's language.

Every channel named in the `NOTIFICATION_CHANNELS` setting gets an outbox row per notification;
`flask notifications deliver` passes pending rows to the sender registered for their channel
(`register_sender`), so a gateway is added by configuration and one registration.
"""
from collections import namedtuple

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import func, insert, literal, or_, select, update

from core import clock
from core.errors import N_, Amount, Code, Message, NotFound
from core.extensions import db
from core.models import Organization, User
from core.plugins import registry_of
from core.types import UTCDateTime
from core.web import format_value

OUTBOX_STATUSES = ("pending", "sent", "failed")


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (db.Index("ix_notification_user_id_read_at", "user_id", "read_at"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id"), nullable=False)
    kind = db.Column(db.String(80), nullable=False)
    # Parameters of the kind's templates, JSON-safe (see _store / _load).
    params = db.Column(db.JSON, nullable=False)
    link = db.Column(db.String(300))
    created_at = db.Column(UTCDateTime, nullable=False)
    read_at = db.Column(UTCDateTime)

    recipient = db.relationship("User")


class OutboxMessage(db.Model):
    """One notification to hand to one external channel (sms, email, ...)."""

    __tablename__ = "notification_outbox"
    __table_args__ = (db.UniqueConstraint("notification_id", "channel", name="uq_notification_outbox_channel"),)

    id = db.Column(db.Integer, primary_key=True)
    notification_id = db.Column(db.ForeignKey("notification.id"), nullable=False)
    channel = db.Column(db.String(40), nullable=False)
    status = db.Column(db.String(20), nullable=False, default="pending", index=True)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    last_error = db.Column(db.String(500))
    created_at = db.Column(UTCDateTime, nullable=False)
    sent_at = db.Column(UTCDateTime)

    notification = db.relationship("Notification")


# -- Kinds and senders ------------------------------------------------------------------------

_senders = {}


def _kinds():
    """kind -> Kind(title, body): the kinds core and the modules registered."""
    return registry_of(current_app).notification_kinds


def register_sender(channel, send):
    """`send(notification, title, body)` delivers to the channel or raises; title and body
    are rendered in the platform's default language."""
    _senders[channel] = send


# -- Sending ----------------------------------------------------------------------------------


def page_link(endpoint, **values):
    """The path of a page, also outside a request (operations run in the CLI and tests)."""
    return current_app.url_map.bind("").build(endpoint, values)


def _recipients(recipients):
    """A select of the user ids of the users and of every user of the organisations given, once each,
    or None when there is nobody."""
    if isinstance(recipients, (User, Organization)):
        recipients = [recipients]
    user_ids = [r.id for r in recipients if isinstance(r, User)]
    org_ids = [r.id for r in recipients if isinstance(r, Organization)]
    if not user_ids and not org_ids:
        return None
    return select(User.id).where(or_(User.id.in_(user_ids), User.organization_id.in_(org_ids)))


def _store(value):
    """A parameter as JSON, tagged so that Code and Amount come back as themselves."""
    if isinstance(value, Code):
        return {"type": "code", "value": str(value)}
    if isinstance(value, Amount):
        return {"type": "amount", "value": str(value)}
    if value is None or isinstance(value, (str, int)):
        return value
    raise TypeError(f"notification parameter {value!r} is not a str, int, Code or Amount")


def _load(value):
    if isinstance(value, dict):
        return {"code": Code, "amount": Amount}[value["type"]](value["value"])
    return value


def notify(recipients, kind, link=None, **params):
    """Put a notification of `kind` in the inbox of each recipient (users, or organisations
    meaning all their users), and in the outbox of every configured channel; return their ids.

    One INSERT … SELECT over the recipients: a result published to hundreds of bidders costs one statement."""
    if kind not in _kinds():
        raise ValueError(f"unknown notification kind {kind!r}")
    stored = {name: _store(value) for name, value in params.items()}
    now = clock.now()
    users = _recipients(recipients)
    if users is None:
        return []
    rows = users.add_columns(literal(kind, db.String), literal(stored, db.JSON), literal(link, db.String),
                             literal(now, UTCDateTime))
    ids = db.session.scalars(
        insert(Notification).from_select(["user_id", "kind", "params", "link", "created_at"], rows)
        .returning(Notification.id)
    ).all()
    if not ids:
        return []
    channels = current_app.config["NOTIFICATION_CHANNELS"]
    if channels:
        db.session.execute(insert(OutboxMessage), [
            {"notification_id": notification_id, "channel": channel, "status": "pending", "attempts": 0,
             "created_at": now} for notification_id in ids for channel in channels])
    return ids


# -- Reading ----------------------------------------------------------------------------------


def render(notification):
    """(title, body) in the current language: templates translated, then parameters formatted."""
    kind = _kinds().get(notification.kind)
    if kind is None:  # a kind no module declares any more: show its code rather than fail
        return notification.kind, ""
    params = {name: _load(value) for name, value in notification.params.items()}
    return tuple(Message(template, **params).render(gettext, format_value) for template in kind)


def inbox(user, unread_only=False):
    """Select statement: the user's notifications, newest first."""
    stmt = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return stmt.order_by(Notification.id.desc())


def unread_count(user):
    return db.session.scalar(
        select(func.count()).select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def get_notification(user, notification_id):
    """The user's own notification; someone else's is not found, like a missing one."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound("not_found", N_("Notification not found."))
    return notification


def mark_read(user, notification_id):
    """Mark one notification read (again: no change)."""
    notification = get_notification(user, notification_id)
    if notification.read_at is None:
        notification.read_at = clock.now()
        db.session.flush()
    return notification


def mark_all_read(user):
    """Mark every unread notification of the user read; return how many."""
    result = db.session.execute(
        update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=clock.now())
    )
    return result.rowcount


# -- Delivery ---------------------------------------------------------------------------------

Delivery = namedtuple("Delivery", "sent failed retrying waiting")


def deliver_pending():
    """Hand each pending outbox row to its channel's sender, committing row by row.

    A sender that raises leaves the row pending for the next run until it has failed
    NOTIFICATION_MAX_ATTEMPTS times; rows of channels without a sender wait.
    """
    max_attempts = current_app.config["NOTIFICATION_MAX_ATTEMPTS"]
    sent = failed = retrying = 0
    last_id = 0
    while True:
        row = db.session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.status == "pending", OutboxMessage.channel.in_(list(_senders)),
                   OutboxMessage.id > last_id)
            .order_by(OutboxMessage.id).limit(1).with_for_update(skip_locked=True)
        )
        if row is None:
            break
        last_id = row.id
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            title, body = render(row.notification)
        try:
            _senders[row.channel](row.notification, title, body)
        except Exception as err:  # noqa: BLE001 (any gateway error is recorded, not raised)
            row.attempts += 1
            row.last_error = f"{type(err).__name__}: {err}"[:500]
            if row.attempts >= max_attempts:
                row.status = "failed"
                failed += 1
            else:
                retrying += 1
        else:
            row.attempts += 1
            row.status, row.sent_at, row.last_error = "sent", clock.now(), None
            sent += 1
        db.session.commit()
    waiting = db.session.scalar(
        select(func.count()).select_from(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.channel.not_in(list(_senders)))
    )
    return Delivery(sent, failed, retrying, waiting)
