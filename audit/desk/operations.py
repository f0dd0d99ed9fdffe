"""The supervisor's desk (监管驾驶舱) and the center's annual statistics (domain.md: Audit): the savings report's
figures for a period by channel, month and purchasing unit, open red flags by severity, the clocks that have
run out; per year and per category for the annual report. No request, no commit."""
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from audit.flags.models import SEVERITIES, RedFlag
from audit.indicators import operations as indicators
from audit.savings import operations as savings
from audit.savings.operations import daily
from core import clock
from core.extensions import db

ZERO = Decimal(0)
# The clocks of the law after the award: each raises its flag when it runs out (deposits, challenges, complaints,
# contracts, payments); the desk counts the open ones.
OVERDUE = {"deposits": ("deposit_refund_overdue",), "challenges": ("challenge_reply_overdue",),
           "complaints": ("complaint_decision_overdue",),
           "contracts": ("contract_overdue", "contract_published_late"), "payments": ("payment_overdue",)}


def default_period(today=None):
    """This year to date, in the platform's time zone."""
    today = today or clock.today()
    return date(today.year, 1, 1), today


def _open_flag_counts(column):
    """{value of `column`: count} of the open red flags."""
    return dict(db.session.execute(select(column, func.count()).where(RedFlag.status == "open")
                                   .group_by(column)).all())


def open_flags_by_severity():
    counts = _open_flag_counts(RedFlag.severity)
    return {severity: counts.get(severity, 0) for severity in SEVERITIES}


def overdue_counts():
    counts = _open_flag_counts(RedFlag.code)
    return {name: sum(counts.get(code, 0) for code in codes) for name, codes in OVERDUE.items()}


def _figures(rows):
    """Figures of the sums [count, budget, deal, savings] of `rows` added up."""
    count, budget, deal, saved = 0, ZERO, ZERO, ZERO
    for row_count, row_budget, row_deal, row_savings in rows:
        count, budget, deal, saved = count + row_count, budget + row_budget, deal + row_deal, saved + row_savings
    return savings.Figures(count, budget, deal, saved, savings.savings_rate(saved, budget))


def _labelled(sums, group_by):
    """[(key, label, Figures)] of {key: sums}, in key order, labelled as the report labels them."""
    names = savings.key_labels(group_by, list(sums))
    return [(key, names.get(key), _figures([sums[key]])) for key in sorted(sums)]


def dashboard(user, start=None, end=None):
    """The desk's figures for the period (default: from 1 January of the last day's year to that day, today
    unless given): the savings report's, read from its figures by month and by day (audit.savings.operations.daily)."""
    savings.require_reader(user)
    end = end or clock.today()
    start = start or default_period(end)[0]
    channels = daily.sums(start, end, "channel")
    return {"from": start, "to": end, "totals": _figures(channels[True].values()),
            "by_channel": _labelled(channels[True], "channel"),
            "by_month": _labelled(daily.sums(start, end, "month")[True], "month"),
            "by_purchaser": _labelled(daily.sums(start, end, "purchaser_id")[True], "purchaser"),
            "unverified": _figures(channels[False].values()),
            "flags_open": open_flags_by_severity(), "overdue": overdue_counts(), "indicators": _indicators()}


def _indicators():
    """The Cardinal indicators as last computed on the platform's own open data."""
    run = indicators.latest_run()
    return {"run": run, "rows": indicators.desk_rows(run)}


def annual_statistics(user, year=None):
    """The center's annual-report figures: every year's totals, and the chosen year (default: this one) by
    category and by channel."""
    savings.require_reader(user)
    year = year or clock.today().year
    start, end = date(year, 1, 1), date(year, 12, 31)
    return {"year": year, "years": savings.grouped("year"), "totals": savings.totals(start, end),
            "by_category": savings.labelled("category", start, end),
            "by_channel": savings.labelled("channel", start, end)}
