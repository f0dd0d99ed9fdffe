"""Reading the trail: events by object, actor and time, and by the scopes the modules register (a project's
events), each with its before/after.

Sealed events (recorded with a sealed_scope) stay hidden until their scope is revealed; core
asks the trail which scopes are revealed and imports no domain module. Event ids are not shown:
their gaps would count the sealed events in between.
"""
import re
from datetime import datetime, timezone
from decimal import Decimal

from flask import Blueprint, current_app, g, url_for
from flask_babel import gettext as _
from marshmallow import Schema, fields
from sqlalchemy import false, or_, select

from core import trail
from core import validators as validate
from core.auth import api_roles
from core.extensions import db
from core.inputs import MAX_ID
from core.models import Event, User
from core.money import format_money_display
from core.openapi import doc
from core.plugins import registry_of
from core.schemas import LocalDateTime, PageArgs, load_args, load_filters, paginate
from core.timeutil import to_local
from core.web import label
from core.web import paginate as page_paginate

ID = validate.Range(min=1, max=MAX_ID)
# The page counts the events it lists up to this many ("10000 or more"): counting a whole large trail cost
# more than the page (150 ms at 310,000 events).
COUNT_CAP = 10_000


def trail_query():
    """The schema of the trail's filters: one per registered scope (registry.add_trail_scope), then the object,
    actor, action and time."""
    scopes = {kind: fields.String(load_default=None, validate=validate.Length(min=1, max=40), metadata={
        "description": "the object's id, or what names it (a project's code)"})
        for kind in registry_of(current_app).trail_scopes}
    return PageArgs.from_dict(scopes | {
        "object_type": fields.String(load_default=None, validate=validate.Length(min=1, max=40)),
        "object_id": fields.Integer(load_default=None, validate=ID),
        "actor": fields.String(load_default=None, validate=validate.Length(min=1, max=100)),
        "action": fields.String(load_default=None, validate=validate.Length(min=1, max=80)),
        "since": LocalDateTime(load_default=None),
        "until": LocalDateTime(load_default=None),
    }, name="TrailQuery")()


class EventOut(Schema):
    object_type = fields.String(required=True)
    object_id = fields.Integer(required=True)
    seq = fields.Integer(required=True)
    action = fields.String(required=True)
    actor = fields.String(attribute="actor_label", allow_none=True, required=True)
    before = fields.Dict(allow_none=True, required=True)
    after = fields.Dict(allow_none=True, required=True)
    created_at = LocalDateTime(required=True)
    hash = fields.String(required=True)


def visible():
    """The condition of the events anyone entitled to the trail may read: not sealed, or revealed."""
    revealed = sorted(trail._revealed_scopes())
    return or_(Event.sealed_scope.is_(None), Event.sealed_scope.in_(revealed)) if revealed else \
        Event.sealed_scope.is_(None)


def scope_events_condition(kind, object_id):
    """An object's events: its own chain, its sealed scope, and objects recording its id as `<kind>_id` (compared
    as text, the expression an index covers, e.g. ix_event_after_project_id: each of the three terms is indexed)."""
    return or_(Event.chain_key == f"{kind}:{object_id}", Event.sealed_scope == f"{kind}:{object_id}",
               Event.after[f"{kind}_id"].as_string() == str(object_id))


def scope_id(kind, value):
    """The id a scope filter names: digits are the id; other text goes to the scope's lookup (a project's code)."""
    value = str(value).strip()
    if value.isdigit():
        return int(value) if int(value) <= MAX_ID else None
    find_id = registry_of(current_app).trail_scope_lookups.get(kind)
    return find_id(value) if find_id else None


def search_events(object_type=None, object_id=None, actor=None, action=None, since=None, until=None, **scopes):
    """Select statement of the visible events matching the filters (`scopes`: kind=id of registered scopes),
    oldest first."""
    stmt = select(Event).where(visible())
    for kind in registry_of(current_app).trail_scopes:
        if scopes.get(kind) is not None:
            scoped_id = scope_id(kind, scopes[kind])
            # An id or code that names nothing finds no event (never every event).
            stmt = stmt.where(scope_events_condition(kind, scoped_id) if scoped_id is not None else false())
    if object_type:
        stmt = stmt.where(Event.object_type == object_type.strip())
    if object_id is not None:
        stmt = stmt.where(Event.object_id == object_id)
    if actor:
        stmt = stmt.where(Event.actor_label == actor.strip())
    if action:
        stmt = stmt.where(Event.action == action.strip())
    if since is not None:
        stmt = stmt.where(Event.created_at >= since)
    if until is not None:
        stmt = stmt.where(Event.created_at <= until)
    return stmt.order_by(Event.created_at, Event.id)


