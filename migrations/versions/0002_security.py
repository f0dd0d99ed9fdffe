"""security: login sessions, rejection reason, USCC held only by non-rejected organisations

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0004'
branch_labels = None
depends_on = None

NOT_REJECTED = sa.text("status != 'rejected'")


def upgrade():
    op.create_table('login_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_login_session_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_login_session_token_hash'))
    )
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_session_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rejection_reason', sa.String(length=500), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_organization_uscc'), type_='unique')
        batch_op.create_index('uq_organization_uscc_held', ['uscc'], unique=True,
                              sqlite_where=NOT_REJECTED, postgresql_where=NOT_REJECTED)


def downgrade():
    # Fails if a rejected and a live organisation share a USCC: resolve those first.
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_index('uq_organization_uscc_held', sqlite_where=NOT_REJECTED, postgresql_where=NOT_REJECTED)
        batch_op.create_unique_constraint(batch_op.f('uq_organization_uscc'), ['uscc'])
        batch_op.drop_column('rejection_reason')

    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_session_user_id'))

    op.drop_table('login_session')
