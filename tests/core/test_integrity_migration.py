"""Migration 0003 turns sealed_project_id into sealed_scope and re-seals the existing trail, both ways."""
import hashlib
import json
import os
from datetime import datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from core import trail
from core.extensions import db

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "migrations")
GENESIS = "0" * 64
CREATED = datetime(2026, 12, 1, 1, 0, 0)  # naive UTC, as stored

legacy_event = sa.table(
    "event", *(sa.column(name) for name in (
        "id", "chain_key", "seq", "action", "object_type", "object_id", "actor_id", "actor_label",
        "sealed_project_id", "created_at", "prev_hash", "hash")),
    sa.column("before", sa.JSON), sa.column("after", sa.JSON),
)
legacy_anchor = sa.table("trail_anchor", sa.column("id"), sa.column("created_at"), sa.column("heads", sa.JSON),
                         sa.column("prev_hash"), sa.column("hash"))


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def legacy_events():
    """Events as the code before 0003 hashed them: user:1 (2 events), a sealed sign-up, an edited user:2."""
    rows, heads = [], {}
    for event_id, (chain_key, seq, after, sealed) in enumerate([
        ("user:1", 1, {"username": "a", "role": "admin"}, None),
        ("user:1", 2, {"active": False}, None),
        ("signup:1", 1, {"project_id": 5}, 5),
        ("user:2", 1, {"username": "b", "role": "admin"}, None),
    ], start=1):
        kind, object_id = chain_key.split(":")
        row = {"id": event_id, "chain_key": chain_key, "seq": seq, "action": "x.changed", "object_type": kind,
               "object_id": int(object_id), "actor_id": None, "actor_label": None, "before": None, "after": after,
               "sealed_project_id": sealed, "created_at": CREATED,
               "prev_hash": heads[chain_key][1] if seq > 1 else GENESIS}
        body = {k: row[k] for k in ("chain_key", "seq", "action", "object_type", "object_id", "actor_id",
                                    "actor_label", "before", "after", "sealed_project_id")}
        body["created_at"] = "2026-12-01T01:00:00+00:00"
        row["hash"] = sha256(row["prev_hash"] + canonical(body))
        heads[chain_key] = [seq, row["hash"]]
        rows.append(row)
    rows[3]["hash"] = heads["user:2"][1] = "f" * 64  # edited before the migration
    return rows, heads


def migrate(action, revision=None):
    db.session.remove()
    db.engine.dispose()
    action(directory=MIGRATIONS, **({"revision": revision} if revision else {}))
    db.engine.dispose()


def test_the_migration_reseals_an_intact_trail_and_keeps_an_edited_event_detected(app):
    migrate(downgrade, "0001")
    rows, heads = legacy_events()
    anchor_hash = sha256(GENESIS + canonical({"created_at": "2026-12-01T01:00:00+00:00", "heads": heads}))
    with db.engine.begin() as conn:
        conn.execute(legacy_event.insert(), rows)
        conn.execute(legacy_anchor.insert(), [{"id": 1, "created_at": CREATED, "heads": heads, "prev_hash": GENESIS,
                                               "hash": anchor_hash}])
    migrate(upgrade)

    scopes = dict(db.session.execute(sa.text("SELECT id, sealed_scope FROM event")).all())
    assert scopes == {1: None, 2: None, 3: "project:5", 4: None}
    # The sign-up stays sealed (project 5 was never opened); the edited event is still caught.
    assert trail.verify_trail() == {"ok": False, "events": 3, "first_bad_event": 4, "problem": "content_hash_mismatch",
                                    "problems": [{"object": "user:2", "problem": "content_hash_mismatch", "event": 4}]}

    migrate(downgrade, "0001")
    with db.engine.connect() as conn:
        restored = conn.execute(sa.select(legacy_event.c.id, legacy_event.c.sealed_project_id, legacy_event.c.prev_hash,
                                          legacy_event.c.hash).order_by(legacy_event.c.id)).all()
        anchor = conn.execute(sa.select(legacy_anchor.c.heads, legacy_anchor.c.hash)).one()
    assert [tuple(r) for r in restored] == [(r["id"], r["sealed_project_id"], r["prev_hash"], r["hash"]) for r in rows]
    assert (anchor.heads, anchor.hash) == (heads, anchor_hash)
    migrate(upgrade)
