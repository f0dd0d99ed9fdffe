"""the evaluation's time and place, stated by the center when it draws the panel (the invitations say them)

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('expert_draw', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evaluation_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('evaluation_place', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('expert_draw', schema=None) as batch_op:
        batch_op.drop_column('evaluation_place')
        batch_op.drop_column('evaluation_at')
