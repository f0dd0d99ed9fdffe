"""Builders for the order and competition tests: a category, approved suppliers with products,
and budget lines, made directly (the catalogue's own operations are tested by its own tests)."""
from decimal import Decimal

import pytest

from core import clock
from core.auth import SYSTEM
from core.extensions import db
from mall.budgets import operations as budgets
from mall.catalogue.models import Category, Product
from mall.suppliers.models import Supplier, SupplierCategory


class Mall:
    def __init__(self, make):
        self.make = make
        self.count = 0

    def category(self, code="A0101", name="台式计算机"):
        category = db.session.get(Category, code)
        if category is None:
            category = Category(code=code, name=name, name_en=code, position=0)
            db.session.add(category)
            db.session.commit()
        return category

    def supplier(self, *categories, name=None):
        """A bidder user whose organisation is an approved supplier of `categories`."""
        user = self.make.bidder(name=name)
        supplier = Supplier(organization_id=user.organization_id, status="approved", created_at=clock.now(),
                            decided_at=clock.now())
        supplier.categories = [SupplierCategory(category_code=self.category(code).code, approved_at=clock.now())
                               for code in (categories or ("A0101",))]
        db.session.add(supplier)
        db.session.commit()
        return user

    def product(self, supplier, price, reference_price=None, stock=100, category="A0101", name=None):
        self.count += 1
        product = Product(supplier_id=supplier.organization_id, category_code=self.category(category).code,
                          name=name or f"测试商品{self.count}", brand="联想", model=f"M{self.count}", unit="台",
                          price=Decimal(price), reference_price=Decimal(reference_price or price), stock=stock,
                          on_shelf=True, created_at=clock.now(), updated_at=clock.now(), search_text="")
        db.session.add(product)
        db.session.commit()
        return product

    def budget(self, purchaser, amount, code=None, year=2026):
        self.count += 1
        budget = budgets.create_budget(SYSTEM, {"organization_id": purchaser.organization_id, "year": year,
                                                "code": code or f"B-{self.count}", "name": "办公设备购置",
                                                "amount": Decimal(amount)})
        db.session.commit()
        return budget


@pytest.fixture
def mall(make):
    return Mall(make)


def order_world(make, owner, supplier_user, category="A0101"):
    """For the access-rule test: `supplier_user`'s organisation (made a supplier of `category` unless it
    already sells there) with a product, and `owner`'s budget line with one order in each of placed,
    confirmed, shipped, accepted and paid, and an open competition closing in 3 days."""
    from datetime import timedelta

    from mall.competitions import operations as competitions
    from mall.orders import operations as orders
    from mall.suppliers.operations import may_sell

    mall = Mall(make)
    if not may_sell(supplier_user.organization, category):
        supplier = Supplier(organization_id=supplier_user.organization_id, status="approved",
                            created_at=clock.now(), decided_at=clock.now())
        supplier.categories = [SupplierCategory(category_code=mall.category(category).code, approved_at=clock.now())]
        db.session.add(supplier)
        db.session.commit()
    product = mall.product(supplier_user, "100.00", "120.00", category=category)
    budget = mall.budget(owner, "100000.00")
    steps = {"confirmed": ["confirm"], "shipped": ["confirm", "ship"], "accepted": ["confirm", "ship", "accept"],
             "paid": ["confirm", "ship", "accept", "pay"]}
    placed = {}
    for status in ("placed", "confirmed", "shipped", "accepted", "paid"):
        order = orders.place_order(owner, {"budget_id": budget.id, "items": [{"product_id": product.id, "quantity": 1}]})
        for step in steps.get(status, []):
            if step == "confirm":
                orders.confirm_order(supplier_user, order.id)
            elif step == "ship":
                orders.ship_order(supplier_user, order.id)
            elif step == "accept":
                orders.accept_order(owner, order.id, {"note": "合格"})
            else:
                orders.pay_order(owner, order.id, {"amount": order.total, "payment_date": clock.today(),
                                                   "invoice_number": "No.1", "payment_reference": "GK1"})
        placed[status] = order
    competition = competitions.create_competition(owner, {
        "budget_id": budget.id, "title": "办公电脑竞价", "category": category, "quantity": 2, "spec": "i5",
        "budget_amount": Decimal("1000.00"), "closes_at": clock.now() + timedelta(days=3)})
    db.session.commit()
    return {"budget": budget, "order_product": product, "orders": placed, "competition": competition,
            "category": category}
