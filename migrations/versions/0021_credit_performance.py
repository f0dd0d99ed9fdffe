"""credit from performance: a credit record is a deduction or a bonus (points, kind), valid from a date, with its
source (a contract's performance rating, 履约评价) when the center did not enter it

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('credit_record', schema=None) as batch_op:
        batch_op.alter_column('deduction', new_column_name='points', existing_type=sa.Numeric(precision=5, scale=2),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('kind', sa.String(length=10), server_default='deduction', nullable=False))
        batch_op.add_column(sa.Column('valid_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('source_kind', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('source_ref', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('source_link', sa.String(length=300), nullable=True))


def downgrade():
    # The old table knows deductions only: a bonus kept there would count as one.
    op.execute("DELETE FROM credit_record WHERE kind = 'bonus'")
    with op.batch_alter_table('credit_record', schema=None) as batch_op:
        batch_op.drop_column('source_link')
        batch_op.drop_column('source_ref')
        batch_op.drop_column('source_kind')
        batch_op.drop_column('valid_from')
        batch_op.drop_column('kind')
        batch_op.alter_column('points', new_column_name='deduction', existing_type=sa.Numeric(precision=5, scale=2),
                              existing_nullable=False)
