"""The trail's blind spots (domain.md: Integrity of the record): an UPDATE behind the platform's back of any field
that carries the mall's money or outcome is found by `verify_trail`, naming the object and the field."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from core import trail
from core.extensions import db
from mall.catalogue.models import Product
from mall.competitions.models import Competition, Quote
from mall.orders.models import Order, OrderItem

pytestmark = pytest.mark.usefixtures("fast_passwords")


def _tamper(model, row_id, **values):
    """UPDATE behind the platform's back: one statement, no operation, no event."""
    db.session.execute(update(model).where(model.id == row_id).values(**values)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    db.session.expire_all()


def _problems(obj):
    result = trail.verify_trail()
    return {(p["problem"], p.get("field")) for p in result.get("problems", []) if p["object"] == obj}


@pytest.mark.parametrize("column, value", [("unit_price", "1.00"), ("quantity", 9), ("line_total", "1.00")])
def test_an_order_items_price_quantity_or_line_total(make, mall, column, value):
    order = make.order("paid", quantity=2)
    assert trail.verify_trail()["ok"]
    item = db.session.scalar(select(OrderItem).where(OrderItem.order_id == order.id))
    _tamper(OrderItem, item.id, **{column: Decimal(value) if isinstance(value, str) else value})
    assert ("state_mismatch", "lines") in _problems(f"mall_order:{order.id}")


@pytest.mark.parametrize("column", ["budget_id", "savings"])
def test_an_orders_budget_line_or_savings(make, mall, column):
    order = make.order("accepted")
    other = mall.budget(make.purchaser(), "1000.00")
    value = other.id if column == "budget_id" else Decimal("99999.00")
    _tamper(Order, order.id, **{column: value})
    assert ("state_mismatch", column) in _problems(f"mall_order:{order.id}")


@pytest.mark.parametrize("column", ["closes_at", "budget_amount"])
def test_a_competitions_closing_time_or_cap(make, mall, column):
    competition = make.competition("open")
    value = (competition.closes_at + timedelta(days=30)) if column == "closes_at" else Decimal("999999.00")
    _tamper(Competition, competition.id, **{column: value})
    assert ("state_mismatch", column) in _problems(f"mall_competition:{competition.id}")


def test_an_open_quotes_ciphertext_swapped_with_anothers(make, mall):
    competition = make.competition("open", quotes=("480.00", "450.00"))
    first, second = db.session.scalars(select(Quote).where(Quote.competition_id == competition.id)
                                       .order_by(Quote.id)).all()
    _tamper(Quote, first.id, ciphertext=second.ciphertext)
    assert ("state_mismatch", "ciphertext_sha256") in _problems(f"mall_quote:{first.id}")


def test_a_products_reference_price(make, mall):
    product = mall.offer(mall.supplier("A020101"), "100.00", "120.00")
    _tamper(Product, product.id, reference_price=Decimal("9999.00"))
    assert ("state_mismatch", "reference_price") in _problems(f"mall_product:{product.id}")
