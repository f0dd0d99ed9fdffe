"""Builders of the mall, through its real operations: the category tree, approved suppliers, products, budget
lines, orders in every status and competitions open, awarded or failed."""
from datetime import timedelta
from decimal import Decimal

from core import clock
from core.auth import SYSTEM
from core.extensions import db

# The steps that bring a placed order to each status, and who takes them.
ORDER_STEPS = {
    "placed": (), "confirmed": ("confirm",), "shipped": ("confirm", "ship"),
    "accepted": ("confirm", "ship", "accept"), "paid": ("confirm", "ship", "accept", "pay"),
    "archived": ("confirm", "ship", "accept", "pay", "archive"), "cancelled": ("cancel",),
}
COMPUTERS = "A020101"  # 台式计算机


class MallBuilder:
    def __init__(self, make):
        self.make = make
        self.count = 0

    def categories(self):
        """The standard category tree (idempotent)."""
        from mall.catalogue.operations.categories import install_categories

        install_categories()
        db.session.commit()

    def category(self, code):
        from mall.catalogue.models import Category

        self.categories()
        return db.session.get(Category, code)

    def supplier(self, *categories, name=None):
        """A bidder whose organisation applied for `categories` (default: office equipment and consumables)
        and was approved by the center."""
        from mall.suppliers import operations as suppliers

        self.categories()
        user = self.make.bidder(name=name)
        supplier = suppliers.apply(user, list(categories or ("A0202", "A0205")))
        suppliers.approve(SYSTEM, supplier.id)
        db.session.commit()
        return user

    def product(self, supplier, **fields):
        """A product listed by `supplier`: an HP laser printer at 2,299.00 (reference 2,399.00) unless told."""
        from mall.catalogue import operations as catalogue
        from mall.catalogue.schemas import ProductIn

        data = {"name": "惠普LaserJet Pro M404dn黑白激光打印机", "category": "A020201", "brand": "惠普",
                "model": "M404dn", "unit": "台", "price": "2299.00", "reference_price": "2399.00", "stock": 10}
        data.update(fields)
        product = catalogue.create_product(supplier, ProductIn().load(data))
        db.session.commit()
        return product

    def offer(self, supplier, price, reference_price=None, stock=100, category=COMPUTERS, name=None):
        """A product of its own model (no other supplier's price to compare with) at `price`, its reference
        price `reference_price` (default: the price)."""
        self.count += 1
        return self.product(supplier, name=name or f"测试商品{self.count}", category=category, brand="联想",
                            model=f"M{self.count}", price=str(price), reference_price=str(reference_price or price),
                            stock=stock)

    def budget(self, purchaser, amount, code=None, year=2026):
        from mall.budgets import operations as budgets

        self.count += 1
        budget = budgets.create_budget(SYSTEM, {"organization_id": purchaser.organization_id, "year": year,
                                                "code": code or f"B-{self.count}", "name": "办公设备购置",
                                                "amount": Decimal(amount)})
        db.session.commit()
        return budget

    def order(self, status="placed", purchaser=None, supplier=None, product=None, quantity=1, budget=None):
        """A direct order brought to `status` (placed, confirmed, shipped, accepted, paid, archived or
        cancelled) by its purchasing unit and its supplier."""
        from mall.orders import operations as orders

        purchaser = purchaser or self.make.purchaser()
        supplier = supplier or self.supplier(COMPUTERS)
        product = product or self.offer(supplier, "100.00", "120.00")
        budget = budget or self.budget(purchaser, "100000.00")
        order = orders.place_order(purchaser, {"budget_id": budget.id,
                                               "items": [{"product_id": product.id, "quantity": quantity}]})
        for step in ORDER_STEPS[status]:
            if step == "confirm":
                orders.confirm_order(supplier, order.id)
            elif step == "ship":
                orders.ship_order(supplier, order.id)
            elif step == "accept":
                orders.accept_order(purchaser, order.id, {"note": "合格"})
            elif step == "pay":
                orders.pay_order(purchaser, order.id, {"amount": order.total, "payment_date": clock.today(),
                                                       "invoice_number": "No.1", "payment_reference": "GK1"})
            elif step == "archive":
                orders.archive_order(purchaser, order.id)
            else:
                orders.cancel_order(purchaser, order.id, "需求变更")
        db.session.commit()
        assert order.status == status
        return order

    def competition(self, status="open", purchaser=None, budget=None, category=COMPUTERS, quotes=(),
                    budget_amount="1000.00", quantity=2):
        """A competition closing in 3 days; `quotes` are unit prices, each from a new supplier of the
        category. Awarded or failed: closed at its closing time (the clock restored) with those quotes
        (default: three quotes for awarded, none for failed)."""
        from mall.competitions import operations as competitions

        purchaser = purchaser or self.make.purchaser()
        budget = budget or self.budget(purchaser, "100000.00")
        if status == "awarded" and not quotes:
            quotes = ("480.00", "450.00", "490.00")
        self.categories()
        competition = competitions.create_competition(purchaser, {
            "budget_id": budget.id, "title": "办公电脑竞价", "category": category, "quantity": quantity,
            "spec": "i5/16G/512G", "budget_amount": Decimal(budget_amount), "closes_at": clock.now() + timedelta(days=3)})
        db.session.commit()
        for unit_price in quotes:
            competitions.submit_quote(self.supplier(category), competition.id, Decimal(unit_price))
            db.session.commit()
        if status != "open":
            with clock.frozen_at(competition.closes_at):
                competitions.close_competition(purchaser, competition.id)
                db.session.commit()
        assert competition.status == status, f"{len(quotes)} quotes make the competition {competition.status}"
        return competition

    def world(self, owner, supplier_user, category=COMPUTERS):
        """For the access-rule test: `supplier_user`'s organisation (made a supplier of `category` unless it
        already sells there) with a product, and `owner`'s budget line with one order in each of placed,
        confirmed, shipped, accepted and paid, and an open competition closing in 3 days."""
        from mall.suppliers import operations as suppliers

        self.categories()
        if not suppliers.may_sell(supplier_user.organization, category):
            supplier = suppliers.apply(supplier_user, [category])
            suppliers.approve(SYSTEM, supplier.id)
            db.session.commit()
        product = self.offer(supplier_user, "100.00", "120.00", category=category)
        budget = self.budget(owner, "100000.00")
        placed = {status: self.order(status, owner, supplier_user, product, budget=budget)
                  for status in ("placed", "confirmed", "shipped", "accepted", "paid")}
        competition = self.competition("open", owner, budget, category)
        return {"budget": budget, "order_product": product, "orders": placed, "competition": competition,
                "category": category}
