"""The savings report (节约资金, domain.md: Audit): every awarded tender and every mall order not cancelled, with
its budget, deal amount and savings, grouped in SQL by channel, category, method, purchasing unit or month.

A tender counts on its award's date, a mall order on its placing date, each in the platform's time zone. A mall
order counts item by item (an order spanning two categories counts in each): a direct item's budget is its
quantity at the reference price, a competition's single item takes the competition's budgeted amount. The
savings of orders a `mall_reference_inflated` flag marks (unless the supervisor dismissed it) are unverified:
they are reported apart and left out of the rows and the totals. No request, no commit.
"""
from collections import namedtuple
from datetime import datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Date, and_, case, cast, distinct, func, literal, select, true, union_all

from audit.flags.models import RedFlag
from core.auth import oversees, require
from core.extensions import db
from core.models import Organization
from core.timeutil import local_zone
from mall.catalogue.models import Category
from mall.orders.models import Order, OrderItem
from scoring.evaluation.models import ProjectEvaluation
from trading.tender.models import Project

CHANNELS = ("tender", "mall_direct", "mall_competition")
GROUPINGS = ("channel", "category", "method", "purchaser", "month", "year")
RATE = Decimal("0.0001")
Figures = namedtuple("Figures", "count budget_total deal_total savings savings_rate")


def savings_rate(savings, budget):
    """savings / budget, rounded half-up to 4 places; None when the budget is zero (no rate to speak of)."""
    if not budget:
        return None
    return (Decimal(savings) / Decimal(budget)).quantize(RATE, ROUND_HALF_UP)


def period_bounds(start, end):
    """The UTC instants [from, to) of local dates `start`..`end` (both inclusive; either may be None)."""
    zone = local_zone()

    def instant(day):
        return datetime.combine(day, time(0), zone).astimezone(timezone.utc)

    return (instant(start) if start else None), (instant(end + timedelta(days=1)) if end else None)


def _local_month(column):
    """'YYYY-MM' of a stored UTC time in the platform's time zone, computed by the database."""
    zone = local_zone()
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone(zone.key, func.timezone("UTC", column)), "YYYY-MM")
    # SQLite: the zone's offset now (exact for zones without daylight saving, as the PRC's).
    hours = datetime.now(zone).utcoffset().total_seconds() / 3600
    return func.strftime("%Y-%m", column, f"{hours:+g} hours")


def _local_day(column):
    """The date of a stored UTC time in the platform's time zone, computed by the database."""
    zone = local_zone()
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone(zone.key, func.timezone("UTC", column)), Date)
    hours = datetime.now(zone).utcoffset().total_seconds() / 3600
    return func.date(column, f"{hours:+g} hours")


def _local_year(column):
    return func.substr(_local_month(column), 1, 4)


def unverified_orders():
    """Select of the ids of the orders whose savings are unverified (an undismissed mall_reference_inflated)."""
    return select(RedFlag.subject_id).where(RedFlag.code == "mall_reference_inflated",
                                            RedFlag.subject_type == "mall_order", RedFlag.status != "dismissed")


ALL_COLUMNS = ("channel", "category", "method", "purchaser_id", "month", "year")


def transactions(start=None, end=None, verified=True, columns=ALL_COLUMNS, purchaser_id=None):
    """Subquery of the report's rows (of one purchasing unit, or all): `columns` (of ALL_COLUMNS or `day`), then
    txn (a tender as −project id, an order as its id: distinct across channels), budget, deal and savings.

    With `category` among the columns a mall order gives a row per item (its items' categories); without it, one
    row per order from the order's own total and savings (the sum of its items'), which spares the report the
    join with the items and the count of distinct orders."""
    lower, upper = period_bounds(start, end)

    def in_period(column):
        return and_(true(), *([column >= lower] if lower else []), *([column < upper] if upper else []))

    awarded = ProjectEvaluation.awarded_at
    tender_columns = {
        "channel": lambda: literal("tender"), "category": lambda: Project.category, "method": lambda: Project.method,
        "purchaser_id": lambda: Project.purchaser_id, "month": lambda: _local_month(awarded),
        "year": lambda: _local_year(awarded), "day": lambda: _local_day(awarded)}
    tenders = (
        select(*(tender_columns[name]().label(name) for name in columns), (-Project.id).label("txn"),
               Project.budget.label("budget"), ProjectEvaluation.award_amount.label("deal"),
               ProjectEvaluation.savings.label("savings"))
        .join(Project, Project.id == ProjectEvaluation.project_id)
        .where(awarded.is_not(None), in_period(awarded),
               *([Project.purchaser_id == purchaser_id] if purchaser_id is not None else []))
    )
    channel = case((Order.channel == "direct", literal("mall_direct")), else_=literal("mall_competition"))
    order_columns = {
        "channel": lambda: channel, "category": lambda: OrderItem.category_code, "method": lambda: channel,
        "purchaser_id": lambda: Order.purchaser_id, "month": lambda: _local_month(Order.placed_at),
        "year": lambda: _local_year(Order.placed_at), "day": lambda: _local_day(Order.placed_at)}
    if "category" in columns:
        savings = case((Order.channel == "competition", Order.savings),
                       else_=OrderItem.quantity * (OrderItem.reference_price - OrderItem.unit_price))
        deal = OrderItem.line_total
    else:
        savings, deal = Order.savings, Order.total
    orders = select(*(order_columns[name]().label(name) for name in columns), Order.id.label("txn"),
                    (deal + savings).label("budget"), deal.label("deal"), savings.label("savings"))
    if "category" in columns:
        orders = orders.select_from(OrderItem).join(Order, Order.id == OrderItem.order_id)
    flagged = Order.id.in_(unverified_orders())
    orders = orders.where(Order.status != "cancelled", in_period(Order.placed_at), ~flagged if verified else flagged,
                          *([Order.purchaser_id == purchaser_id] if purchaser_id is not None else []))
    return (union_all(tenders, orders) if verified else orders).subquery("txn")


