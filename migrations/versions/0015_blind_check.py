"""blind check: a bid whose technical part names its bidder (暗标), found at the opening, and the center's decision

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('blind_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('violations', sa.JSON(), nullable=False),
    sa.Column('found_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_blind_check_bid_id_bid')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_blind_check_decided_by_id_user')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_blind_check_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blind_check')),
    sa.UniqueConstraint('bid_id', name=op.f('uq_blind_check_bid_id'))
    )
    with op.batch_alter_table('blind_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blind_check_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('blind_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_blind_check_project_id'))
    op.drop_table('blind_check')
