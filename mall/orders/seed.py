"""`flask seed-demo`, the mall's budgets, orders and competitions: budget lines for the demo
purchasing units, direct orders in every state and one open and one closed competition, made
through the real operations at back-dated times. Orders and competitions need the catalogue's
demo suppliers and products (an earlier seed step); without them only the budgets are made."""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from core import clock
from core.extensions import db
from core.models import Organization, User
from core.seed import local_time
from mall.budgets import operations as budgets
from mall.budgets.models import BudgetLine
from mall.catalogue.models import Category, Product
from mall.competitions import operations as competitions
from mall.competitions.models import Competition
from mall.orders import operations as orders
from mall.orders.models import Order
from mall.suppliers.operations import may_sell

# (purchasing unit username, code, name, amount)
BUDGETS = [
    ("hospital", "YY-BG-01", "办公设备及耗材购置", "600000.00"),
    ("hospital", "YY-XX-02", "信息化设备购置", "900000.00"),
    ("school", "ZX-JX-01", "教学设备购置", "500000.00"),
    ("transport", "JT-BG-01", "办公用品及设备", "300000.00"),
    ("water", "ZLS-BG-01", "办公家具及设备", "250000.00"),
]
# Direct orders by the hospital: (status reached, days ago placed, number of units).
ORDERS = [("placed", 1, 2), ("confirmed", 3, 1), ("shipped", 6, 3), ("accepted", 10, 2), ("paid", 16, 1),
          ("archived", 24, 2), ("cancelled", 5, 1)]
# The demo orders' notes, in the purchaser's words (they also tell a re-seed which orders exist).
NOTES = {"placed": "演示订单：待供应商确认", "confirmed": "演示订单：已确认", "shipped": "演示订单：已发货",
         "accepted": "演示订单：已验收", "paid": "演示订单：已付款", "archived": "演示订单：已归档",
         "cancelled": "演示订单：已取消"}
STEPS = ("confirmed", "shipped", "accepted", "paid", "archived")
# The competitions buy from the category with the most suppliers, and say so: "县第一中学硒鼓竞价采购".
OPEN_TITLE = "县第一中学%s竞价采购"
CLOSED_TITLE = "县人民医院%s竞价采购"


def seed_orders(seeder):
    year = clock.today().year
    lines = {username: _budget(seeder, username, code, name, year, amount)
             for username, code, name, amount in BUDGETS}
    products = _sellable_products()
    if not products:
        return
    hospital = seeder.users["hospital"]
    for index, (status, days_ago, units) in enumerate(ORDERS):
        product = products[index % len(products)]
        _order(seeder, hospital, lines["hospital"], product, status, days_ago, units)
    _competitions(seeder, lines)


def _budget(seeder, username, code, name, year, amount):
    org = seeder.users[username].organization
    budget = db.session.scalar(select(BudgetLine).where(
        BudgetLine.organization_id == org.id, BudgetLine.year == year, BudgetLine.code == code))
    if budget is None:
        with clock.frozen_at(seeder.setup_time):
            budget = budgets.create_budget(seeder.admin, {"organization_id": org.id, "year": year, "code": code,
                                                          "name": name, "amount": Decimal(amount)})
        seeder.created["budget lines"] += 1
    return budget


def _sellable_products():
    """On-shelf products with stock whose supplier may sell them, cheapest first, one per supplier."""
    candidates = db.session.scalars(select(Product).where(Product.on_shelf, Product.stock >= 20,
                                                          Product.price <= 5000)
                                    .order_by(Product.price, Product.id).limit(200)).all()
    chosen, suppliers = [], set()
    for product in candidates:
        if product.supplier_id not in suppliers and may_sell(product.supplier, product.category_code):
            chosen.append(product)
            suppliers.add(product.supplier_id)
    return chosen


def _supplier_user(organization_id):
    return db.session.scalar(select(User).where(User.organization_id == organization_id, User.of_role("bidder"))
                             .order_by(User.id))


