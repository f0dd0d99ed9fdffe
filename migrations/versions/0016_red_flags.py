"""red flags: raised on the modules' events, recomputable, resolved by the event that ends them or dismissed by
the supervisor

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 14:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('red_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('subject_key', sa.String(length=80), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('purchaser_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('detected_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('dismissed_at', sa.DateTime(), nullable=True),
    sa.Column('dismissed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['dismissed_by_id'], ['user.id'], name=op.f('fk_red_flag_dismissed_by_id_user')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_red_flag_project_id_project')),
    sa.ForeignKeyConstraint(['purchaser_id'], ['organization.id'], name=op.f('fk_red_flag_purchaser_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_red_flag')),
    sa.UniqueConstraint('code', 'subject_key', name='uq_red_flag_code_subject')
    )
    with op.batch_alter_table('red_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_red_flag_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_red_flag_detected_at'), ['detected_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_red_flag_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_red_flag_purchaser_id'), ['purchaser_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_red_flag_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('red_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_red_flag_status'))
        batch_op.drop_index(batch_op.f('ix_red_flag_purchaser_id'))
        batch_op.drop_index(batch_op.f('ix_red_flag_project_id'))
        batch_op.drop_index(batch_op.f('ix_red_flag_detected_at'))
        batch_op.drop_index(batch_op.f('ix_red_flag_code'))
    op.drop_table('red_flag')
