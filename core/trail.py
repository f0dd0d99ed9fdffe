"""The tamper-evident trail: hash-chained events, one chain per object, signed anchors, and a
verification that also reconciles the present state with the trail.

Core imports no domain module: at start-up a module declares through the registry how its sealed
scopes are revealed (`registry.add_sealed_scope`) and which fields of its models must equal the state
their chain last recorded (`registry.watch`).
"""
from contextlib import contextmanager
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation

from flask import current_app
from sqlalchemy import func, or_, select, text, update

from core import clock, signing
from core.extensions import db
from core.hashing import canonical, sha256_hex
from core.models import Event, TrailAnchor, TrailHead
from core.plugins import registry_of

GENESIS = "0" * 64
# PostgreSQL advisory lock serialising anchors, so two at once never fork the anchor chain.
ANCHOR_LOCK = 0x7472_6169_6C  # "trail"
# Watched rows are read back this many at a time.
BATCH = 500
# session.info key of the events waiting for the end of a batched() block
_BATCH_KEY = "trail_batch"


def _sealed_scopes():
    """kind -> function returning a select of the revealed ids (registered by the modules)."""
    return registry_of(current_app).sealed_scopes


def _watched():
    """object_type -> (model, fields): the rows verification compares with their chains."""
    return registry_of(current_app).watched


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


def _utc_iso(moment):
    """The timestamp as hashed: UTC, whatever zone it was given in (the database returns UTC)."""
    return moment.astimezone(timezone.utc).isoformat()


def event_hash(event):
    """SHA-256 over the previous hash and the event's own content (an Event or an event row)."""
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
        "sealed_scope": event.sealed_scope,
        "created_at": _utc_iso(event.created_at),
    }
    return sha256_hex(event.prev_hash + canonical(body))


def record_event(obj, action, actor=None, before=None, after=None, sealed_scope=None):
    """Append a state change of `obj` to its chain (inside `batched()`: at the end of the batch).

    The caller holds a lock on `obj` (or has just created it), so appends to one chain
    are serialized; the unique (chain_key, seq) constraint refuses a forked chain.
    `sealed_scope` ("project:5") keeps the event out of public counts until that scope is revealed.
    """
    if sealed_scope is not None:
        kind, _, ident = sealed_scope.partition(":")
        if kind not in _sealed_scopes() or not ident:
            raise ValueError(f"unregistered sealed scope {sealed_scope!r}")
    entry = (obj, action, actor, _plain(before), _plain(after), sealed_scope, clock.now().replace(microsecond=0))
    pending = db.session.info.get(_BATCH_KEY)
    if pending is not None:
        pending.append(entry)
        return None
    return _append([entry])[0]


@contextmanager
def batched():
    """Record the events of the block together, when it ends: one read of their chains' heads and one
    multi-row INSERT, instead of two statements per event (a hot path changing several objects)."""
    if db.session.info.get(_BATCH_KEY) is not None:  # already in a batch: the outer one writes
        yield
        return
    db.session.info[_BATCH_KEY] = pending = []
    try:
        yield
    finally:
        db.session.info.pop(_BATCH_KEY, None)
    if pending:
        _append(pending)


def _heads(chain_keys):
    """{chain_key: (seq, hash)} of the given chains' last events, as trail_head keeps them (its trigger
    follows every insert, this transaction's too)."""
    rows = db.session.execute(select(TrailHead.chain_key, TrailHead.seq, TrailHead.hash)
                              .where(TrailHead.chain_key.in_(chain_keys)))
    return {row.chain_key: (row.seq, row.hash) for row in rows}


def _append(entries):
    db.session.flush()
    keys = [f"{entry[0].__tablename__}:{entry[0].id}" for entry in entries]
    heads = _heads(sorted(set(keys)))
    events = []
    for chain_key, (obj, action, actor, before, after, sealed_scope, created_at) in zip(keys, entries):
        seq, prev_hash = heads.get(chain_key, (0, GENESIS))
        event = Event(chain_key=chain_key, seq=seq + 1, action=action, object_type=obj.__tablename__,
                      object_id=obj.id, actor_id=getattr(actor, "id", None),
                      actor_label=getattr(actor, "username", None), before=before, after=after,
                      sealed_scope=sealed_scope, created_at=created_at, prev_hash=prev_hash)
        event.hash = event_hash(event)
        heads[chain_key] = (event.seq, event.hash)
        events.append(event)
    db.session.add_all(events)
    db.session.flush()
    handlers = registry_of(current_app).event_handlers
    for (obj, *_), event in zip(entries, events):
        for handler in handlers.get(event.action, ()):
            handler(obj, event)
    return events


