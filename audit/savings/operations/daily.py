"""The savings report by day and by month (SavingsDay, SavingsMonth), so that the desk reads a few thousand rows
instead of a province's transactions. A day of a purchasing unit is computed again from its transactions, with
the report's own query, and its month from its days, whenever an event changes them: an award, an order placed
or cancelled, a change of a mall_reference_inflated flag (which moves an order's savings between verified and
unverified). No request, no commit.
"""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Date, and_, cast, delete, false, func, insert, literal, or_, select, text, union_all

from audit.savings.models import SavingsDay, SavingsMonth
from core.extensions import db
from core.timeutil import to_local
from mall.orders.models import Order

FIGURES = ("count", "budget", "deal", "savings")
KEYS = ("purchaser_id", "channel", "verified")


def _month_start(column):
    """The first day of the month of a date column, computed by the database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.date_trunc("month", column), Date)
    return func.date(column, "start of month")


def _next_month(day):
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _fill_days(start=None, end=None, purchaser_id=None):
    """Insert the figures of the days `start`..`end` (of one unit, or all) from the transactions."""
    from audit.savings.operations import transactions

    for verified in (True, False):
        rows = transactions(start, end, verified, columns=("day", "purchaser_id", "channel"),
                            purchaser_id=purchaser_id)
        stmt = (select(rows.c.day, rows.c.purchaser_id, rows.c.channel, literal(verified), func.count(),
                       func.sum(rows.c.budget), func.sum(rows.c.deal), func.sum(rows.c.savings))
                .group_by(rows.c.day, rows.c.purchaser_id, rows.c.channel))
        db.session.execute(insert(SavingsDay).from_select(("day", *KEYS, *FIGURES), stmt))


def _fill_months(*conditions):
    """Insert the months of the days that match `conditions`, summed from them."""
    month = _month_start(SavingsDay.day)
    stmt = (select(month, SavingsDay.purchaser_id, SavingsDay.channel, SavingsDay.verified,
                   *(func.sum(getattr(SavingsDay, name)) for name in FIGURES))
            .where(*conditions).group_by(month, SavingsDay.purchaser_id, SavingsDay.channel, SavingsDay.verified))
    db.session.execute(insert(SavingsMonth).from_select(("month", *KEYS, *FIGURES), stmt))


def refresh(purchaser_id, moment):
    """Compute again the figures of the unit's local day of `moment`, and of its month. On PostgreSQL two
    transactions refreshing the same unit's month take turns (an advisory lock until they end), so the later one
    counts the earlier one's rows."""
    day = to_local(moment).date()
    month = day.replace(day=1)
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                           {"key": f"savings_month:{purchaser_id}:{month.isoformat()}"})
    db.session.flush()
    db.session.execute(delete(SavingsDay).where(SavingsDay.purchaser_id == purchaser_id, SavingsDay.day == day))
    _fill_days(day, day, purchaser_id)
    db.session.execute(delete(SavingsMonth).where(SavingsMonth.purchaser_id == purchaser_id,
                                                  SavingsMonth.month == month))
    _fill_months(SavingsDay.purchaser_id == purchaser_id, SavingsDay.day >= month,
                 SavingsDay.day < _next_month(month))


def rebuild():
    """Every day and month computed again from the transactions; returns the number of day rows."""
    db.session.execute(delete(SavingsMonth))
    db.session.execute(delete(SavingsDay))
    _fill_days()
    _fill_months()
    return db.session.scalar(select(func.count()).select_from(SavingsDay))


def _rows(start, end):
    """Select of (verified, month, purchaser_id, channel, figures…) covering the days `start`..`end`: the whole
    months within from SavingsMonth, the days of the partial months at either end from SavingsDay."""
    first_whole = start if start.day == 1 else _next_month(start)
    after_whole = end.replace(day=1) if _next_month(end) - timedelta(days=1) != end else _next_month(end)
    if first_whole >= after_whole:  # no whole month: every day from the days
        day_ranges = [(start, end)]
        months = None
    else:
        day_ranges = [(start, first_whole - timedelta(days=1)), (after_whole, end)]
        months = (select(SavingsMonth.verified, SavingsMonth.month.label("month"), SavingsMonth.purchaser_id,
                         SavingsMonth.channel, *(getattr(SavingsMonth, name) for name in FIGURES))
                  .where(SavingsMonth.month >= first_whole, SavingsMonth.month < after_whole))
    days = (select(SavingsDay.verified, _month_start(SavingsDay.day).label("month"), SavingsDay.purchaser_id,
                   SavingsDay.channel, *(getattr(SavingsDay, name) for name in FIGURES))
            .where(or_(*(and_(SavingsDay.day >= low, SavingsDay.day <= high) for low, high in day_ranges
                         if low <= high), false())))
    return union_all(months, days) if months is not None else days


def sums(start, end, by):
    """The figures of the local days `start`..`end` summed by `by` (channel, month or purchaser_id):
    {verified: {key: [count, budget, deal, savings]}}, a month as 'YYYY-MM'."""
    rows = _rows(start, end).subquery("savings_rows")
    stmt = (select(rows.c.verified, rows.c[by], *(func.sum(rows.c[name]) for name in FIGURES))
            .group_by(rows.c.verified, rows.c[by]))
    result = {True: {}, False: {}}
    for verified, key, count, budget, deal, savings in db.session.execute(stmt):
        if by == "month":  # a date (SQLite returns the union's dates as text)
            key = key[:7] if isinstance(key, str) else key.strftime("%Y-%m")
        result[bool(verified)][key] = [int(count), Decimal(budget), Decimal(deal), Decimal(savings)]
    return result


# -- The events that change a day's figures (registered in audit/savings/__init__.py) ----------------------------

def on_award(record, event):
    refresh(record.project.purchaser_id, record.awarded_at)


def on_order_event(order, event):
    refresh(order.purchaser_id, order.placed_at)


def on_flag_event(flag, event):
    """A mall_reference_inflated flag raised, resolved, reopened or dismissed moves its order's savings between
    the verified and the unverified figures."""
    if flag.code == "mall_reference_inflated":
        order = db.session.get(Order, flag.subject_id)
        refresh(order.purchaser_id, order.placed_at)


EVENT_HANDLERS = {
    "evaluation.awarded": on_award, "order.placed": on_order_event, "order.cancelled": on_order_event,
    "flag.raised": on_flag_event, "flag.resolved": on_flag_event, "flag.reopened": on_flag_event,
    "flag.dismissed": on_flag_event,
}
