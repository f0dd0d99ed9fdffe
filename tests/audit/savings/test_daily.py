"""The savings figures by day that the desk reads: kept in step by the events (an award, an order placed or
cancelled, a mall_reference_inflated flag raised or dismissed), equal to a rebuild from the transactions and to
what the migration fills in."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from audit.desk import operations as desk
from audit.flags import operations as flags
from audit.flags.models import RedFlag
from audit.savings import operations as savings
from audit.savings.models import SavingsDay, SavingsMonth
from audit.savings.operations import daily
from core import clock
from core.extensions import db
from mall.orders import operations as orders

pytestmark = pytest.mark.usefixtures("fast_passwords")


def snapshot(model=SavingsDay):
    db.session.expire_all()
    return sorted((str(getattr(d, "day", None) or d.month), d.purchaser_id, d.channel, d.verified, d.count,
                   str(d.budget), str(d.deal), str(d.savings)) for d in db.session.scalars(select(model)))


def assert_rebuild_agrees():
    """The days and months the events kept equal those computed again from the transactions; returns the days."""
    kept = snapshot(), snapshot(SavingsMonth)
    daily.rebuild()
    db.session.commit()
    assert (snapshot(), snapshot(SavingsMonth)) == kept
    return kept[0]


def test_the_days_follow_orders_cancellations_awards_and_flags(make, mall):
    supplier = mall.supplier("A020101")
    product = mall.offer(supplier, "100.00", "120.00")
    purchaser = make.purchaser()
    budget = mall.budget(purchaser, "10000.00")
    unit = purchaser.organization_id
    # 2026-11-30 15:59:59 UTC is 30 November in Beijing; 16:00:00 is 1 December.
    with clock.frozen_at(datetime(2026, 11, 30, 15, 59, 59, tzinfo=timezone.utc)):
        mall.order(purchaser=purchaser, supplier=supplier, product=product, budget=budget, quantity=2)
    with clock.frozen_at(datetime(2026, 11, 30, 16, 0, 0, tzinfo=timezone.utc)):
        mall.order(purchaser=purchaser, supplier=supplier, product=product, budget=budget)
        cancelled = mall.order(purchaser=purchaser, supplier=supplier, product=product, budget=budget)
        inflated = mall.order(purchaser=purchaser, supplier=supplier, budget=budget,
                              product=mall.offer(supplier, "1.00", "3.00"))
    assert assert_rebuild_agrees() == [
        # 2 × 100.00 at a reference of 120.00: budget 240.00, deal 200.00, savings 40.00
        ("2026-11-30", unit, "mall_direct", True, 1, "240.00", "200.00", "40.00"),
        # 1.00 against a reference of 3.00 saves 66.67%: unverified
        ("2026-12-01", unit, "mall_direct", False, 1, "3.00", "1.00", "2.00"),
        # two orders of 1 × 100.00: budget 240.00, deal 200.00, savings 40.00
        ("2026-12-01", unit, "mall_direct", True, 2, "240.00", "200.00", "40.00"),
    ]
    with clock.frozen_at(datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)):
        orders.cancel_order(purchaser, cancelled.id, "买错了")
        flag = db.session.scalar(select(RedFlag).where(RedFlag.subject_id == inflated.id))
        flags.dismiss(make.supervisor(), flag.id, "参考价经核实无误")
        db.session.commit()
    assert assert_rebuild_agrees() == [
        ("2026-11-30", unit, "mall_direct", True, 1, "240.00", "200.00", "40.00"),
        ("2026-12-01", unit, "mall_direct", True, 2, "123.00", "101.00", "22.00"),
    ]


def test_the_desk_sums_the_days_as_the_report_sums_the_transactions(make, mall):
    project = make.project(status="awarded")
    supplier = mall.supplier("A020101")
    order = mall.order(supplier=supplier, product=mall.offer(supplier, "100.00", "120.00"), quantity=3)
    mall.order(supplier=supplier, product=mall.offer(supplier, "1.00", "3.00"))
    assert_rebuild_agrees()
    data = desk.dashboard(make.supervisor(), date(2020, 1, 1), date(2030, 12, 31))
    # tender: 1,000,000.00 / 800,000.00; direct order: 360.00 / 300.00; total savings 200,060.00 of 1,000,360.00
    assert tuple(map(str, data["totals"])) == ("2", "1000360.00", "800300.00", "200060.00", "0.2000")
    assert tuple(map(str, data["unverified"])) == ("1", "3.00", "1.00", "2.00", "0.6667")
    assert [(key, f.count) for key, _, f in data["by_channel"]] == [("mall_direct", 1), ("tender", 1)]
    assert sorted((key, label, f.count) for key, label, f in data["by_purchaser"]) == sorted(
        [(project.purchaser_id, project.purchaser.name, 1), (order.purchaser_id, order.purchaser.name, 1)])
    assert [(key, f.count) for key, _, f in data["by_month"]] == [(clock.today().strftime("%Y-%m"), 2)]


def test_the_migration_fills_the_days_as_the_rebuild_does(make, mall):
    import importlib.util
    from pathlib import Path

    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    make.project(status="awarded")
    supplier = mall.supplier("A020101")
    mall.order(supplier=supplier, product=mall.offer(supplier, "100.00", "120.00"), quantity=3)
    mall.order(supplier=supplier, product=mall.offer(supplier, "1.00", "3.00"))
    mall.order("cancelled")
    mall.competition("awarded")
    expected = assert_rebuild_agrees()
    assert len(expected) == 4
    path = Path(__file__).parents[3] / "migrations" / "versions" / "0017_savings_figures.py"
    spec = importlib.util.spec_from_file_location("migration_0017", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    months = snapshot(SavingsMonth)
    db.session.execute(SavingsMonth.__table__.delete())
    db.session.execute(SavingsDay.__table__.delete())
    with Operations.context(MigrationContext.configure(db.session.connection())):
        migration._fill()
    db.session.commit()
    assert (snapshot(), snapshot(SavingsMonth)) == (expected, months)


@pytest.mark.parametrize("start, end, days", [
    (date(2026, 1, 31), date(2026, 3, 1), ["01-31", "02-01", "02-28", "03-01"]),  # partial, whole, partial
    (date(2026, 2, 1), date(2026, 2, 28), ["02-01", "02-28"]),  # one whole month
    (date(2026, 2, 2), date(2026, 2, 27), []),  # within a month
    (date(2026, 1, 1), date(2026, 12, 31), ["01-30", "01-31", "02-01", "02-28", "03-01", "03-02"]),
    (date(2026, 3, 1), date(2026, 3, 1), ["03-01"]),
])
def test_a_period_is_read_from_its_whole_months_and_the_days_at_either_end(make, mall, start, end, days):
    supplier = mall.supplier("A020101")
    product = mall.offer(supplier, "100.00", "120.00")
    purchaser = make.purchaser()
    budget = mall.budget(purchaser, "100000.00")
    placed = ["01-30", "01-31", "02-01", "02-28", "03-01", "03-02"]
    for number, day in enumerate(placed, start=1):  # the n-th order: n × 100.00, saving n × 20.00
        month, day_of_month = map(int, day.split("-"))
        with clock.frozen_at(datetime(2026, month, day_of_month, 2, 0, tzinfo=timezone.utc)):
            mall.order(purchaser=purchaser, supplier=supplier, product=product, budget=budget, quantity=number)
    quantities = sum(placed.index(day) + 1 for day in days)
    data = desk.dashboard(make.supervisor(), start, end)
    assert (data["totals"].count, data["totals"].deal_total, data["totals"].savings) == (
        len(days), quantities * 100, quantities * 20)
    assert data["totals"] == savings.totals(start, end)
    assert data["by_month"] == savings.labelled("month", start, end)