# -- Anchors -------------------------------------------------------------------------------------

def chain_heads():
    """{chain_key: [seq, hash]} for every chain's last event, read from the events themselves (trail_head
    is the copy a trigger keeps)."""
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


def heads_hash(heads):
    return sha256_hex(canonical(heads))


def anchor_hash(anchor):
    """SHA-256 over the previous anchor's hash and {created_at (UTC ISO 8601), heads_hash}."""
    return sha256_hex(
        anchor.prev_hash + canonical({"created_at": _utc_iso(anchor.created_at), "heads_hash": anchor.heads_hash})
    )


def _lock_anchors():
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ANCHOR_LOCK})


def _new_heads():
    """{chain_key: [seq, hash]} of the heads no anchor has named yet, now marked as named.

    Heads that a transaction still in flight is moving are skipped (its row is locked; they are not
    committed anyway) and fall to the next anchor: an anchor never waits for other writers, so two
    transactions that each record events and then anchor cannot deadlock on each other's heads."""
    pending = select(TrailHead.chain_key).where(TrailHead.pending).with_for_update(skip_locked=True)
    rows = db.session.execute(
        update(TrailHead).where(TrailHead.chain_key.in_(pending)).values(anchored_seq=TrailHead.seq, pending=False)
        .returning(TrailHead.chain_key, TrailHead.seq, TrailHead.hash)
        .execution_options(synchronize_session=False))
    return {row.chain_key: [row.seq, row.hash] for row in rows}


def heads_pending():
    """Whether a chain head moved since the last anchor."""
    return db.session.scalar(select(TrailHead.chain_key).where(TrailHead.pending).limit(1)) is not None


def create_anchor():
    """Hash the chain heads changed since the previous anchor into a new signed anchor, chained to it,
    so that a deleted tail event is detected (the cost follows the changes, not the trail's size)."""
    db.session.flush()
    _lock_anchors()
    previous = db.session.execute(
        select(TrailAnchor.hash).order_by(TrailAnchor.id.desc()).limit(1)
    ).scalar_one_or_none()
    heads = _new_heads()
    anchor = TrailAnchor(
        created_at=clock.now().replace(microsecond=0),
        heads=heads,
        heads_hash=heads_hash(heads),
        prev_hash=previous or GENESIS,
    )
    anchor.hash = anchor_hash(anchor)
    anchor.signature = signing.sign(anchor.hash)
    db.session.add(anchor)
    db.session.flush()
    return anchor


def public_anchor(anchor):
    """What outsiders may keep: never the heads, whose number would count sealed sign-ups and bids."""
    return {
        "id": anchor.id,
        "created_at": _utc_iso(anchor.created_at),
        "heads_hash": anchor.heads_hash,
        "prev_hash": anchor.prev_hash,
        "hash": anchor.hash,
        "signature": anchor.signature,
    }


# -- Verification --------------------------------------------------------------------------------

def _revealed_scopes():
    revealed = set()
    for kind, revealed_ids in _sealed_scopes().items():
        revealed.update(f"{kind}:{ident}" for ident in db.session.scalars(revealed_ids()))
    return revealed


