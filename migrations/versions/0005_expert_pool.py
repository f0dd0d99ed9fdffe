"""expert pool: status with a suspension reason, record counters, declared conflicts

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-22 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('expert', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=20), server_default='active', nullable=False))
        batch_op.add_column(sa.Column('suspension_reason', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('panels_served', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('declines', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('deviation_warnings', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_expert_status'), ['status'], unique=False)
    # Experts made inactive before the pool had a status are suspended ones.
    op.execute(sa.text("UPDATE expert SET status = 'suspended' WHERE NOT active"))

    op.create_table('expert_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['expert_id'], ['expert.id'], name=op.f('fk_expert_conflict_expert_id_expert')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expert_conflict')),
    sa.UniqueConstraint('expert_id', 'uscc', name=op.f('uq_expert_conflict_expert_id'))
    )
    with op.batch_alter_table('expert_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_conflict_expert_id'), ['expert_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expert_conflict_uscc'), ['uscc'], unique=False)


def downgrade():
    with op.batch_alter_table('expert_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_conflict_uscc'))
        batch_op.drop_index(batch_op.f('ix_expert_conflict_expert_id'))
    op.drop_table('expert_conflict')
    with op.batch_alter_table('expert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_status'))
        batch_op.drop_column('deviation_warnings')
        batch_op.drop_column('declines')
        batch_op.drop_column('panels_served')
        batch_op.drop_column('suspension_reason')
        batch_op.drop_column('status')