def _order(seeder, purchaser, budget, product, status, days_ago, units):
    note = NOTES[status]
    if db.session.scalar(select(Order.id).where(Order.purchaser_id == purchaser.organization_id, Order.note == note)):
        return
    moment = local_time(seeder.today - timedelta(days=days_ago), 10)
    with clock.frozen_at(moment):
        order = orders.place_order(purchaser, {"budget_id": budget.id, "note": note,
                                               "items": [{"product_id": product.id, "quantity": units}]})
    supplier = _supplier_user(order.supplier_id)
    if status == "cancelled":
        with clock.frozen_at(moment + timedelta(hours=3)):
            orders.cancel_order(purchaser, order.id, "预算调整，暂缓采购")
    elif status != "placed":
        for day, step in enumerate(STEPS[:STEPS.index(status) + 1], start=1):
            with clock.frozen_at(moment + timedelta(days=day)):
                _step(step, order, purchaser, supplier)
    seeder.created["mall orders"] += 1


def _step(step, order, purchaser, supplier):
    at = clock.today()
    if step == "confirmed":
        orders.confirm_order(supplier, order.id)
    elif step == "shipped":
        orders.ship_order(supplier, order.id)
    elif step == "accepted":
        orders.accept_order(purchaser, order.id, {"note": "货物数量、型号与订单一致，外观完好，运行正常，验收合格。"})
        orders.rate_supplier(purchaser, order.id, 5)
    elif step == "paid":
        orders.pay_order(purchaser, order.id, {"amount": order.total, "payment_date": at,
                                               "invoice_number": f"35012{order.id:07d}",
                                               "payment_reference": f"GK{at:%Y%m%d}{order.id:04d}"})
    else:
        orders.archive_order(purchaser, order.id)


def _category_with_suppliers(count):
    """A category with at least `count` suppliers allowed to sell in it, and one product of each."""
    rows = db.session.execute(select(Product.category_code, Product.supplier_id).where(Product.on_shelf)
                              .group_by(Product.category_code, Product.supplier_id)).all()
    by_category = {}
    for category, supplier_id in rows:
        org = db.session.get(Organization, supplier_id)
        if may_sell(org, category):
            by_category.setdefault(category, []).append(supplier_id)
    fitting = sorted((len(s), c) for c, s in by_category.items() if len(s) >= count)
    if not fitting:
        return None, []
    category = fitting[-1][1]
    return category, by_category[category][:count]


def _competitions(seeder, lines):
    category, supplier_ids = _category_with_suppliers(3)
    if category is None:
        return
    price = db.session.scalar(select(func.min(Product.price)).where(Product.category_code == category))
    name = db.session.get(Category, category).name
    _competition(seeder, "school", lines["school"], OPEN_TITLE % name, category, price, closes_in=4, quotes=[])
    _competition(seeder, "hospital", lines["hospital"], CLOSED_TITLE % name, category, price, closes_in=-2,
                 quotes=list(zip(supplier_ids, ("0.97", "0.95", "0.99"))))


def _competition(seeder, username, budget, title, category, price, closes_in, quotes):
    if db.session.scalar(select(Competition.id).where(Competition.title == title)):
        return
    purchaser = seeder.users[username]
    quantity = 10
    closes_at = local_time(seeder.today + timedelta(days=closes_in), 17)
    posted = closes_at - timedelta(days=5)
    with clock.frozen_at(posted):
        competition = competitions.create_competition(purchaser, {
            "budget_id": budget.id, "title": title, "category": category, "quantity": quantity,
            "spec": "参数不低于目录同类产品主流配置，原厂正品，含售后服务，送货到指定地点。",
            "budget_amount": (price * quantity).quantize(Decimal("0.01")), "closes_at": closes_at})
    for hours, (supplier_id, ratio) in enumerate(quotes, start=1):
        with clock.frozen_at(posted + timedelta(hours=hours)):
            competitions.submit_quote(_supplier_user(supplier_id), competition.id,
                                      (price * Decimal(ratio)).quantize(Decimal("0.01")))
    if closes_in < 0:
        with clock.frozen_at(closes_at + timedelta(hours=1)):
            competitions.close_competition(purchaser, competition.id)
    seeder.created["mall competitions"] += 1
