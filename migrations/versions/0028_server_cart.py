"""the purchaser's cart kept on the server (it outlives the session)

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06 01:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mall_cart_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['mall_product.id'], name=op.f('fk_mall_cart_item_product_id_mall_product')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_mall_cart_item_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mall_cart_item')),
    sa.UniqueConstraint('user_id', 'product_id', name='uq_mall_cart_item_user_product')
    )
    with op.batch_alter_table('mall_cart_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mall_cart_item_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('mall_cart_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mall_cart_item_user_id'))
    op.drop_table('mall_cart_item')
