"""Competitions (竞价): the cap, fewer than 3 valid quotes, ties by time, a later quote replacing
an earlier one, the reservation on the budget line, and the scheduler's close-due."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.notifications import Notification
from core.trail import verify_trail
from mall.competitions.models import Competition, Quote
from tests.conftest import T0, error_of

pytestmark = pytest.mark.usefixtures("fast_passwords")
CLOSES = T0 + timedelta(days=3)


@pytest.fixture
def posted(api, make, mall):
    purchaser = make.purchaser()
    budget = mall.budget(purchaser, "200000.00")
    suppliers = [mall.supplier("A020101") for _ in range(4)]
    response = api.post("/api/v1/mall/competitions", purchaser, json={
        "budget_id": budget.id, "title": "办公电脑竞价", "category": "A020101", "quantity": 10,
        "spec": "i5/16G/512G", "budget_amount": "50000.00", "closes_at": CLOSES.isoformat()})
    assert response.status_code == 201, response.json
    return {"purchaser": purchaser, "budget": budget, "suppliers": suppliers, "id": response.json["id"],
            "code": response.json["code"]}


def _quote(api, posted, index, unit_price):
    return api.post(f"/api/v1/mall/competitions/{posted['id']}/quotes", posted["suppliers"][index],
                    json={"unit_price": unit_price})


def _budget(api, posted):
    return api.get(f"/api/v1/budgets/{posted['budget'].id}", posted["purchaser"]).json


def _close(api, posted, clock):
    clock.set(CLOSES)
    return api.post(f"/api/v1/mall/competitions/{posted['id']}/close", posted["purchaser"])


def test_posting_reserves_the_budget_amount(api, posted):
    assert posted["code"] == "MALL-JJ-2026-0001"
    assert (_budget(api, posted)["reserved"], _budget(api, posted)["available"]) == ("50000.00", "150000.00")


def test_the_lowest_valid_total_wins_and_becomes_an_order(api, posted, clock):
    _quote(api, posted, 0, "4800.00")   # 48,000.00
    _quote(api, posted, 1, "4650.00")   # 46,500.00: the lowest
    _quote(api, posted, 2, "4999.99")   # 49,999.90
    assert error_of(_quote(api, posted, 3, "5000.01")) == (422, "quote_above_cap")  # 50,000.10 > 50,000.00
    closed = _close(api, posted, clock).json
    assert closed["status"] == "awarded"
    assert sorted((q["total"], q["valid"], q["invalid_reason"]) for q in closed["quotes"]) == [
        ("46500.00", True, None), ("48000.00", True, None), ("49999.90", True, None)]
    order = api.get(f"/api/v1/mall/orders/{closed['order_id']}", posted["purchaser"]).json
    assert (order["channel"], order["status"], order["total"], order["savings"]) == \
        ("competition", "placed", "46500.00", "3500.00")
    assert order["supplier"]["id"] == posted["suppliers"][1].organization_id
    # The order keeps 46,500.00 of the 50,000.00 reservation; 3,500.00 is released.
    assert (_budget(api, posted)["reserved"], _budget(api, posted)["available"]) == ("46500.00", "153500.00")
    won = db.session.scalars(select(Notification.kind).where(Notification.user_id == posted["suppliers"][1].id,
                                                             Notification.kind.like("competition.%"))).all()
    assert won == ["competition.won"]
    assert verify_trail()["ok"]


def test_fewer_than_three_valid_quotes_fail_and_release_the_reservation(api, posted, clock):
    _quote(api, posted, 0, "4800.00")
    _quote(api, posted, 1, "4700.00")
    assert error_of(_quote(api, posted, 2, "5000.01")) == (422, "quote_above_cap")  # refused: only two quotes
    closed = _close(api, posted, clock).json
    assert (closed["status"], closed["failed_reason"], closed["order_id"]) == ("failed", "insufficient_valid_quotes", None)
    assert _budget(api, posted)["reserved"] == "0.00"


def test_equal_totals_go_to_the_earliest_quote(api, posted, clock):
    _quote(api, posted, 2, "4500.00")
    clock.advance(minutes=1)
    _quote(api, posted, 0, "4500.00")
    clock.advance(minutes=1)
    _quote(api, posted, 1, "4600.00")
    closed = _close(api, posted, clock).json
    order = api.get(f"/api/v1/mall/orders/{closed['order_id']}", posted["purchaser"]).json
    assert order["supplier"]["id"] == posted["suppliers"][2].organization_id


def test_a_later_quote_replaces_the_earlier_one(api, posted, clock):
    first = _quote(api, posted, 0, "4000.00").json
    clock.advance(minutes=5)
    second = _quote(api, posted, 0, "4900.00").json  # replaces 4,000.00: now the highest
    assert second["quote_id"] == first["quote_id"] and second["receipt"] != first["receipt"]
    _quote(api, posted, 1, "4500.00")
    _quote(api, posted, 2, "4600.00")
    closed = _close(api, posted, clock).json
    assert sorted(q["total"] for q in closed["quotes"]) == ["45000.00", "46000.00", "49000.00"]
    order = api.get(f"/api/v1/mall/orders/{closed['order_id']}", posted["purchaser"]).json
    assert order["supplier"]["id"] == posted["suppliers"][1].organization_id


def test_no_quote_after_the_close_and_no_close_before_it(api, posted, clock):
    assert error_of(api.post(f"/api/v1/mall/competitions/{posted['id']}/close", posted["purchaser"])) == \
        (409, "too_early")
    clock.set(CLOSES)
    assert error_of(_quote(api, posted, 0, "4000.00")) == (409, "competition_closed")


def test_only_approved_suppliers_of_the_category_quote(api, posted, mall, make):
    assert error_of(api.post(f"/api/v1/mall/competitions/{posted['id']}/quotes", mall.supplier("A020102"),
                             json={"unit_price": "1.00"})) == (403, "not_category_supplier")
    assert api.post(f"/api/v1/mall/competitions/{posted['id']}/quotes", make.bidder(),
                    json={"unit_price": "1.00"}).status_code == 403


def test_the_cap_may_not_exceed_the_competition_limit(api, make, mall):
    purchaser = make.purchaser()
    budget = mall.budget(purchaser, "2000000.00")
    mall.category("A020101")
    payload = {"budget_id": budget.id, "title": "服务器竞价", "category": "A020101", "quantity": 1, "spec": "2U",
               "budget_amount": "1000000.01", "closes_at": CLOSES.isoformat()}
    response = api.post("/api/v1/mall/competitions", purchaser, json=payload)
    assert error_of(response) == (422, "over_competition_limit")
    assert "0.01 over the competition limit of 1000000.00" in response.json["error"]["message"]
    assert api.post("/api/v1/mall/competitions", purchaser,
                    json=payload | {"budget_amount": "1000000.00"}).status_code == 201


def test_close_due_closes_what_is_past_its_time(app, api, posted, clock):
    for index, price in enumerate(("4100.00", "4200.00", "4300.00")):
        _quote(api, posted, index, price)
    runner = app.test_cli_runner()
    assert "Closed 0 competition(s)." in runner.invoke(args=["mall", "close-due"]).output
    clock.set(CLOSES + timedelta(seconds=1))
    result = runner.invoke(args=["mall", "close-due"])
    assert f"{posted['code']}: awarded" in result.output
    db.session.expire_all()
    assert db.session.get(Competition, posted["id"]).status == "awarded"


def test_a_quote_above_the_cap_is_refused_when_submitted_and_nothing_is_kept(api, posted):
    response = _quote(api, posted, 0, "5000.01")  # × 10 = 50,000.10, the cap is 50,000.00
    assert error_of(response) == (422, "quote_above_cap")
    assert "unit_price" in response.json["error"]["fields"]
    assert db.session.scalar(select(func.count(Quote.id))) == 0
    assert _quote(api, posted, 0, "5000.00").status_code == 201  # exactly the cap


def test_a_quote_price_is_bounded_like_every_mall_price(api, posted):
    # 100,000,000.00 is the largest mall price; one cent more is refused before anything else.
    response = _quote(api, posted, 0, "100000000.01")
    assert error_of(response) == (422, "validation_failed")
    assert response.json["error"]["fields"]["unit_price"] == ["must be at most 100000000.00"]
    assert error_of(_quote(api, posted, 0, "9999999999999999.99")) == (422, "validation_failed")


def _sealed_quote(competition, supplier, unit_price):
    """A quote stored as one sealed before prices were bounded (the API refuses it today)."""
    from core import clock, sealing
    from core.ids import new_random_id
    from core.trail import record_event
    from mall.competitions.operations import competition_scope, quote_content

    content = quote_content(competition, supplier.organization, unit_price, None)
    quote = Quote(id=new_random_id(Quote), competition_id=competition.id, organization_id=supplier.organization_id,
                  receipt=sealing.receipt_for(content), ciphertext=sealing.seal(competition.sealed_key, content),
                  submitted_at=clock.now())
    db.session.add(quote)
    db.session.flush()
    record_event(quote, "quote.submitted", supplier, None, {"receipt": quote.receipt},
                 sealed_scope=competition_scope(competition))
    db.session.commit()
    return quote


def test_a_stored_quote_beyond_any_figure_cannot_block_the_close(api, posted, clock):
    competition = db.session.get(Competition, posted["id"])
    _sealed_quote(competition, posted["suppliers"][3], Decimal("9000000000000000.00"))  # × 10 overflows Numeric(18, 2)
    for index, price in enumerate(("4100.00", "4200.00", "4300.00")):
        _quote(api, posted, index, price)
    response = _close(api, posted, clock)
    assert response.status_code == 200, response.json
    closed = response.json
    assert closed["status"] == "awarded"
    assert sorted((q["total"] or "-", q["valid"], q["invalid_reason"]) for q in closed["quotes"]) == [
        ("-", False, "over_cap"), ("41000.00", True, None), ("42000.00", True, None), ("43000.00", True, None)]
    assert verify_trail()["ok"], verify_trail()


def test_close_due_logs_a_failure_closes_the_others_and_exits_1(app, api, make, mall, posted, clock, monkeypatch):
    from mall.competitions import operations as competitions

    other = make.competition("open", quotes=("480.00", "450.00", "490.00"))  # closes with `posted`, 3 days on
    for index, price in enumerate(("4100.00", "4200.00", "4300.00")):
        _quote(api, posted, index, price)
    real_close = competitions.close_competition

    def broken_for_posted(actor, competition_id):
        if competition_id == posted["id"]:
            raise RuntimeError("numeric field overflow")  # what a database error would do
        return real_close(actor, competition_id)

    monkeypatch.setattr(competitions, "close_competition", broken_for_posted)
    clock.set(CLOSES + timedelta(seconds=1))
    result = app.test_cli_runner().invoke(args=["mall", "close-due"])
    assert result.exit_code == 1
    assert f"competition {posted['id']}: RuntimeError('numeric field overflow')" in result.output
    assert f"{other.code}: awarded" in result.output and "Closed 1 competition(s)." in result.output
    db.session.expire_all()
    assert db.session.get(Competition, posted["id"]).status == "open"  # left for the next run
    assert db.session.get(Competition, other.id).status == "awarded"
