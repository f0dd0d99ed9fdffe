"""mall search speed: indexes on the products' last change (the catalogue's default order) and on category and price

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22 02:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    # Not in batch mode: SQLite must not rebuild mall_product (its full-text triggers would go).
    op.create_index('ix_mall_product_updated_at', 'mall_product', ['updated_at'], unique=False)
    op.create_index('ix_mall_product_category_price', 'mall_product', ['category_code', 'price'], unique=False)


def downgrade():
    op.drop_index('ix_mall_product_category_price', table_name='mall_product')
    op.drop_index('ix_mall_product_updated_at', table_name='mall_product')
