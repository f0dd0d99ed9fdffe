"""mall orders: budget lines, orders and their items, competitions and sealed quotes

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 01:17:19.287208

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('budget_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('reserved', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('spent', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('reserved >= 0 AND spent >= 0 AND reserved + spent <= amount', name=op.f('ck_budget_line_within_amount')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_budget_line_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_line')),
    sa.UniqueConstraint('organization_id', 'year', 'code', name='uq_budget_line_org_year_code')
    )
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_line_organization_id'), ['organization_id'], unique=False)

    op.create_table('mall_competition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('purchaser_id', sa.Integer(), nullable=False),
    sa.Column('budget_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category_code', sa.String(length=20), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('spec', sa.String(length=2000), nullable=False),
    sa.Column('budget_amount', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('closes_at', sa.DateTime(), nullable=False),
    sa.Column('sealed_key', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('failed_reason', sa.String(length=40), nullable=True),
    sa.Column('winning_quote_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['budget_id'], ['budget_line.id'], name=op.f('fk_mall_competition_budget_id_budget_line')),
    sa.ForeignKeyConstraint(['category_code'], ['mall_category.code'], name=op.f('fk_mall_competition_category_code_mall_category')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_mall_competition_created_by_id_user')),
    sa.ForeignKeyConstraint(['purchaser_id'], ['organization.id'], name=op.f('fk_mall_competition_purchaser_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mall_competition')),
    sa.UniqueConstraint('code', name=op.f('uq_mall_competition_code'))
    )
    with op.batch_alter_table('mall_competition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mall_competition_budget_id'), ['budget_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mall_competition_category_code'), ['category_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_mall_competition_closes_at'), ['closes_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mall_competition_purchaser_id'), ['purchaser_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mall_competition_status'), ['status'], unique=False)

    op.create_table('mall_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('purchaser_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('budget_id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('total', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('savings', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('placed_at', sa.DateTime(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('shipped_at', sa.DateTime(), nullable=True),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('acceptance_date', sa.Date(), nullable=True),
    sa.Column('acceptance_note', sa.String(length=1000), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('paid_at', sa.DateTime(), nullable=True),
    sa.Column('paid_amount', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('payment_date', sa.Date(), nullable=True),
    sa.Column('invoice_number', sa.String(length=60), nullable=True),
    sa.Column('payment_reference', sa.String(length=100), nullable=True),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('cancel_reason', sa.String(length=500), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('rated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['user.id'], name=op.f('fk_mall_order_accepted_by_id_user')),
    sa.ForeignKeyConstraint(['budget_id'], ['budget_line.id'], name=op.f('fk_mall_order_budget_id_budget_line')),
    sa.ForeignKeyConstraint(['competition_id'], ['mall_competition.id'], name=op.f('fk_mall_order_competition_id_mall_competition')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_mall_order_created_by_id_user')),
    sa.ForeignKeyConstraint(['purchaser_id'], ['organization.id'], name=op.f('fk_mall_order_purchaser_id_organization')),
    sa.ForeignKeyConstraint(['supplier_id'], ['organization.id'], name=op.f('fk_mall_order_supplier_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mall_order')),
    sa.UniqueConstraint('code', name=op.f('uq_mall_order_code')),
    sa.UniqueConstraint('competition_id', name=op.f('uq_mall_order_competition_id'))
    )
    with op.batch_alter_table('mall_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mall_order_budget_id'), ['budget_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mall_order_placed_at'), ['placed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mall_order_purchaser_id'), ['purchaser_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mall_order_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_mall_order_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('mall_quote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competition_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
    sa.Column('receipt', sa.String(length=64), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('unit_price', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('total', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('valid', sa.Boolean(), nullable=True),
    sa.Column('invalid_reason', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['competition_id'], ['mall_competition.id'], name=op.f('fk_mall_quote_competition_id_mall_competition')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_mall_quote_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mall_quote')),
    sa.UniqueConstraint('competition_id', 'organization_id', name='uq_mall_quote_supplier')
    )
    with op.batch_alter_table('mall_quote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mall_quote_competition_id'), ['competition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mall_quote_organization_id'), ['organization_id'], unique=False)

    op.create_table('mall_order_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('category_code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('reference_price', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('line_total', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['category_code'], ['mall_category.code'], name=op.f('fk_mall_order_item_category_code_mall_category')),
    sa.ForeignKeyConstraint(['order_id'], ['mall_order.id'], name=op.f('fk_mall_order_item_order_id_mall_order')),
    sa.ForeignKeyConstraint(['product_id'], ['mall_product.id'], name=op.f('fk_mall_order_item_product_id_mall_product')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mall_order_item'))
    )
    with op.batch_alter_table('mall_order_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mall_order_item_category_code'), ['category_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_mall_order_item_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mall_order_item_product_id'), ['product_id'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('mall_order_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mall_order_item_product_id'))
        batch_op.drop_index(batch_op.f('ix_mall_order_item_order_id'))
        batch_op.drop_index(batch_op.f('ix_mall_order_item_category_code'))

    op.drop_table('mall_order_item')
    with op.batch_alter_table('mall_quote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mall_quote_organization_id'))
        batch_op.drop_index(batch_op.f('ix_mall_quote_competition_id'))

    op.drop_table('mall_quote')
    with op.batch_alter_table('mall_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mall_order_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_mall_order_status'))
        batch_op.drop_index(batch_op.f('ix_mall_order_purchaser_id'))
        batch_op.drop_index(batch_op.f('ix_mall_order_placed_at'))
        batch_op.drop_index(batch_op.f('ix_mall_order_budget_id'))

    op.drop_table('mall_order')
    with op.batch_alter_table('mall_competition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mall_competition_status'))
        batch_op.drop_index(batch_op.f('ix_mall_competition_purchaser_id'))
        batch_op.drop_index(batch_op.f('ix_mall_competition_closes_at'))
        batch_op.drop_index(batch_op.f('ix_mall_competition_category_code'))
        batch_op.drop_index(batch_op.f('ix_mall_competition_budget_id'))

    op.drop_table('mall_competition')
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_line_organization_id'))

    op.drop_table('budget_line')
    
