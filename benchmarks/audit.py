"""The audit at a province's size: the savings report, the desk, the workbook and trail verification.

Usage: python benchmarks/audit.py [ORDERS] [PROJECTS] [EVENTS] [PARTS]   (default 1,000,000 mall orders of one
item each, 100,000 awarded projects, 5,000,000 trail events, every part: report,desk,workbook,trail; DATABASE_URL
selects the database, default a throwaway PostgreSQL database on 127.0.0.1). The workbook's peak is traced by
tracemalloc, which slows it several times over: a year took 22 minutes so.

Prints, in one run:
- the savings report (by channel, and by month) against a bare `SELECT sum(...)` scan of the same tables, as a
  ratio (target ≤ 2.5×);
- the desk's page (GET /audit/desk, the year to date) p95 over 20 requests (target ≤ 300 ms);
- the workbook's peak memory (Python allocations, tracemalloc) for one month and for the whole year, with its
  rows: flat means the year costs what the month costs (target under 200 MB);
- trail verification: events per second and peak memory at a tenth of the events and at all of them (flat).
"""
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("PLATFORM_ENV", "development")  # a throwaway database with development keys

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

from audit.desk import operations as desk  # noqa: E402
from audit.savings import operations as savings  # noqa: E402
from audit.savings.operations import daily  # noqa: E402
from audit.savings.operations.workbook import write_workbook  # noqa: E402
from benchmarks._databases import benchmark_database  # noqa: E402
from core import create_app, trail  # noqa: E402
from core.accounts import create_user  # noqa: E402
from core.auth import SYSTEM  # noqa: E402
from core.extensions import db  # noqa: E402
from core.models import Event, Organization  # noqa: E402
from core.signing import new_private_key_pem  # noqa: E402
from mall.budgets.models import BudgetLine  # noqa: E402
from mall.catalogue.models import Category  # noqa: E402
from mall.catalogue.operations.categories import install_categories  # noqa: E402
from mall.orders.models import Order, OrderItem  # noqa: E402
from scoring.evaluation.models import ProjectEvaluation  # noqa: E402
from tests.builders.trading import project_payload  # noqa: E402
from trading.tender.models import Project  # noqa: E402
from trading.tender.schemas import ProjectIn  # noqa: E402

CHUNK = 10_000
UNITS = 200
YEAR = 2026
PASSWORD = "Bench-Audit-2026!"


def _moment(n, count):
    """Spread over the year, at every hour of the day (month boundaries in Beijing time included)."""
    start = datetime(YEAR - 1, 12, 31, 16, tzinfo=timezone.utc)  # 1 January 00:00 in Beijing
    return start + timedelta(seconds=int(n * (365 * 86400 - 1) / count))


def _chunks(count):
    for start in range(0, count, CHUNK):
        yield range(start, min(start + CHUNK, count))


def populate(orders, projects, user_id):
    install_categories()
    leaves = select(Category.code).where(~Category.code.in_(select(Category.parent_code).where(
        Category.parent_code.is_not(None)))).order_by(Category.code).limit(8)
    categories = db.session.scalars(leaves).all()
    now = datetime.now(timezone.utc)
    units = [Organization(name=f"采购单位{n}", uscc=f"{n:018d}", kind="purchaser", status="approved", created_at=now)
             for n in range(UNITS)]
    supplier = Organization(name="供应商", uscc="9" * 18, kind="bidder", status="approved", created_at=now)
    db.session.add_all([*units, supplier])
    db.session.flush()
    lines = [BudgetLine(organization_id=u.id, year=YEAR, code="B1", name="预算", amount=Decimal("1e12"), created_at=now)
             for u in units]
    db.session.add_all(lines)
    db.session.flush()
    for ids in _chunks(orders):
        db.session.execute(insert(Order), [{
            "id": n + 1, "code": f"O{n:09d}", "channel": "direct" if n % 5 else "competition", "status": "paid",
            "purchaser_id": units[n % UNITS].id, "supplier_id": supplier.id, "budget_id": lines[n % UNITS].id,
            "total": Decimal(100 + n % 900), "savings": Decimal(n % 37), "placed_at": _moment(n, orders),
        } for n in ids])
        db.session.execute(insert(OrderItem), [{
            "order_id": n + 1, "category_code": categories[n % len(categories)], "name": "商品", "quantity": 1,
            "unit_price": Decimal(100 + n % 900), "reference_price": Decimal(100 + n % 900 + n % 37),
            "line_total": Decimal(100 + n % 900),
        } for n in ids])
        db.session.commit()
    template = ProjectIn().load(project_payload())
    for ids in _chunks(projects):
        db.session.execute(insert(Project), [{
            "id": n + 1, "code": f"P{n:09d}", "title": "工程", "category": ("construction", "goods", "services")[n % 3],
            "method": "open_tender", "budget": Decimal(1_000_000), "ceiling_price": Decimal(950_000),
            "deposit": Decimal(0), "signup_deadline": now, "bid_deadline": now, "evaluation": template["evaluation"],
            "responsible_person": "王工", "status": "awarded", "purchaser_id": units[n % UNITS].id,
            "created_by_id": user_id, "sealed_key": "-", "created_at": now,
        } for n in ids])
        db.session.execute(insert(ProjectEvaluation), [{
            "project_id": n + 1, "status": "awarded", "bid_codes": {}, "award_amount": Decimal(800_000 + n % 1000),
            "savings": Decimal(200_000 - n % 1000), "savings_rate": Decimal("0.2"), "awarded_at": _moment(n, projects),
        } for n in ids])
        db.session.commit()


