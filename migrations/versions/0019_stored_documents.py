"""stored documents: documents of record (opening record, evaluation report, result workbook, acceptance note,
order file) and exports, rendered once by a task and kept with their SHA-256

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=True),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('mimetype', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('ready_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_stored_document_requested_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_document')),
    sa.UniqueConstraint('kind', 'object_type', 'object_id', 'version', name='uq_stored_document_version')
    )
    with op.batch_alter_table('stored_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_document_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stored_document_status'), ['status'], unique=False)
        batch_op.create_index('ix_stored_document_object', ['object_type', 'object_id', 'kind'], unique=False)


def downgrade():
    op.drop_table('stored_document')
