"""background work: the tasks that failed for good, and the batch of a notification (its task adds each
recipient's notification once, however often it runs)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('task_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(length=200), nullable=False),
    sa.Column('args', sa.JSON(), nullable=False),
    sa.Column('kwargs', sa.JSON(), nullable=False),
    sa.Column('error', sa.String(length=2000), nullable=False),
    sa.Column('trace', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('failed_at', sa.DateTime(), nullable=False),
    sa.Column('rerun_at', sa.DateTime(), nullable=True),
    sa.Column('rerun_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['rerun_by_id'], ['user.id'], name=op.f('fk_task_failure_rerun_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_failure'))
    )
    with op.batch_alter_table('task_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_failure_failed_at'), ['failed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_failure_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_failure_task'), ['task'], unique=False)
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batch', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_notification_batch_user_id', ['batch', 'user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_batch_user_id')
        batch_op.drop_column('batch')
    op.drop_table('task_failure')
