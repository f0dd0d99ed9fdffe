"""Direct orders: the single-order limit, the split-order window, and the budget and stock
arithmetic through every step and cancellation (hand-computed)."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from core.extensions import db
from core.models import User
from core.notifications import Notification
from core.trail import verify_trail
from mall.budgets.models import BudgetLine
from mall.orders.operations import direct_spending
from mall.suppliers.models import Supplier
from tests.conftest import error_of

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def shop(make, mall):
    purchaser = make.purchaser()
    supplier = mall.supplier("A020101", "A020102")
    return {"purchaser": purchaser, "supplier": supplier, "budget": mall.budget(purchaser, "500000.00")}


def _order(api, shop, product, quantity, budget=None):
    budget_id = (budget or shop["budget"]).id
    return api.post("/api/v1/mall/orders", shop["purchaser"],
                    json={"budget_id": budget_id, "items": [{"product_id": product.id, "quantity": quantity}]})


def _budget(api, shop):
    return api.get(f"/api/v1/budgets/{shop['budget'].id}", shop["purchaser"]).json


def test_an_order_of_exactly_the_direct_limit_is_allowed(api, mall, shop):
    product = mall.offer(shop["supplier"], "25000.00", "26000.00")
    response = _order(api, shop, product, 4)  # 4 × 25,000.00 = 100,000.00, the limit itself
    assert response.status_code == 201, response.json
    assert response.json["status"] == "placed"
    assert response.json["total"] == "100000.00"
    assert response.json["savings"] == "4000.00"  # 4 × (26,000 − 25,000)
    assert response.json["code"] == "MALL-2026-0001"


def test_one_cent_over_the_direct_limit_is_refused_saying_by_how_much(api, mall, shop):
    product = mall.offer(shop["supplier"], "100000.01")
    response = _order(api, shop, product, 1)
    assert error_of(response) == (422, "over_single_order_limit")
    assert "0.01 over the direct purchase limit of 100000.00" in response.json["error"]["message"]
    assert _budget(api, shop)["reserved"] == "0.00"
    db.session.refresh(product)
    assert product.stock == 100


def test_the_split_window_counts_day_30_but_not_day_31(api, mall, shop, clock):
    product = mall.offer(shop["supplier"], "30000.00")
    for _ in range(3):  # 90,000.00 on 2026-12-01
        assert _order(api, shop, product, 1).status_code == 201
    other = mall.offer(shop["supplier"], "10000.01")
    clock.advance(days=30)  # 2026-12-31: the orders of 2026-12-01 are on day 30 of the window
    response = _order(api, shop, other, 1)
    assert error_of(response) == (422, "split_order_suspected")
    # 90,000.00 + 10,000.01 = 100,000.01: one cent over.
    assert "total 90000.00" in response.json["error"]["message"]
    assert "100000.01, 0.01 over" in response.json["error"]["message"]
    clock.advance(days=1)  # 2027-01-01: day 31, they no longer count
    assert _order(api, shop, other, 1, budget=shop["budget"]).status_code == 201


def test_the_split_rule_counts_one_category_and_ignores_cancelled_orders(api, mall, shop):
    computers = mall.offer(shop["supplier"], "60000.00", category="A020101")
    printers = mall.offer(shop["supplier"], "60000.00", category="A020102")
    first = _order(api, shop, computers, 1).json
    assert _order(api, shop, printers, 1).status_code == 201  # another category: 60,000 alone
    assert error_of(_order(api, shop, computers, 1)) == (422, "split_order_suspected")  # 120,000 > 100,000
    api.post(f"/api/v1/mall/orders/{first['id']}/cancel", shop["purchaser"], json={"reason": "重复下单"})
    assert _order(api, shop, computers, 1).status_code == 201  # the cancelled one no longer counts


def test_budget_and_stock_through_every_step(api, mall, shop, clock):
    purchaser, supplier = shop["purchaser"], shop["supplier"]
    product = mall.offer(supplier, "1234.50", "1300.00", stock=10)
    order = _order(api, shop, product, 3).json  # 3 × 1,234.50 = 3,703.50
    oid = order["id"]
    assert order["total"] == "3703.50" and order["savings"] == "196.50"  # 3 × 65.50
    assert {k: _budget(api, shop)[k] for k in ("amount", "reserved", "spent", "available")} == {
        "amount": "500000.00", "reserved": "3703.50", "spent": "0.00", "available": "496296.50"}
    db.session.refresh(product)
    assert product.stock == 7 and product.last_sold_at is not None

    assert error_of(api.post(f"/api/v1/mall/orders/{oid}/ship", supplier)) == (409, "wrong_status")
    assert api.post(f"/api/v1/mall/orders/{oid}/confirm", supplier).json["status"] == "confirmed"
    assert api.post(f"/api/v1/mall/orders/{oid}/ship", supplier).json["status"] == "shipped"
    assert error_of(api.post(f"/api/v1/mall/orders/{oid}/cancel", purchaser, json={"reason": "x"})) == \
        (409, "wrong_status")
    accepted = api.post(f"/api/v1/mall/orders/{oid}/accept", purchaser, json={"note": "验收合格"}).json
    assert accepted["status"] == "accepted" and accepted["acceptance_note"] == "验收合格"
    assert accepted["acceptance_date"] == "2026-12-01"
    assert _budget(api, shop)["reserved"] == "3703.50"

    wrong = api.post(f"/api/v1/mall/orders/{oid}/pay", purchaser, json={
        "amount": "3703.49", "payment_date": "2026-12-01", "invoice_number": "No.001", "payment_reference": "GK1"})
    assert error_of(wrong) == (422, "payment_amount_mismatch")
    paid = api.post(f"/api/v1/mall/orders/{oid}/pay", purchaser, json={
        "amount": "3703.50", "payment_date": "2026-12-01", "invoice_number": "No.001", "payment_reference": "GK1"})
    assert paid.json["status"] == "paid" and paid.json["invoice_number"] == "No.001"
    assert {k: _budget(api, shop)[k] for k in ("reserved", "spent", "available")} == {
        "reserved": "0.00", "spent": "3703.50", "available": "496296.50"}
    assert api.post(f"/api/v1/mall/orders/{oid}/archive", purchaser).json["status"] == "archived"
    db.session.refresh(product)
    assert product.stock == 7

    events = api.get(f"/api/v1/mall/orders/{oid}/file", purchaser).json["events"]
    assert [e["action"] for e in events] == ["order.placed", "order.confirmed", "order.shipped", "order.accepted",
                                            "order.paid", "order.archived"]
    def kinds(user):
        return db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id,
                                                                   Notification.kind.like("order.%"))
                                  .order_by(Notification.id)).all()

    assert kinds(purchaser) == ["order.confirmed", "order.shipped"]
    assert kinds(supplier) == ["order.placed", "order.accepted", "order.paid", "order.archived"]
    assert verify_trail()["ok"]


@pytest.mark.parametrize("steps, by", [((), "purchaser"), (("confirm",), "purchaser"), ((), "supplier"),
                                       (("confirm",), "supplier")])
def test_cancelling_before_shipping_releases_budget_and_stock(api, mall, shop, steps, by):
    product = mall.offer(shop["supplier"], "999.99", stock=5)
    oid = _order(api, shop, product, 2).json["id"]  # 1,999.98 reserved, stock 3
    for step in steps:
        api.post(f"/api/v1/mall/orders/{oid}/{step}", shop["supplier"])
    response = api.post(f"/api/v1/mall/orders/{oid}/cancel", shop[by], json={"reason": "需求取消"})
    assert response.json["status"] == "cancelled"
    assert _budget(api, shop)["reserved"] == "0.00"
    db.session.refresh(product)
    assert product.stock == 5
    # A second cancellation releases nothing more.
    assert error_of(api.post(f"/api/v1/mall/orders/{oid}/cancel", shop[by], json={"reason": "再次"})) == \
        (409, "wrong_status")
    assert _budget(api, shop)["reserved"] == "0.00"
    other = shop["supplier"] if by == "purchaser" else shop["purchaser"]
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == other.id)).all()
    assert "order.cancelled" in kinds
    assert verify_trail()["ok"]


def test_insufficient_budget_and_out_of_stock_say_by_how_much(api, mall, shop, make):
    small = mall.budget(shop["purchaser"], "1000.00")
    product = mall.offer(shop["supplier"], "400.00", stock=2)
    response = _order(api, shop, product, 3, budget=small)  # 1,200.00 on a line of 1,000.00
    assert error_of(response) == (422, "insufficient_budget")
    assert "has 1000.00 available; this needs 1200.00, 200.00 more" in response.json["error"]["message"]
    response = _order(api, shop, product, 3)
    assert error_of(response) == (422, "out_of_stock")
    assert "has 2 in stock; this order needs 3" in response.json["error"]["message"]
    assert _budget(api, shop)["reserved"] == "0.00"  # the refused order changed nothing


def test_mixed_suppliers_off_shelf_and_suspended_supplier_are_refused(api, mall, shop):
    mine = mall.offer(shop["supplier"], "100.00")
    theirs = mall.offer(mall.supplier("A020101"), "100.00")
    response = api.post("/api/v1/mall/orders", shop["purchaser"], json={
        "budget_id": shop["budget"].id, "items": [{"product_id": mine.id, "quantity": 1},
                                                  {"product_id": theirs.id, "quantity": 1}]})
    assert error_of(response) == (422, "mixed_suppliers")
    mine.on_shelf = False
    db.session.commit()
    assert error_of(_order(api, shop, mine, 1)) == (422, "product_off_shelf")
    supplier = db.session.scalar(select(Supplier).where(Supplier.organization_id == theirs.supplier_id))
    supplier.status = "suspended"
    db.session.commit()
    assert error_of(_order(api, shop, theirs, 1)) == (422, "supplier_may_not_sell")


def test_each_step_only_by_its_party_and_the_supplier_is_notified(api, mall, shop, make):
    product = mall.offer(shop["supplier"], "100.00")
    oid = _order(api, shop, product, 1).json["id"]
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == shop["supplier"].id,
                                                               Notification.kind.like("order.%"))).all()
    assert kinds == ["order.placed"]
    assert error_of(api.post(f"/api/v1/mall/orders/{oid}/confirm", mall.supplier("A020101"))) == (404, "order_not_found")
    assert api.post(f"/api/v1/mall/orders/{oid}/confirm", shop["purchaser"]).status_code == 403
    assert api.get(f"/api/v1/mall/orders/{oid}", make.purchaser()).status_code == 404
    assert api.get(f"/api/v1/mall/orders/{oid}", make.supervisor()).status_code == 200


def test_the_purchaser_rates_the_supplier_once_after_acceptance(api, mall, shop):
    product = mall.offer(shop["supplier"], "100.00")
    oid = _order(api, shop, product, 1).json["id"]
    assert error_of(api.post(f"/api/v1/mall/orders/{oid}/rate", shop["purchaser"], json={"rating": 4})) == \
        (409, "not_accepted")
    for step in ("confirm", "ship"):
        api.post(f"/api/v1/mall/orders/{oid}/{step}", shop["supplier"])
    api.post(f"/api/v1/mall/orders/{oid}/accept", shop["purchaser"], json={"note": "合格"})
    assert api.post(f"/api/v1/mall/orders/{oid}/rate", shop["purchaser"], json={"rating": 4}).json["rating"] == 4
    assert error_of(api.post(f"/api/v1/mall/orders/{oid}/rate", shop["purchaser"], json={"rating": 5})) == \
        (409, "already_rated")
    supplier = db.session.scalar(select(Supplier).where(Supplier.organization_id == product.supplier_id))
    db.session.refresh(supplier)
    assert (supplier.rating_count, supplier.rating_total) == (1, 4)


def test_budget_lines_are_managed_by_the_center(api, make, shop):
    admin = make.admin()
    payload = {"organization_id": shop["purchaser"].organization_id, "year": 2027, "code": "YS-01",
               "name": "设备购置", "amount": "80000.00"}
    created = api.post("/api/v1/budgets", admin, json=payload)
    assert created.status_code == 201 and created.json["available"] == "80000.00"
    assert error_of(api.post("/api/v1/budgets", admin, json=payload)) == (409, "duplicate_budget_code")
    assert api.post("/api/v1/budgets", shop["purchaser"], json=payload).status_code == 403
    bid = created.json["id"]
    assert api.get(f"/api/v1/budgets/{bid}", make.purchaser()).status_code == 404
    assert api.get(f"/api/v1/budgets/{bid}", make.supervisor()).status_code == 200
    listed = api.get("/api/v1/budgets", shop["purchaser"]).json
    assert {b["code"] for b in listed["items"]} == {"YS-01", shop["budget"].code}


def test_the_amount_cannot_go_below_reserved_plus_spent(api, make, mall, shop):
    admin = make.admin()
    product = mall.offer(shop["supplier"], "50000.00")
    _order(api, shop, product, 1)  # 50,000.00 reserved of 500,000.00
    bid = shop["budget"].id
    assert error_of(api.patch(f"/api/v1/budgets/{bid}", admin, json={"amount": "49999.99"})) == \
        (422, "amount_below_committed")
    changed = api.patch(f"/api/v1/budgets/{bid}", admin, json={"amount": "50000.00"}).json
    assert changed["available"] == "0.00"
    assert error_of(_order(api, shop, product, 1)) == (422, "insufficient_budget")
    assert db.session.get(BudgetLine, bid).amount == Decimal("50000.00")
    assert verify_trail()["ok"]


def test_an_update_of_a_budget_line_behind_the_platform_is_detected(api, mall, shop):
    product = mall.offer(shop["supplier"], "100.00")
    _order(api, shop, product, 2)
    assert verify_trail()["ok"]
    db.session.execute(text("UPDATE budget_line SET reserved = 0 WHERE id = :id"), {"id": shop["budget"].id})
    db.session.commit()
    result = verify_trail()
    assert not result["ok"]
    assert result["problems"][0]["object"] == f"budget_line:{shop['budget'].id}"


def test_the_split_rule_sums_only_the_units_direct_items_in_the_category(api, make, mall, shop, clock):
    computers = mall.offer(shop["supplier"], "20000.00", category="A020101")
    printers = mall.offer(shop["supplier"], "15000.00", category="A020102")
    both = api.post("/api/v1/mall/orders", shop["purchaser"], json={"budget_id": shop["budget"].id, "items": [
        {"product_id": computers.id, "quantity": 2}, {"product_id": printers.id, "quantity": 1}]})
    assert both.status_code == 201 and both.json["total"] == "55000.00"  # 2 × 20,000 + 15,000
    neighbour = make.purchaser()
    other = {"purchaser": neighbour, "budget": mall.budget(neighbour, "500000.00")}
    assert _order(api, other, computers, 1).status_code == 201
    since = clock() - timedelta(days=1)
    unit, neighbour_unit = shop["purchaser"].organization_id, neighbour.organization_id
    assert direct_spending(unit, "A020101", since) == Decimal("40000.00")  # the computers of the two-category order
    assert direct_spending(unit, "A020102", since) == Decimal("15000.00")
    assert direct_spending(neighbour_unit, "A020101", since) == Decimal("20000.00")  # the other unit's own order
    assert direct_spending(unit, "A020101", clock() + timedelta(seconds=1)) == 0
    # 40,000 + 3 × 20,000 = 100,000.00 is allowed; one more computer (120,000) is not.
    assert error_of(_order(api, shop, computers, 4)) == (422, "split_order_suspected")
    assert _order(api, shop, computers, 3).status_code == 201


def test_acceptance_and_payment_dates_follow_the_order(api, make, clock):
    """Accepted no earlier than shipped, paid no earlier than accepted, neither in the future."""
    order = make.order("shipped")  # shipped at T0: 2026-12-01 in Beijing
    purchaser = db.session.scalar(select(User).where(User.organization_id == order.purchaser_id))
    accept = f"/api/v1/mall/orders/{order.id}/accept"
    response = api.post(accept, purchaser, json={"note": "合格", "acceptance_date": "2000-01-01"})
    assert error_of(response) == (422, "validation_failed")
    assert response.json["error"]["fields"]["acceptance_date"] == ["must not be before the shipping date 2026-12-01"]
    assert error_of(api.post(accept, purchaser, json={"note": "合格", "acceptance_date": "2026-12-02"})) == \
        (422, "validation_failed")  # tomorrow
    clock.advance(days=2)
    assert api.post(accept, purchaser, json={"note": "合格", "acceptance_date": "2026-12-02"}).status_code == 200
    pay = {"amount": str(order.total), "invoice_number": "No.1", "payment_reference": "GK1"}
    response = api.post(f"/api/v1/mall/orders/{order.id}/pay", purchaser, json=pay | {"payment_date": "2026-12-01"})
    assert response.json["error"]["fields"]["payment_date"] == ["must not be before the acceptance date 2026-12-02"]
    paid = api.post(f"/api/v1/mall/orders/{order.id}/pay", purchaser, json=pay | {"payment_date": "2026-12-02"})
    assert paid.status_code == 200 and paid.json["status"] == "paid"
