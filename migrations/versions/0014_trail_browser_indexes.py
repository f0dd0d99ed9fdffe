"""trail browser: indexes on the project id some events record in `after` (a project's timeline, the project
filter) and on the events' time (the list, oldest first); both read the whole event table before

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-22 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# The expression exactly as core.trail_browser writes its filter (Event.after["project_id"].as_string()).
EXPRESSIONS = {
    "postgresql": "CAST((after ->> 'project_id') AS VARCHAR)",
    "sqlite": "CAST(JSON_EXTRACT(\"after\", '$.\"project_id\"') AS VARCHAR)",
}


def upgrade():
    op.create_index('ix_event_created_at_id', 'event', ['created_at', 'id'], unique=False)
    expression = EXPRESSIONS.get(op.get_bind().dialect.name)
    if expression:
        op.create_index('ix_event_after_project_id', 'event', [sa.text(expression)], unique=False)


def downgrade():
    if op.get_bind().dialect.name in EXPRESSIONS:
        op.drop_index('ix_event_after_project_id', table_name='event')
    op.drop_index('ix_event_created_at_id', table_name='event')