def _timed(work, repeat=3):
    """Best of `repeat` runs, in ms."""
    best = None
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        elapsed = (time.perf_counter() - began) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return best


def bare_scan():
    db.session.execute(select(func.sum(OrderItem.line_total), func.sum(Order.savings))
                       .join(Order, Order.id == OrderItem.order_id)).one()
    db.session.execute(select(func.sum(ProjectEvaluation.award_amount), func.sum(Project.budget))
                       .join(Project, Project.id == ProjectEvaluation.project_id)).one()


def _peak_mb(work):
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2 ** 20


def _export(start, end):
    with tempfile.TemporaryFile() as out:
        write_workbook(out, start, end)
        return out.tell()


def _events(first, count, now):
    """Valid chains of 5 events each (verification recomputes every hash)."""
    rows = []
    for n in range(first, first + count):
        chain, seq = divmod(n, 5)
        event = Event(chain_key=f"bench:{chain}", seq=seq + 1, action="bench.changed", object_type="bench",
                      object_id=chain, actor_id=None, actor_label=None, before=None, after={"n": n},
                      sealed_scope=None, created_at=now, prev_hash=rows[-1]["hash"] if seq else trail.GENESIS)
        rows.append({**{c: getattr(event, c) for c in ("chain_key", "seq", "action", "object_type", "object_id",
                                                        "after", "created_at", "prev_hash")},
                     "hash": trail.event_hash(event)})
    return rows


def verify_figures():
    began = time.perf_counter()
    result = {}
    peak = _peak_mb(lambda: result.update(trail.verify_trail()))
    return result, result["events"] / (time.perf_counter() - began), peak


def main(orders=1_000_000, projects=100_000, events=5_000_000, parts="report,desk,workbook,trail"):
    parts = set(parts.split(","))
    url, drop = benchmark_database("bench_audit")
    # The desk is read through a page session, as a supervisor does (its CSRF token is the login form's business).
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "TRAIL_SIGNING_KEY": os.environ.get("TRAIL_SIGNING_KEY") or new_private_key_pem()})
    try:
        with app.app_context():
            upgrade()
            supervisor = create_user(SYSTEM, "bench-supervisor", PASSWORD, "supervisor")
            db.session.commit()
            began = time.perf_counter()
            populate(orders, projects, supervisor.id)
            loaded = time.perf_counter() - began
            began = time.perf_counter()
            days = daily.rebuild()  # what `flask audit savings --rebuild` does after a bulk load
            db.session.commit()
            rebuilt = time.perf_counter() - began
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.execute(text("VACUUM ANALYZE"))
            print(f"data: {orders:,} mall orders, {projects:,} awarded projects ({db.engine.dialect.name}; "
                  f"loaded in {loaded:.0f} s); savings by day rebuilt in {rebuilt:.1f} s: {days:,} rows")

            bare = _timed(bare_scan)
            for group_by in ("channel", "month", "category") if "report" in parts else ():
                report = _timed(lambda: savings.savings_report(supervisor, group_by))
                print(f"savings report by {group_by}: {report:.0f} ms; bare sum scan {bare:.0f} ms; "
                      f"ratio {report / bare:.2f}x (target <= 2.5x)")

            if "desk" in parts:
                _desk_figures(app, supervisor)
            if "workbook" in parts:
                _workbook_figures()
            if "trail" in parts:
                _trail_figures(events)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop()


def _desk_figures(app, supervisor):
    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    assert desk.dashboard(supervisor, start, end)["totals"] == savings.totals(start, end)  # the report's figures
    client = app.test_client()
    signed_in = client.post("/login", data={"username": "bench-supervisor", "password": PASSWORD})
    assert signed_in.status_code == 302, signed_in.get_data(as_text=True)[-500:]
    times = []
    for _ in range(20):
        began = time.perf_counter()
        assert client.get(f"/audit/desk?from={YEAR}-01-01&to={YEAR}-12-31").status_code == 200
        times.append((time.perf_counter() - began) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"desk page: p95 {p95:.0f} ms, median {statistics.median(times):.0f} ms over 20 (target p95 <= 300 ms)")


def _workbook_figures():
    month_rows = savings.totals(date(YEAR, 1, 1), date(YEAR, 1, 31)).count
    year_rows = savings.totals(date(YEAR, 1, 1), date(YEAR, 12, 31)).count
    month_mb = _peak_mb(lambda: _export(date(YEAR, 1, 1), date(YEAR, 1, 31)))
    began = time.perf_counter()
    year_mb = _peak_mb(lambda: _export(date(YEAR, 1, 1), date(YEAR, 12, 31)))
    print(f"workbook: one month ({month_rows:,} transactions) peak {month_mb:.1f} MB; the year "
          f"({year_rows:,} transactions) peak {year_mb:.1f} MB in {time.perf_counter() - began:.0f} s "
          f"(target: flat, under 200 MB)")


def _trail_figures(events):
    now = datetime.now(timezone.utc).replace(microsecond=0)
    written = 0
    for target in (events // 10, events):
        while written < target:
            batch = min(CHUNK * 5, target - written)
            db.session.execute(insert(Event), _events(written, batch, now))
            db.session.commit()
            written += batch
        result, rate, peak = verify_figures()
        print(f"trail verify: {result['events']:,} events, ok={result['ok']}, {rate:,.0f} events/s, "
              f"peak {peak:.1f} MB")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:4]), *sys.argv[4:5])
