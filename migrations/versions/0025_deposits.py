"""bid deposits: declared inside the sealed bid (kept sealed on withdrawal), checked after the opening, refunded
within 5 working days of their release

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 00:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bid', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deposit_ciphertext', sa.LargeBinary(), nullable=True))
    op.create_table('deposit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=12), nullable=True),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('issuer', sa.String(length=200), nullable=True),
    sa.Column('required', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('check_note', sa.String(length=500), nullable=True),
    sa.Column('checked_at', sa.DateTime(), nullable=True),
    sa.Column('checked_by_id', sa.Integer(), nullable=True),
    sa.Column('released_by', sa.String(length=12), nullable=True),
    sa.Column('released_on', sa.Date(), nullable=True),
    sa.Column('refund_due_on', sa.Date(), nullable=True),
    sa.Column('refund_due_estimated', sa.Boolean(), nullable=False),
    sa.Column('refunded_on', sa.Date(), nullable=True),
    sa.Column('refund_reference', sa.String(length=100), nullable=True),
    sa.Column('late_days', sa.Integer(), nullable=True),
    sa.Column('interest', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('refunded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('reminded', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_deposit_bid_id_bid')),
    sa.ForeignKeyConstraint(['checked_by_id'], ['user.id'], name=op.f('fk_deposit_checked_by_id_user')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_deposit_organization_id_organization')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_deposit_project_id_project')),
    sa.ForeignKeyConstraint(['refunded_by_id'], ['user.id'], name=op.f('fk_deposit_refunded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deposit')),
    sa.UniqueConstraint('bid_id', name=op.f('uq_deposit_bid_id'))
    )
    with op.batch_alter_table('deposit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deposit_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deposit_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deposit_refund_due_on'), ['refund_due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_deposit_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('deposit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deposit_status'))
        batch_op.drop_index(batch_op.f('ix_deposit_refund_due_on'))
        batch_op.drop_index(batch_op.f('ix_deposit_project_id'))
        batch_op.drop_index(batch_op.f('ix_deposit_organization_id'))
    op.drop_table('deposit')
    with op.batch_alter_table('bid', schema=None) as batch_op:
        batch_op.drop_column('deposit_ciphertext')
