"""tender documents and their downloads, questions, amendments, bid confirmations, typed notices

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 01:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_notice_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice'))
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_type'), ['type'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_published_at'), ['published_at'], unique=False)

    op.create_table('amendment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('bid_deadline_before', sa.DateTime(), nullable=False),
    sa.Column('bid_deadline_after', sa.DateTime(), nullable=False),
    sa.Column('signup_deadline_before', sa.DateTime(), nullable=False),
    sa.Column('signup_deadline_after', sa.DateTime(), nullable=False),
    sa.Column('postponed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_amendment_project_id_project')),
    sa.ForeignKeyConstraint(['notice_id'], ['notice.id'], name=op.f('fk_amendment_notice_id_notice')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_amendment_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendment'))
    )
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_project_id'), ['project_id'], unique=False)

    op.create_table('bid_confirmation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bid.id'], name=op.f('fk_bid_confirmation_bid_id_bid')),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], name=op.f('fk_bid_confirmation_amendment_id_amendment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bid_confirmation')),
    sa.UniqueConstraint('bid_id', 'amendment_id', name='uq_bid_confirmation_bid_amendment')
    )
    with op.batch_alter_table('bid_confirmation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bid_confirmation_bid_id'), ['bid_id'], unique=False)

    op.create_table('tender_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_tender_document_project_id_project')),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], name=op.f('fk_tender_document_amendment_id_amendment')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_tender_document_uploaded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tender_document'))
    )
    with op.batch_alter_table('tender_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tender_document_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tender_document_amendment_id'), ['amendment_id'], unique=False)

    op.create_table('document_download',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('downloaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['tender_document.id'], name=op.f('fk_document_download_document_id_tender_document')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_document_download_project_id_project')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_document_download_user_id_user')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_document_download_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_download'))
    )
    with op.batch_alter_table('document_download', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_download_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_download_project_id'), ['project_id'], unique=False)

    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('asker_user_id', sa.Integer(), nullable=False),
    sa.Column('asker_organization_id', sa.Integer(), nullable=False),
    sa.Column('asked_at', sa.DateTime(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_question_project_id_project')),
    sa.ForeignKeyConstraint(['asker_user_id'], ['user.id'], name=op.f('fk_question_asker_user_id_user')),
    sa.ForeignKeyConstraint(['asker_organization_id'], ['organization.id'], name=op.f('fk_question_asker_organization_id_organization')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_question_answered_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question'))
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_asker_organization_id'), ['asker_organization_id'], unique=False)


def downgrade():
    for table in ('question', 'document_download', 'tender_document', 'bid_confirmation', 'amendment', 'notice'):
        op.drop_table(table)
