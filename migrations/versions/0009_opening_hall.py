"""opening hall: check-ins and confirmations of the participating bidders, objections and answers

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 01:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hall_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.Column('checked_in_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['checked_in_by_id'], ['user.id'], name=op.f('fk_hall_attendance_checked_in_by_id_user')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'], name=op.f('fk_hall_attendance_confirmed_by_id_user')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_hall_attendance_organization_id_organization')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_hall_attendance_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_attendance')),
    sa.UniqueConstraint('project_id', 'organization_id', name='uq_hall_attendance_project_org')
    )
    with op.batch_alter_table('hall_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hall_attendance_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hall_attendance_project_id'), ['project_id'], unique=False)

    op.create_table('opening_objection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_opening_objection_answered_by_id_user')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_opening_objection_organization_id_organization')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_opening_objection_project_id_project')),
    sa.ForeignKeyConstraint(['raised_by_id'], ['user.id'], name=op.f('fk_opening_objection_raised_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opening_objection'))
    )
    with op.batch_alter_table('opening_objection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opening_objection_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opening_objection_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('opening_objection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opening_objection_project_id'))
        batch_op.drop_index(batch_op.f('ix_opening_objection_organization_id'))
    op.drop_table('opening_objection')
    with op.batch_alter_table('hall_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hall_attendance_project_id'))
        batch_op.drop_index(batch_op.f('ix_hall_attendance_organization_id'))
    op.drop_table('hall_attendance')
