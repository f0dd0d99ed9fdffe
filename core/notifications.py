"""Notifications: an inbox per user, and an outbox that hands them to SMS or e-mail gateways.

Features declare the kinds they send through the registry (`registry.add_notification_kinds`: English
templates with %(name)s placeholders) and call `notify` where the event happens. A notification stores its kind and
parameters, never finished text: it is rendered when read, in the reader's language.

Every channel named in the `NOTIFICATION_CHANNELS` setting gets an outbox row per notification;
`flask notifications deliver` passes pending rows to the sender registered for their channel
(`register_sender`), so a gateway is added by configuration and one registration.
"""
import functools
import importlib
import uuid
from collections import namedtuple
from datetime import datetime

from babel import Locale
from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import func, insert, literal, or_, select, update

from core import clock
from core.errors import N_, Amount, Code, Message, NotFound
from core.extensions import db
from core.models import Organization, User
from core.plugins import registry_of
from core.tasks import after_commit, celery
from core.types import UTCDateTime
from core.web import format_value

OUTBOX_STATUSES = ("pending", "sent", "failed")


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (db.Index("ix_notification_user_id_read_at", "user_id", "read_at"),
                      db.Index("ix_notification_batch_user_id", "batch", "user_id"))

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id"), nullable=False)
    # One notify() call: its task adds each recipient's notification once, however often it runs.
    batch = db.Column(db.String(32))
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


def load_senders(app):
    """Register the senders the configuration names (NOTIFICATION_SENDERS: {channel: "module:function"})."""
    for channel, target in app.config.get("NOTIFICATION_SENDERS", {}).items():
        module, _, name = target.partition(":")
        register_sender(channel, getattr(importlib.import_module(module), name))


def register_sender(channel, send):
    """`send(notification, title, body)` delivers to the channel or raises; title and body
    are rendered in the platform's default language."""
    _senders[channel] = send


# -- Sending ----------------------------------------------------------------------------------


def page_link(endpoint, **values):
    """The path of a page, also outside a request (operations run in the CLI and tests)."""
    return current_app.url_map.bind("").build(endpoint, values)


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
    """Notify `recipients` (users, or organisations meaning all their users) of `kind` once the current
    transaction commits: a task puts the notification in each one's inbox and in the outbox of every configured
    channel, and a task per outbox row delivers it. Nothing is sent if the transaction rolls back."""
    if kind not in _kinds():
        raise ValueError(f"unknown notification kind {kind!r}")
    if isinstance(recipients, (User, Organization)):
        recipients = [recipients]
    user_ids = sorted({r.id for r in recipients if isinstance(r, User)})
    org_ids = sorted({r.id for r in recipients if isinstance(r, Organization)})
    if not user_ids and not org_ids:
        return
    stored = {name: _store(value) for name, value in params.items()}
    after_commit(send, uuid.uuid4().hex, user_ids, org_ids, kind, link, stored, clock.now().isoformat())


@celery.task(name="notifications.send")
def send(batch, user_ids, org_ids, kind, link, params, created_at):
    """Put one notification per recipient in the inbox (once: a batch run twice adds nothing) and queue its
    deliveries to the external channels. One INSERT … SELECT over the recipients: a result published to hundreds
    of bidders costs one statement."""
    created_at = datetime.fromisoformat(created_at)
    users = select(User.id).where(or_(User.id.in_(user_ids), User.organization_id.in_(org_ids)))
    users = users.where(~select(Notification.id).where(Notification.batch == batch,
                                                       Notification.user_id == User.id).exists())
    rows = users.add_columns(literal(batch, db.String), literal(kind, db.String), literal(params, db.JSON),
                             literal(link, db.String), literal(created_at, UTCDateTime))
    ids = db.session.scalars(
        insert(Notification).from_select(["user_id", "batch", "kind", "params", "link", "created_at"], rows)
        .returning(Notification.id)
    ).all()
    channels = current_app.config["NOTIFICATION_CHANNELS"]
    if not ids or not channels:
        return
    outbox_ids = db.session.scalars(insert(OutboxMessage).returning(OutboxMessage.id), [
        {"notification_id": notification_id, "channel": channel, "status": "pending", "attempts": 0,
         "created_at": created_at} for notification_id in ids for channel in channels]).all()
    for outbox_id in outbox_ids:
        after_commit(deliver, outbox_id)


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


@celery.task(name="notifications.deliver")
def deliver(outbox_id):
    """Hand one outbox row to its channel's sender; returns its status. A row already sent is left alone (the
    task is safe to run twice); a row of a channel without a sender waits. A sender that raises leaves the row
    pending and tries again later, up to NOTIFICATION_MAX_ATTEMPTS times; then the row fails, and so does the
    task, which the center sees at /admin/tasks and may run again."""
    # Columns and one UPDATE rather than the row as an object: a delivery is small, and the object's bookkeeping
    # was a good part of it.
    row = db.session.execute(
        select(OutboxMessage.channel, OutboxMessage.status, OutboxMessage.attempts, Notification)
        .join(Notification, Notification.id == OutboxMessage.notification_id).where(OutboxMessage.id == outbox_id)
        .with_for_update(skip_locked=True, of=OutboxMessage)).first()
    if row is None or row.status == "sent" or row.channel not in _senders:
        return row.status if row is not None else None
    notification, attempts = row.Notification, row.attempts + 1
    with force_locale(_parsed_locale(current_app.config["BABEL_DEFAULT_LOCALE"])):
        title, body = render(notification)
    try:
        _senders[row.channel](notification, title, body)
    except Exception as err:  # noqa: BLE001 (any gateway error is recorded, not raised here)
        error = f"{type(err).__name__}: {err}"[:500]
        if attempts < current_app.config["NOTIFICATION_MAX_ATTEMPTS"]:
            _mark(outbox_id, status="pending", attempts=attempts, last_error=error)
            after_commit(deliver.signature((outbox_id,), countdown=30 * 2 ** attempts))
            return "pending"
        _mark(outbox_id, status="failed", attempts=attempts, last_error=error)
        db.session.commit()  # the row's failure is kept; the task's failure goes to /admin/tasks
        raise DeliveryFailed(f"{row.channel} delivery of notification {notification.id} failed "
                             f"{attempts} times: {error}") from err
    _mark(outbox_id, status="sent", attempts=attempts, sent_at=clock.now(), last_error=None)
    return "sent"


def _mark(outbox_id, **values):
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id).values(**values)
                       .execution_options(synchronize_session=False))


@functools.cache
def _parsed_locale(identifier):
    """The Locale of an identifier, parsed once per process: parsing reads babel's locale list each time, a third
    of a delivery's own work."""
    return Locale.parse(identifier)


class DeliveryFailed(Exception):
    """A notification that its channel refused every time."""


def deliver_pending():
    """Deliver every pending outbox row of a channel with a sender, one by one (`flask notifications deliver`:
    the rows queued before a worker ran, or after a broker outage); returns the counts."""
    counts = {"sent": 0, "failed": 0, "pending": 0}
    pending = db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.status == "pending", OutboxMessage.channel.in_(list(_senders))).order_by(OutboxMessage.id)).all()
    for outbox_id in pending:
        try:
            status = deliver.run(outbox_id)
        except DeliveryFailed:
            status = "failed"
        db.session.commit()
        counts[status] += 1
    waiting = db.session.scalar(
        select(func.count()).select_from(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.channel.not_in(list(_senders)))
    )
    return Delivery(counts["sent"], counts["failed"], counts["pending"], waiting)
