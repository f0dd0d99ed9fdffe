"""challenges (质疑) and complaints (投诉): the challenges with their evidence files and replies, the complaints with
their decision and suspension, and a project's suspension (暂停采购活动)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 02:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('challenge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=12), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('challenger_user_id', sa.Integer(), nullable=False),
    sa.Column('challenger_organization_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reply_due_on', sa.Date(), nullable=False),
    sa.Column('reply_due_estimated', sa.Boolean(), nullable=False),
    sa.Column('complaint_due_on', sa.Date(), nullable=False),
    sa.Column('complaint_due_estimated', sa.Boolean(), nullable=False),
    sa.Column('reply', sa.Text(), nullable=True),
    sa.Column('replied_at', sa.DateTime(), nullable=True),
    sa.Column('replied_by_id', sa.Integer(), nullable=True),
    sa.Column('reply_reminded', sa.Boolean(), nullable=False),
    sa.Column('complaint_reminded', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['challenger_organization_id'], ['organization.id'], name=op.f('fk_challenge_challenger_organization_id_organization')),
    sa.ForeignKeyConstraint(['challenger_user_id'], ['user.id'], name=op.f('fk_challenge_challenger_user_id_user')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_challenge_project_id_project')),
    sa.ForeignKeyConstraint(['replied_by_id'], ['user.id'], name=op.f('fk_challenge_replied_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge'))
    )
    with op.batch_alter_table('challenge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_challenger_organization_id'), ['challenger_organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_reply_due_on'), ['reply_due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_status'), ['status'], unique=False)

    op.create_table('challenge_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenge.id'], name=op.f('fk_challenge_file_challenge_id_challenge')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_challenge_file_uploaded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_file'))
    )
    with op.batch_alter_table('challenge_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_file_challenge_id'), ['challenge_id'], unique=False)

    op.create_table('complaint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decision_due_on', sa.Date(), nullable=False),
    sa.Column('decision_due_estimated', sa.Boolean(), nullable=False),
    sa.Column('suspended_until', sa.DateTime(), nullable=True),
    sa.Column('suspension_reason', sa.String(length=500), nullable=True),
    sa.Column('decision', sa.String(length=12), nullable=True),
    sa.Column('consequence', sa.String(length=20), nullable=True),
    sa.Column('decision_text', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.Column('redraft_project_id', sa.Integer(), nullable=True),
    sa.Column('decision_reminded', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenge.id'], name=op.f('fk_complaint_challenge_id_challenge')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_complaint_decided_by_id_user')),
    sa.ForeignKeyConstraint(['notice_id'], ['notice.id'], name=op.f('fk_complaint_notice_id_notice')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_complaint_project_id_project')),
    sa.ForeignKeyConstraint(['redraft_project_id'], ['project.id'], name=op.f('fk_complaint_redraft_project_id_project')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user.id'], name=op.f('fk_complaint_submitted_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint')),
    sa.UniqueConstraint('challenge_id', name=op.f('uq_complaint_challenge_id'))
    )
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_decision_due_on'), ['decision_due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_status'), ['status'], unique=False)

    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suspended_until', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_column('suspended_until')

    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_status'))
        batch_op.drop_index(batch_op.f('ix_complaint_project_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_decision_due_on'))

    op.drop_table('complaint')
    with op.batch_alter_table('challenge_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_file_challenge_id'))

    op.drop_table('challenge_file')
    with op.batch_alter_table('challenge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_status'))
        batch_op.drop_index(batch_op.f('ix_challenge_reply_due_on'))
        batch_op.drop_index(batch_op.f('ix_challenge_project_id'))
        batch_op.drop_index(batch_op.f('ix_challenge_challenger_organization_id'))

    op.drop_table('challenge')