def _check_anchors(problems):
    """Check the anchor chain and signatures; return the heads of the sound anchors.

    Returns {chain_key: {seq: (hash, anchor_id)}}, the first sound anchor naming each head, and the
    (chain_key, seq) named only by unsound anchors (already reported as such).
    """
    key = signing.public_key()
    anchored, unsound = {}, set()
    previous = GENESIS
    rows = db.session.execute(select(TrailAnchor.__table__).order_by(TrailAnchor.id).execution_options(yield_per=100))
    for anchor in rows:
        name = f"anchor:{anchor.id}"
        sound = True
        if anchor.prev_hash != previous:
            problems.append({"object": name, "problem": "previous_hash_mismatch"})
            sound = False
        if anchor.heads_hash != heads_hash(anchor.heads) or anchor.hash != anchor_hash(anchor):
            problems.append({"object": name, "problem": "content_hash_mismatch"})
            sound = False
        if not signing.signature_ok(key, anchor.hash, anchor.signature):
            problems.append({"object": name, "problem": "signature_invalid"})
            sound = False
        previous = anchor.hash
        if not sound:  # an unsound anchor vouches for nothing
            unsound.update((chain_key, seq) for chain_key, (seq, _) in anchor.heads.items())
            continue
        for chain_key, (seq, head) in anchor.heads.items():
            seen = anchored.setdefault(chain_key, {}).setdefault(seq, (head, anchor.id))
            if seen[0] != head:
                problems.append({"object": chain_key, "problem": "anchors_disagree", "seq": seq,
                                 "anchors": [seen[1], anchor.id]})
    return anchored, unsound


def _check_anchored_heads(anchored, unsound, problems):
    """Every head marked as named by an anchor must be named by one (a head marked by hand would keep its
    chain out of the next anchors, and a later deletion of its tail would go unnoticed); a head not pending
    must be the one marked."""
    rows = db.session.execute(
        select(TrailHead.chain_key, TrailHead.seq, TrailHead.anchored_seq, TrailHead.pending)
        .where(or_(TrailHead.anchored_seq.is_not(None), ~TrailHead.pending)).execution_options(yield_per=1000))
    for chain_key, seq, anchored_seq, pending in rows:
        if not pending and anchored_seq != seq:
            problems.append({"object": chain_key, "problem": "head_not_anchored", "seq": seq})
        elif anchored_seq not in anchored.get(chain_key, {}) and (chain_key, anchored_seq) not in unsound:
            problems.append({"object": chain_key, "problem": "head_not_anchored", "seq": anchored_seq})


def _same(recorded, current):
    """Whether a row's value equals the value the trail recorded (as `_plain` hashed it)."""
    if isinstance(current, Decimal) and recorded is not None:
        try:
            return Decimal(str(recorded)) == current
        except InvalidOperation:
            return False
    if isinstance(current, datetime) and isinstance(recorded, str):
        try:
            return datetime.fromisoformat(recorded) == current
        except ValueError:
            return False
    return _plain(current) == recorded


class _Reconciler:
    """Compares the state folded from each watched chain with its row, a batch of rows at a time."""

    def __init__(self, problems):
        self.problems = problems
        self.pending = {}  # object_type -> [(object_id, chain_key, state)]

    def add(self, object_type, object_id, chain_key, state):
        if not state:
            return
        batch = self.pending.setdefault(object_type, [])
        batch.append((object_id, chain_key, state))
        if len(batch) >= BATCH:
            self.flush(object_type)

    def flush(self, object_type):
        batch = self.pending.pop(object_type, [])
        if not batch:
            return
        model, _ = _watched()[object_type]
        loading = model.watched_loading() if hasattr(model, "watched_loading") else ()
        rows = {row.id: row for row in db.session.scalars(
            select(model).where(model.id.in_([object_id for object_id, _, _ in batch])).options(*loading)
            .execution_options(populate_existing=True)
        )}
        for object_id, chain_key, state in batch:
            row = rows.get(object_id)
            if row is None:
                self.problems.append({"object": chain_key, "problem": "row_missing"})
                continue
            for field, recorded in state.items():
                current = getattr(row, field)
                if not _same(recorded, current):
                    self.problems.append({"object": chain_key, "problem": "state_mismatch", "field": field,
                                          "recorded": recorded, "current": _plain(current)})

    def finish(self):
        for object_type in list(self.pending):
            self.flush(object_type)


class _Chain:
    """Where the stream stands in one chain: its last event, and its folded watched state."""

    def __init__(self, event):
        self.key, self.object_type, self.object_id = event.chain_key, event.object_type, event.object_id
        self.seq, self.hash = 0, GENESIS
        self.head = (event.head_seq, event.head_hash)  # as trail_head keeps it
        watched = _watched().get(event.object_type)
        self.fields = watched[1] if watched else ()
        self.state = {}

    def problem(self, event):
        if event.seq != self.seq + 1:
            return "missing_event_before"
        if event.prev_hash != self.hash:
            return "previous_hash_mismatch"
        if event.hash != event_hash(event):
            return "content_hash_mismatch"
        return None

    def advance(self, event):
        self.seq, self.hash = event.seq, event.hash
        if event.after:  # later events override earlier keys
            self.state.update({f: event.after[f] for f in self.fields if f in event.after})


