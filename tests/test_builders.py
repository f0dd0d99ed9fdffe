"""The builders reach every state through the real operations (tests/builders): projects up to the award,
orders through every status, competitions open, awarded and failed."""
from decimal import Decimal

import pytest

from core import clock
from core.trail import verify_trail
from scoring.sheets.operations import evaluation_record
from tests.builders.mall import ORDER_STEPS
from tests.conftest import T0
from trading.tender.operations import opening_record

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.mark.parametrize("status, bids", [
    ("draft", []), ("submitted", []), ("published", []), ("published", ["900000.00"]), ("cancelled", []),
    ("opened", ["900000.00", "910000.00", "920000.00"]), ("failed", ["900000.00", "960000.00"]),
])
def test_make_project_reaches_each_state(make, status, bids):
    project = make.project(status=status, bids=bids)
    assert project.status == status
    assert clock.now() == T0, "the clock is restored after an opening"
    record = [(b.price, b.valid) for b in opening_record(project)]
    if status in ("opened", "failed"):
        # the ceiling is 950000.00: above it a bid is invalid, and two valid bids are too few
        assert record == [(Decimal(p), Decimal(p) <= Decimal("950000.00")) for p in bids]
    else:
        assert record == []


def test_make_project_evaluates_with_a_full_panel(make):
    project = make.project(status="evaluated")
    record = evaluation_record(project)
    assert project.status == "evaluated" and record.status == "evaluated"
    assert len(record.result["candidates"]) == 3 and record.award_bid_id is None
    assert clock.now() == T0


def test_make_project_awards_the_first_candidate_after_the_publicity(make):
    project = make.project(status="awarded")
    record = evaluation_record(project)
    assert project.status == "awarded" and record.status == "awarded"
    # three valid bids 900,000 / 850,000 / 800,000, equal technical scores: the lowest price ranks first
    assert record.award_amount == Decimal("800000.00")
    assert record.savings == Decimal("200000.00")  # budget 1,000,000.00 − 800,000.00
    assert record.savings_rate == Decimal("0.2000")
    assert clock.now() == T0, "the clock is restored after the award"
    assert verify_trail()["ok"]


@pytest.mark.parametrize("status", list(ORDER_STEPS))
def test_make_order_reaches_each_status(make, mall, status):
    order = make.order(status)
    assert order.status == status
    assert order.total == Decimal("100.00")  # one product at 100.00
    spent = order.budget.spent
    assert spent == (Decimal("100.00") if status in ("paid", "archived") else 0)
    assert verify_trail()["ok"]


@pytest.mark.parametrize("status, quotes", [("open", ()), ("awarded", ()), ("failed", ()),
                                            ("failed", ("480.00", "450.00"))])
def test_make_competition_reaches_each_status(make, mall, status, quotes):
    competition = make.competition(status, quotes=quotes)
    assert competition.status == status
    assert clock.now() == T0
    if status == "awarded":
        # quotes 480.00, 450.00, 490.00 per unit for 2 units: the lowest wins
        from core.extensions import db
        from mall.competitions.models import Quote

        assert db.session.get(Quote, competition.winning_quote_id).total == Decimal("900.00")
