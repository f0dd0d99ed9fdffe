"""Races that only a real database shows (PostgreSQL): parallel orders against one budget line
and one product, and parallel cancellations of the same orders."""
import threading
from decimal import Decimal

import pytest
from sqlalchemy import select

from core.extensions import db
from core.trail import verify_trail
from mall.budgets.models import BudgetLine
from mall.catalogue.models import Product
from mall.orders.models import Order
from tests.builders import Make
from tests.conftest import Api

pytestmark = pytest.mark.usefixtures("fast_passwords")
PARALLEL = 200
PRICE = Decimal("999.00")  # 60 × 999.00 stays under the direct limit: the split rule never interferes


def _run_parallel(app, count, request):
    """Run request(client, i) in `count` threads started together; return [(status, error code)]."""
    results = [None] * count
    start = threading.Barrier(count)

    def run(i):
        client = app.test_client()
        start.wait()
        response = request(client, i)
        results[i] = (response.status_code, (response.get_json() or {}).get("error", {}).get("code"))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _days_agree_with_a_rebuild():
    """The savings by day the events kept (audit/savings) equal those computed again from the orders."""
    from audit.savings.models import SavingsDay
    from audit.savings.operations import daily

    def days():
        return sorted(map(tuple, db.session.execute(select(SavingsDay.__table__)).all()))

    db.session.expire_all()
    kept = days()
    daily.rebuild()
    assert days() == kept
    db.session.rollback()
    return kept


def test_parallel_orders_never_overdraw_the_budget_or_the_stock(pg_app):
    make, api = Make(pg_app), Api(pg_app)
    mall = make.mall
    purchaser = make.purchaser()
    supplier = mall.supplier("A020101")
    product = mall.offer(supplier, PRICE, stock=60)
    budget = mall.budget(purchaser, PRICE * 50)  # affords exactly 50 units
    db.session.commit()
    headers = {"Authorization": f"Bearer {api.token(purchaser)}"}
    body = {"budget_id": budget.id, "items": [{"product_id": product.id, "quantity": 1}]}

    placed = _run_parallel(pg_app, PARALLEL, lambda client, i: client.post("/api/v1/mall/orders", headers=headers,
                                                                           json=body))
    assert placed.count((201, None)) == 50
    assert {r for r in placed if r[0] != 201} <= {(422, "insufficient_budget"), (422, "out_of_stock")}
    db.session.expire_all()
    line, item = db.session.get(BudgetLine, budget.id), db.session.get(Product, product.id)
    assert (line.reserved, line.spent, line.available) == (PRICE * 50, 0, 0)
    assert line.reserved + line.spent <= line.amount
    assert item.stock == 10
    order_ids = db.session.scalars(select(Order.id).where(Order.status == "placed")).all()
    assert len(order_ids) == 50
    assert [row[4:] for row in _days_agree_with_a_rebuild()] == [(50, PRICE * 50, PRICE * 50, 0)]

    # Each order cancelled twice at once: exactly one cancellation per order releases anything.
    cancelled = _run_parallel(pg_app, 100, lambda client, i: client.post(
        f"/api/v1/mall/orders/{order_ids[i // 2]}/cancel", headers=headers, json={"reason": "并发撤单"}))
    assert cancelled.count((200, None)) == 50
    assert cancelled.count((409, "wrong_status")) == 50
    db.session.expire_all()
    line, item = db.session.get(BudgetLine, budget.id), db.session.get(Product, product.id)
    assert (line.reserved, line.spent, line.available) == (0, 0, PRICE * 50)
    assert item.stock == 60
    assert _days_agree_with_a_rebuild() == []  # every cancellation of the day counted, none lost to another
    assert verify_trail()["ok"]


def test_no_quote_slips_past_a_close_running_at_the_same_time(pg_app, clock):
    """Quotes in flight when the close starts are either in the close's record or refused, never lost."""
    from datetime import timedelta

    from mall.competitions.models import Quote
    from tests.conftest import T0

    make, api = Make(pg_app), Api(pg_app)
    mall = make.mall
    purchaser = make.purchaser()
    suppliers = [mall.supplier("A020101") for _ in range(12)]
    budget = mall.budget(purchaser, "100000.00")
    closes_at = T0 + timedelta(hours=2)  # within the tokens' lifetime
    created = api.post("/api/v1/mall/competitions", purchaser, json={
        "budget_id": budget.id, "title": "打印纸竞价", "category": "A020101", "quantity": 100, "spec": "A4 70g",
        "budget_amount": "50000.00", "closes_at": closes_at.isoformat()}).json
    tokens = [api.token(s) for s in suppliers] + [api.token(purchaser)]
    url = f"/api/v1/mall/competitions/{created['id']}"

    def request(client, i):
        headers = {"Authorization": f"Bearer {tokens[i]}"}
        if i == len(suppliers):  # the purchaser closes exactly at closes_at
            clock.set_for_thread(closes_at)
            return client.post(f"{url}/close", headers=headers)
        clock.set_for_thread(closes_at - timedelta(seconds=1))  # every quote is on time when it starts
        return client.post(f"{url}/quotes", headers=headers, json={"unit_price": f"{400 + i}.00"})

    results = _run_parallel(pg_app, len(suppliers) + 1, request)
    assert results[-1] == (200, None)
    quotes = results[:-1]
    assert {r for r in quotes} <= {(201, None), (409, "competition_closed")}
    db.session.expire_all()
    stored = db.session.scalars(select(Quote).where(Quote.competition_id == created["id"])).all()
    assert len(stored) == quotes.count((201, None))
    assert all(q.valid is not None for q in stored)  # every accepted quote was opened by the close
    assert verify_trail()["ok"]
