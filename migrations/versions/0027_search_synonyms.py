"""the catalogue search's synonyms, kept by the center (one group of words per line)

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06 01:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mall_synonym_list',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_mall_synonym_list_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mall_synonym_list'))
    )


def downgrade():
    op.drop_table('mall_synonym_list')
