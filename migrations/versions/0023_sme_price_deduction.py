"""SME price deduction: a bid's declaration that its bidder is a small or micro enterprise, read from its sealed
commercial part at the opening (the project's deduction lives in its evaluation settings)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bid', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sme', sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table('bid', schema=None) as batch_op:
        batch_op.drop_column('sme')