def _figures(row):
    budget, deal, savings = (Decimal(row.budget_total or 0), Decimal(row.deal_total or 0),
                             Decimal(row.savings or 0))
    return Figures(row.count, budget, deal, savings, savings_rate(savings, budget))


def _aggregates(rows, per_item):
    """Count the transactions (distinct orders only where an order may give several rows), sum the money.
    (Summing per order and category first, to count rows instead, measured 2.7 times slower on PostgreSQL.)"""
    count = func.count(distinct(rows.c.txn)) if per_item else func.count()
    return (count.label("count"), func.sum(rows.c.budget).label("budget_total"),
            func.sum(rows.c.deal).label("deal_total"), func.sum(rows.c.savings).label("savings"))


def _column(group_by):
    return "purchaser_id" if group_by == "purchaser" else group_by


def grouped(group_by, start=None, end=None, channel=None):
    """[(key, Figures)] of one grouping, in key order."""
    columns = tuple(dict.fromkeys([_column(group_by), *(["channel"] if channel else [])]))
    rows = transactions(start, end, columns=columns)
    key = rows.c[_column(group_by)]
    stmt = select(key.label("key"), *_aggregates(rows, "category" in columns)).group_by(key).order_by(key)
    if channel:
        stmt = stmt.where(rows.c.channel == channel)
    return [(row.key, _figures(row)) for row in db.session.execute(stmt)]


def totals(start=None, end=None, channel=None, verified=True):
    rows = transactions(start, end, verified, columns=("channel",))
    stmt = select(*_aggregates(rows, False))
    if channel:
        stmt = stmt.where(rows.c.channel == channel)
    return _figures(db.session.execute(stmt).one())


def key_labels(group_by, keys):
    """What people call each key: the unit's name, the category's name; None where the code's label serves."""
    if group_by == "purchaser":
        names = dict(db.session.execute(select(Organization.id, Organization.name)
                                        .where(Organization.id.in_(keys))).all())
        return {key: names.get(key) for key in keys}
    if group_by == "category":
        names = dict(db.session.execute(select(Category.code, Category.name).where(Category.code.in_(keys))).all())
        return {key: names.get(key) for key in keys}
    return {}


def labelled(group_by, start=None, end=None, channel=None):
    """[(key, what people call it or None, Figures)] of one grouping."""
    rows = grouped(group_by, start, end, channel)
    names = key_labels(group_by, [key for key, _ in rows])
    return [(key, names.get(key), figures) for key, figures in rows]


def require_reader(user):
    require(oversees(user), "not_allowed", "The savings report is for the trading center and the supervisor.")


def savings_report(user, group_by="channel", start=None, end=None, channel=None):
    """The report for the center and the supervisor: {group_by, from, to, rows: [(key, label, Figures)],
    totals, unverified}."""
    require_reader(user)
    return {"group_by": group_by, "from": start, "to": end, "channel": channel,
            "rows": labelled(group_by, start, end, channel),
            "totals": totals(start, end, channel),
            "unverified": totals(start, end, channel, verified=False)}


def transaction_rows(start=None, end=None):
    """Every row of the report, for the workbook's detail sheet: streamed, 2,000 rows at a time."""
    rows = transactions(start, end)
    stmt = select(rows).order_by(rows.c.month, rows.c.channel, rows.c.txn)
    return db.session.execute(stmt.execution_options(yield_per=2000))


def rows_behind(user, group_by=None, key=None, start=None, end=None, channel=None):
    """Select statement of the transactions behind a figure (a row of a grouping, or the totals), newest month
    first; each row carries `txn` (a tender as −project id, an order as its id). An order is one row, or one per
    category behind a category's figure."""
    require_reader(user)
    columns = ALL_COLUMNS if group_by == "category" else tuple(c for c in ALL_COLUMNS if c != "category")
    rows = transactions(start, end, columns=columns)
    stmt = select(rows)
    if group_by and key is not None:
        column = rows.c[_column(group_by)]
        stmt = stmt.where(column == (int(key) if group_by == "purchaser" else key))
    if channel:
        stmt = stmt.where(rows.c.channel == channel)
    return stmt.order_by(rows.c.month.desc(), rows.c.channel, rows.c.txn.desc())


class _RowPagination(SelectPagination):
    """A page of a select of plain rows (not of one entity, which Flask-SQLAlchemy's pagination assumes)."""

    def _query_items(self):
        stmt = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return self._query_args["session"].execute(stmt).all()


def rows_page(stmt, page, per_page):
    return _RowPagination(select=stmt, session=db.session(), page=page, per_page=per_page, error_out=False)