def timeline(kind, object_id, reader):
    """The visible events of a registered scope that `reader` may read, oldest first (a project's page shows them
    to the owner, the center and the supervisor; red flags only to the last two)."""
    stmt = search_events(**{kind: object_id})
    hidden = [object_type for object_type, may_read in registry_of(current_app).trail_readers.items()
              if not may_read(reader)]
    if hidden:
        stmt = stmt.where(Event.object_type.not_in(hidden))
    return db.session.scalars(stmt).all()


def object_url(event):
    """The page of the event's object, where its module registered one (registry.add_object_page), else None."""
    page = registry_of(current_app).object_pages.get(event.object_type)
    return url_for(page[0], **{page[1]: event.object_id}) if page else None


def browser_context():
    """The /audit/trail page's list: the filters from the query string and one page of events."""
    filters = load_filters(trail_query())
    return {"events": page_paginate(search_events(**filters), count_cap=COUNT_CAP), "filters": filters,
            "scopes": registry_of(current_app).trail_scopes}


api = Blueprint("trail_browser_api", __name__, url_prefix="/api/v1")


@api.get("/audit/trail/events")
@api_roles("admin", "supervisor")
@doc("Trail events (sealed ones hidden until opening) by ?project=&object_type=&object_id=&actor=&action=&since="
     "&until=, oldest first", response=EventOut, query=trail_query, paginated=True)
def list_events():
    args = load_args(trail_query())
    return paginate(search_events(**args), args, EventOut().dump)


# -- Reading an event as people do ---------------------------------------------------------------------------------

ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
MONEY_TEXT = re.compile(r"^-?\d+\.\d{2}$")
# Fields whose two-decimal values are yuan (the modules' money columns and their events' figures).
MONEY_NAME = re.compile(r"(^|_)(price|amount|total|savings|budget|deposit|reserved|spent|excess|paid|interest|principal"
                        r"|unpaid)(_|$)")


def _label_of(*keys):
    """The label of the first registered key (the most specific first), else of the last."""
    labels = registry_of(current_app).labels
    return label(next((key for key in keys if key in labels), keys[-1]))


def display_value(name, value, kind=None):
    """One recorded value as people read it: money with the yuan sign, times in the platform's zone, codes as
    labels (read with their object's kind and field first: a red flag's `open` is not a competition's), lists
    of records as a table ({"columns", "rows"}), never a Python repr."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str):
        if MONEY_TEXT.match(value) and MONEY_NAME.search(name or ""):
            return format_money_display(Decimal(value))
        if ISO_TIME.match(value):
            try:
                moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value
            return to_local(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).strftime("%Y-%m-%d %H:%M")
        # A code read with its field: result.failed is not a failed tender.
        return _label_of(f"{kind}.{name}.{value}", f"{name}.{value}", value)
    if isinstance(value, list):
        if all(isinstance(item, dict) for item in value):
            columns = list(dict.fromkeys(key for item in value for key in item))
            return {"columns": [field_label(kind, column) for column in columns],
                    "rows": [[display_value(column, item.get(column), kind) for column in columns] for item in value]}
        return "、".join(str(display_value(name, item, kind)) for item in value)
    if isinstance(value, dict):
        return "；".join(f"{_label_of(f'{kind}.{key}', f'{name}.{key}', key)}: {display_value(key, item, kind)}"
                        for key, item in value.items())
    return str(value)


def field_label(kind, name):
    """A recorded field's label, the object kind's own first (a red flag's `code` is its kind of flag)."""
    return _label_of(f"{kind}.{name}", name)


def event_fields(event):
    """[{name, before, after}] of an event's recorded fields, labelled and formatted, in the order recorded."""
    before, after = event.before or {}, event.after or {}
    names = list(dict.fromkeys([*before, *after]))
    kind = event.object_type
    return [{"name": field_label(kind, name),
             "before": display_value(name, before[name], kind) if name in before else None,
             "after": display_value(name, after[name], kind) if name in after else None} for name in names]


def actor_name(username):
    """Whom an event's actor is shown as: the account's name (its username is what the chain records)."""
    if not username or username == "system":
        return _("the platform")
    names = g.setdefault("trail_actor_names", {})
    if username not in names:
        user = db.session.scalar(select(User).where(User.username == username))
        names[username] = user.label if user is not None else username
    return names[username]
