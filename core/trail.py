"""The tamper-evident trail: hash-chained events, one chain per object, plus anchors."""
import hashlib
import json
from datetime import date, datetime, timezone
from decimal import Decimal

from sqlalchemy import func, select

from core import clock
from core.extensions import db
from core.models import Event, TrailAnchor

GENESIS = "0" * 64


def _plain(value):
    """JSON-safe copy: Decimal and dates become strings, so hashes are stable."""
    if hasattr(value, "to_json"):  # value objects (e.g. evaluation settings)
        return _plain(value.to_json())
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def canonical(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _utc_iso(moment):
    """The timestamp as hashed: UTC, whatever zone it was given in (the database returns UTC)."""
    return moment.astimezone(timezone.utc).isoformat()


def event_hash(event):
    """SHA-256 over the previous hash and the event's own content."""
    body = {
        "chain_key": event.chain_key,
        "seq": event.seq,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "before": event.before,
        "after": event.after,
        "sealed_project_id": event.sealed_project_id,
        "created_at": _utc_iso(event.created_at),
    }
    return sha256_hex(event.prev_hash + canonical(body))


def record_event(obj, action, actor=None, before=None, after=None, sealed_project_id=None):
    """Append a state change of `obj` to its chain.

    The caller holds a lock on `obj` (or has just created it), so appends to one chain
    are serialized; the unique (chain_key, seq) constraint refuses a forked chain.
    """
    db.session.flush()
    object_type = obj.__tablename__
    chain_key = f"{object_type}:{obj.id}"
    head = db.session.execute(
        select(Event.seq, Event.hash)
        .where(Event.chain_key == chain_key)
        .order_by(Event.seq.desc())
        .limit(1)
    ).first()
    event = Event(
        chain_key=chain_key,
        seq=(head.seq + 1) if head else 1,
        action=action,
        object_type=object_type,
        object_id=obj.id,
        actor_id=getattr(actor, "id", None),
        actor_label=getattr(actor, "username", None),
        before=_plain(before),
        after=_plain(after),
        sealed_project_id=sealed_project_id,
        created_at=clock.now().replace(microsecond=0),
        prev_hash=head.hash if head else GENESIS,
    )
    event.hash = event_hash(event)
    db.session.add(event)
    db.session.flush()
    return event


def chain_heads():
    """{chain_key: [seq, hash]} for every chain's last event."""
    last = (
        select(Event.chain_key, func.max(Event.seq).label("seq"))
        .group_by(Event.chain_key)
        .subquery()
    )
    rows = db.session.execute(
        select(Event.chain_key, Event.seq, Event.hash).join(
            last, (Event.chain_key == last.c.chain_key) & (Event.seq == last.c.seq)
        )
    )
    return {row.chain_key: [row.seq, row.hash] for row in rows}


def anchor_hash(anchor):
    return sha256_hex(
        anchor.prev_hash + canonical({"created_at": _utc_iso(anchor.created_at), "heads": anchor.heads})
    )


def create_anchor():
    """Hash every chain head into a new anchor, so a deleted tail event is detected."""
    previous = db.session.execute(
        select(TrailAnchor).order_by(TrailAnchor.id.desc()).limit(1)
    ).scalar_one_or_none()
    anchor = TrailAnchor(
        created_at=clock.now().replace(microsecond=0),
        heads=chain_heads(),
        prev_hash=previous.hash if previous else GENESIS,
    )
    anchor.hash = anchor_hash(anchor)
    db.session.add(anchor)
    db.session.flush()
    return anchor


def public_event_count():
    """Events whose existence is public: sealed-bid events count only once their project opened."""
    from trading.models import Project

    opened = select(Project.id).where(Project.opened_at.is_not(None))
    return db.session.scalar(
        select(func.count(Event.id)).where(
            Event.sealed_project_id.is_(None) | Event.sealed_project_id.in_(opened)
        )
    )


def verify_trail():
    """Check every chain and anchor. Return {"ok", "events", "first_bad_event"?, "problem"?}."""
    bad = None
    expected = {}
    hashes = {}  # (chain_key, seq) -> hash, so anchors are checked without a query per head
    for event in db.session.execute(select(Event).order_by(Event.chain_key, Event.seq)).scalars():
        seq = expected.get(event.chain_key, 1)
        prev = hashes.get((event.chain_key, seq - 1), GENESIS)
        problem = None
        if event.seq != seq:
            problem = "missing_event_before"
        elif event.prev_hash != prev:
            problem = "previous_hash_mismatch"
        elif event.hash != event_hash(event):
            problem = "content_hash_mismatch"
        if problem and (bad is None or event.id < bad[0]):
            bad = (event.id, problem)
        expected[event.chain_key] = event.seq + 1
        hashes[(event.chain_key, event.seq)] = event.hash

    previous = GENESIS
    for anchor in db.session.execute(select(TrailAnchor).order_by(TrailAnchor.id)).scalars():
        if anchor.prev_hash != previous or anchor.hash != anchor_hash(anchor):
            bad = bad or (None, f"anchor_{anchor.id}_altered")
        for chain_key, (seq, head) in anchor.heads.items():
            if expected.get(chain_key, 1) <= seq:
                bad = bad or (None, f"event_deleted_from_{chain_key}")
            elif hashes.get((chain_key, seq)) != head:
                bad = bad or (None, f"anchored_event_altered_in_{chain_key}")
        previous = anchor.hash

    result = {"ok": bad is None, "events": public_event_count()}
    if bad:
        result["first_bad_event"] = bad[0]
        result["problem"] = bad[1]
    return result

