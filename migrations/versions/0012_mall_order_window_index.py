"""mall orders: one index on purchaser and time (a unit's orders, the split-order window) instead of purchaser alone

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22 05:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_mall_order_purchaser_placed', 'mall_order', ['purchaser_id', 'placed_at'], unique=False)
    op.drop_index('ix_mall_order_purchaser_id', table_name='mall_order')


def downgrade():
    op.create_index('ix_mall_order_purchaser_id', 'mall_order', ['purchaser_id'], unique=False)
    op.drop_index('ix_mall_order_purchaser_placed', table_name='mall_order')
