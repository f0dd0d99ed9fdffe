"""open data: the OCDS releases recorded at each public event of a process, and the runs of the indicators over
the platform's own compiled releases

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ocds_release',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ocid', sa.String(length=80), nullable=False),
    sa.Column('release_id', sa.String(length=120), nullable=False),
    sa.Column('date', sa.DateTime(), nullable=False),
    sa.Column('tag', sa.JSON(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ocds_release')),
    sa.UniqueConstraint('release_id', name=op.f('uq_ocds_release_release_id'))
    )
    with op.batch_alter_table('ocds_release', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ocds_release_ocid'), ['ocid'], unique=False)
        batch_op.create_index('ix_ocds_release_date_id', ['date', 'id'], unique=False)
    op.create_table('indicator_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.Column('processes', sa.Integer(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('coverage', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_run'))
    )
    with op.batch_alter_table('indicator_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_run_computed_at'), ['computed_at'], unique=False)


def downgrade():
    op.drop_table('indicator_run')
    op.drop_table('ocds_release')