def _check_head(chain, deletion_reported, problems):
    """The chain's last event must be the head trail_head kept when it was inserted: newest events deleted
    before any anchor named them are found here (unless the head was edited too, which anchors catch)."""
    head_seq, head_hash = chain.head
    if (head_seq, head_hash) == (chain.seq, chain.hash):
        return
    if head_seq is not None and head_seq > chain.seq:
        if not deletion_reported:
            problems.append({"object": chain.key, "problem": "newest_events_missing", "seq": chain.seq + 1})
        return
    problems.append({"object": chain.key, "problem": "head_mismatch", "seq": chain.seq})


def verify_trail():
    """Check every chain, every anchor and its signature, and the watched rows against the trail.

    Events are streamed in chain order; only the current chain's head, the sound anchors' heads
    and a batch of folded states are kept in memory. Returns
    {"ok", "events", "first_bad_event"?, "problem"?, "problems"?: [{"object", "problem", ...}]}.
    """
    problems = []
    anchored, unsound = _check_anchors(problems)
    _check_anchored_heads(anchored, unsound, problems)
    revealed = _revealed_scopes()
    reconciler = _Reconciler(problems)
    count = 0

    def close(chain):
        heads = anchored.pop(chain.key, {})
        missing = sorted(seq for seq in heads if seq > chain.seq)
        if missing:
            problems.append({"object": chain.key, "problem": "event_deleted", "seq": missing[0],
                             "anchor": heads[missing[0]][1]})
        _check_head(chain, bool(missing), problems)
        reconciler.add(chain.object_type, chain.object_id, chain.key, chain.state)

    chain = None
    events = db.session.execute(
        select(Event.__table__, TrailHead.seq.label("head_seq"), TrailHead.hash.label("head_hash"))
        .outerjoin(TrailHead, TrailHead.chain_key == Event.chain_key)
        .order_by(Event.chain_key, Event.seq).execution_options(yield_per=1000)
    )
    for event in events:
        if chain is None or chain.key != event.chain_key:
            if chain is not None:
                close(chain)
            chain = _Chain(event)
        if event.sealed_scope is None or event.sealed_scope in revealed:
            count += 1
        problem = chain.problem(event)
        if problem:
            problems.append({"object": chain.key, "problem": problem, "event": event.id})
        head = anchored.get(chain.key, {}).get(event.seq)
        if head and head[0] != event.hash:
            problems.append({"object": chain.key, "problem": "anchored_event_altered", "event": event.id,
                             "anchor": head[1]})
        chain.advance(event)
    if chain is not None:
        close(chain)
    for chain_key, heads in anchored.items():  # chains whose every event is gone
        first = min(heads)
        problems.append({"object": chain_key, "problem": "event_deleted", "seq": first, "anchor": heads[first][1]})
    gone = select(TrailHead.chain_key).where(~select(Event.id).where(Event.chain_key == TrailHead.chain_key).exists())
    for chain_key in db.session.scalars(gone):  # the same, before any anchor named them
        if chain_key not in anchored:
            problems.append({"object": chain_key, "problem": "newest_events_missing", "seq": 1})
    reconciler.finish()

    result = {"ok": not problems, "events": count}
    if problems:
        problems.sort(key=_problem_order)
        bad_events = [p["event"] for p in problems if "event" in p]
        if bad_events:
            result["first_bad_event"] = min(bad_events)
        result["problem"] = problems[0]["problem"]
        result["problems"] = problems
    return result


def _problem_order(problem):
    """Bad events first (oldest first), then deleted events, then anchors, then the present state."""
    if "event" in problem:
        return (0, problem["event"], "")
    if problem["object"].startswith("anchor:"):
        return (2, int(problem["object"].split(":")[1]), "")
    if problem["problem"] in ("state_mismatch", "row_missing"):
        return (3, 0, "")
    return (1, 0, problem["object"])
