"""savings by day and by month: the savings report's figures per purchasing unit, local day (month), channel and
verification, which the supervisor's desk reads; filled from the transactions already recorded; the awards indexed
by date

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 16:00:00

"""
from datetime import datetime
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa
from flask import current_app


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

FLAGGED = ("SELECT subject_id FROM red_flag WHERE code = 'mall_reference_inflated' "
           "AND subject_type = 'mall_order' AND status != 'dismissed'")


def upgrade():
    op.create_table('savings_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('purchaser_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('budget', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('deal', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('savings', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['purchaser_id'], ['organization.id'], name=op.f('fk_savings_day_purchaser_id_organization')),
    sa.PrimaryKeyConstraint('day', 'purchaser_id', 'channel', 'verified', name=op.f('pk_savings_day'))
    )
    op.create_table('savings_month',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('purchaser_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('budget', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('deal', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.Column('savings', sa.Numeric(precision=18, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['purchaser_id'], ['organization.id'], name=op.f('fk_savings_month_purchaser_id_organization')),
    sa.PrimaryKeyConstraint('month', 'purchaser_id', 'channel', 'verified', name=op.f('pk_savings_month'))
    )
    with op.batch_alter_table('project_evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_evaluation_awarded_at'), ['awarded_at'], unique=False)
    _fill()


def _fill():
    """The figures of every transaction already recorded (as `flask audit savings --rebuild` computes them)."""
    bind = op.get_bind()
    zone = current_app.config.get("TIMEZONE", "Asia/Shanghai")
    if bind.dialect.name == "postgresql":
        def day(column):
            return f"CAST(timezone('{zone}', timezone('UTC', {column})) AS DATE)"
    else:
        hours = datetime.now(ZoneInfo(zone)).utcoffset().total_seconds() / 3600

        def day(column):
            return f"date({column}, '{hours:+g} hours')"
    tenders = (f"SELECT {day('e.awarded_at')} AS day, p.purchaser_id, 'tender' AS channel, p.budget AS budget, "
               "e.award_amount AS deal, e.savings AS savings FROM project_evaluation e "
               "JOIN project p ON p.id = e.project_id WHERE e.awarded_at IS NOT NULL")

    def orders(verified):
        return (f"SELECT {day('o.placed_at')} AS day, o.purchaser_id, CASE WHEN o.channel = 'direct' "
                "THEN 'mall_direct' ELSE 'mall_competition' END AS channel, o.total + o.savings AS budget, "
                f"o.total AS deal, o.savings AS savings FROM mall_order o WHERE o.status != 'cancelled' "
                f"AND o.id {'NOT IN' if verified else 'IN'} ({FLAGGED})")

    for verified, rows in ((True, f"{tenders} UNION ALL {orders(True)}"), (False, orders(False))):
        bind.execute(sa.text(
            "INSERT INTO savings_day (day, purchaser_id, channel, verified, count, budget, deal, savings) "
            f"SELECT day, purchaser_id, channel, :verified, count(*), sum(budget), sum(deal), sum(savings) "
            f"FROM ({rows}) AS t GROUP BY day, purchaser_id, channel"), {"verified": verified})
    month = "CAST(date_trunc('month', day) AS DATE)" if bind.dialect.name == "postgresql" else \
        "date(day, 'start of month')"
    bind.execute(sa.text(
        "INSERT INTO savings_month (month, purchaser_id, channel, verified, count, budget, deal, savings) "
        f"SELECT {month}, purchaser_id, channel, verified, sum(count), sum(budget), sum(deal), sum(savings) "
        f"FROM savings_day GROUP BY {month}, purchaser_id, channel, verified"))


def downgrade():
    with op.batch_alter_table('project_evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_evaluation_awarded_at'))
    op.drop_table('savings_month')
    op.drop_table('savings_day')
