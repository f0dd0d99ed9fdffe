"""trail heads: each chain's last event kept by a trigger, and which of its heads the anchors have named

Anchors used to hash every chain head read from the whole event table, and store them all: their cost
and size grew with the trail (every mall product is a chain). An anchor now names the heads that changed
since the anchors before it; the anchor chain, folded, still names every head.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-22 06:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

POSTGRESQL_TRIGGER = [
    """CREATE FUNCTION trail_head_follow() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO trail_head (chain_key, seq, hash, pending) VALUES (NEW.chain_key, NEW.seq, NEW.hash, true)
        ON CONFLICT (chain_key) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, pending = true
        WHERE trail_head.seq < EXCLUDED.seq;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER trail_head_follow AFTER INSERT ON event FOR EACH ROW EXECUTE FUNCTION trail_head_follow()",
]
SQLITE_TRIGGER = [
    "CREATE TRIGGER trail_head_follow AFTER INSERT ON event BEGIN "
    "INSERT OR IGNORE INTO trail_head (chain_key, seq, hash, pending) VALUES (new.chain_key, 0, '', 1); "
    "UPDATE trail_head SET seq = new.seq, hash = new.hash, pending = 1 "
    "WHERE chain_key = new.chain_key AND seq < new.seq; END",
]


def upgrade():
    op.create_table(
        'trail_head',
        sa.Column('chain_key', sa.String(length=80), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Column('anchored_seq', sa.Integer(), nullable=True),
        sa.Column('pending', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('chain_key', name=op.f('pk_trail_head')),
    )
    # The heads no anchor has named yet: an anchor reads them without scanning every chain.
    op.create_index('ix_trail_head_pending', 'trail_head', ['chain_key'], unique=False,
                    postgresql_where=sa.text('pending'), sqlite_where=sa.text('pending'))
    # The heads of the trail so far; none counted as anchored, so the next anchor names them all.
    op.execute(sa.text(
        "INSERT INTO trail_head (chain_key, seq, hash, pending) SELECT e.chain_key, e.seq, e.hash, true FROM event e "
        "JOIN (SELECT chain_key, max(seq) AS seq FROM event GROUP BY chain_key) last "
        "ON last.chain_key = e.chain_key AND last.seq = e.seq"))
    dialect = op.get_bind().dialect.name
    for statement in {"postgresql": POSTGRESQL_TRIGGER, "sqlite": SQLITE_TRIGGER}.get(dialect, []):
        op.execute(sa.text(statement))


def downgrade():
    op.execute(sa.text("DROP TRIGGER IF EXISTS trail_head_follow" +
                       (" ON event" if op.get_bind().dialect.name == "postgresql" else "")))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.text("DROP FUNCTION IF EXISTS trail_head_follow()"))
    op.drop_index('ix_trail_head_pending', table_name='trail_head')
    op.drop_table('trail_head')
