"""integrity of the record: general sealed scopes, signed anchors

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-01 09:00:00

event.sealed_project_id (N) becomes event.sealed_scope ("project:N"); anchors get heads_hash and an
Ed25519 signature, and publish heads_hash instead of the heads. Both changes alter what is hashed,
so existing events and anchors are re-sealed with the new formulas (frozen copies below), and the
existing anchors are signed with the configured key. Only an intact link is re-sealed: an event or
anchor that did not verify before keeps its old hash and stays detected afterwards.
"""
import hashlib
import json
from datetime import timezone

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

GENESIS = "0" * 64

event = sa.table(
    "event",
    sa.column("id", sa.Integer), sa.column("chain_key", sa.String), sa.column("seq", sa.Integer),
    sa.column("action", sa.String), sa.column("object_type", sa.String), sa.column("object_id", sa.Integer),
    sa.column("actor_id", sa.Integer), sa.column("actor_label", sa.String), sa.column("before", sa.JSON),
    sa.column("after", sa.JSON), sa.column("sealed_project_id", sa.Integer), sa.column("sealed_scope", sa.String),
    sa.column("created_at", sa.DateTime), sa.column("prev_hash", sa.String), sa.column("hash", sa.String),
)
anchor = sa.table(
    "trail_anchor",
    sa.column("id", sa.Integer), sa.column("created_at", sa.DateTime), sa.column("heads", sa.JSON),
    sa.column("heads_hash", sa.String), sa.column("prev_hash", sa.String), sa.column("hash", sa.String),
    sa.column("signature", sa.String),
)


def _sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _utc_iso(naive_utc):
    return naive_utc.replace(tzinfo=timezone.utc).isoformat()


def _event_hash(row, prev_hash, sealed):
    """`sealed` is ("sealed_project_id", N) before 0003, ("sealed_scope", "project:N") from 0003 on."""
    body = {
        "chain_key": row.chain_key, "seq": row.seq, "action": row.action, "object_type": row.object_type,
        "object_id": row.object_id, "actor_id": row.actor_id, "actor_label": row.actor_label,
        "before": row.before, "after": row.after, sealed[0]: sealed[1], "created_at": _utc_iso(row.created_at),
    }
    return _sha(prev_hash + _canonical(body))


def _old_sealed(row):
    return ("sealed_project_id", row.sealed_project_id)


def _new_sealed(row):
    return ("sealed_scope", row.sealed_scope)


def _old_anchor_hash(row, prev_hash, heads):
    return _sha(prev_hash + _canonical({"created_at": _utc_iso(row.created_at), "heads": heads}))


def _new_anchor_hash(row, prev_hash, heads_hash):
    return _sha(prev_hash + _canonical({"created_at": _utc_iso(row.created_at), "heads_hash": heads_hash}))


def _reseal_events(conn, was, becomes):
    """Re-hash every intact event with the formula `becomes`; return {old hash: new hash}."""
    renamed = {GENESIS: GENESIS}
    rows = conn.execute(sa.select(event).order_by(event.c.chain_key, event.c.seq)).all()
    for row in rows:
        prev = renamed.get(row.prev_hash, row.prev_hash)
        if row.hash == _event_hash(row, row.prev_hash, was(row)):
            new = _event_hash(row, prev, becomes(row))
        else:
            new = row.hash  # already broken: leave it detectable
        renamed[row.hash] = new
        if (prev, new) != (row.prev_hash, row.hash):
            conn.execute(event.update().where(event.c.id == row.id).values(prev_hash=prev, hash=new))
    return renamed


def _signer():
    # The configured TRAIL_SIGNING_KEY (or the development key in debug and testing).
    from core import signing

    return signing.sign


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_scope', sa.String(length=80), nullable=True))
    with op.batch_alter_table('trail_anchor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heads_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('signature', sa.String(length=100), nullable=True))

    conn = op.get_bind()
    conn.execute(event.update().where(event.c.sealed_project_id.is_not(None)).values(
        sealed_scope=sa.literal("project:") + sa.cast(event.c.sealed_project_id, sa.String)))
    renamed = _reseal_events(conn, _old_sealed, _new_sealed)
    previous_old, previous_new, sign = GENESIS, GENESIS, None
    for row in conn.execute(sa.select(anchor).order_by(anchor.c.id)).all():
        heads = {key: [seq, renamed.get(head, head)] for key, (seq, head) in row.heads.items()}
        heads_hash = _sha(_canonical(heads))
        if row.prev_hash == previous_old and row.hash == _old_anchor_hash(row, row.prev_hash, row.heads):
            sign = sign or _signer()
            new = _new_anchor_hash(row, previous_new, heads_hash)
            values = dict(heads=heads, heads_hash=heads_hash, prev_hash=previous_new, hash=new, signature=sign(new))
        else:  # already broken: unsigned, so it stays detected
            new = row.hash
            values = dict(heads_hash=_sha(_canonical(row.heads)), signature="")
        conn.execute(anchor.update().where(anchor.c.id == row.id).values(**values))
        previous_old, previous_new = row.hash, new

    with op.batch_alter_table('trail_anchor', schema=None) as batch_op:
        batch_op.alter_column('heads_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('signature', existing_type=sa.String(length=100), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_trail_anchor_prev_hash'), ['prev_hash'])
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_sealed_project_id'))
        batch_op.drop_column('sealed_project_id')
        batch_op.create_index(batch_op.f('ix_event_sealed_scope'), ['sealed_scope'], unique=False)


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_project_id', sa.Integer(), nullable=True))
    conn = op.get_bind()
    for row in conn.execute(sa.select(event.c.id, event.c.sealed_scope).where(event.c.sealed_scope.is_not(None))).all():
        kind, _, ident = row.sealed_scope.partition(":")
        if kind == "project":  # other kinds did not exist before 0003
            conn.execute(event.update().where(event.c.id == row.id).values(sealed_project_id=int(ident)))
    renamed = _reseal_events(conn, _new_sealed, _old_sealed)
    previous_new, previous_old = GENESIS, GENESIS
    for row in conn.execute(sa.select(anchor).order_by(anchor.c.id)).all():
        heads = {key: [seq, renamed.get(head, head)] for key, (seq, head) in row.heads.items()}
        intact = (row.prev_hash == previous_new and row.heads_hash == _sha(_canonical(row.heads))
                  and row.hash == _new_anchor_hash(row, row.prev_hash, row.heads_hash))
        new = _old_anchor_hash(row, previous_old, heads) if intact else row.hash
        if intact:
            conn.execute(anchor.update().where(anchor.c.id == row.id).values(heads=heads, prev_hash=previous_old, hash=new))
        previous_new, previous_old = row.hash, new

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_sealed_scope'))
        batch_op.drop_column('sealed_scope')
        batch_op.create_index(batch_op.f('ix_event_sealed_project_id'), ['sealed_project_id'], unique=False)
    with op.batch_alter_table('trail_anchor', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_trail_anchor_prev_hash'), type_='unique')
        batch_op.drop_column('signature')
        batch_op.drop_column('heads_hash')
