"""Direct orders (直购) and their lifecycle: place, confirm, ship, accept (验收), pay, archive,
cancel, rate. No request, no commit.

Placing checks the single-order limit and the split-order rule, then reserves the budget and
the stock with conditional UPDATEs (mall.budgets.operations), so concurrent orders never overdraw either.
"""
from collections import OrderedDict
from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from core import clock
from core.auth import acts_as_center, is_bidder, is_purchaser, require
from core.codes import next_code
from core.errors import N_, Amount, DomainError, NotFound, ValidationFailed, message
from core.extensions import db
from core.lifecycle import update_where
from core.models import Event, Organization
from core.money import quantize
from core.notifications import notify, page_link
from core.refusals import refused
from core.timeutil import as_aware, to_local
from core.trail import batched, record_event
from mall.budgets import operations as budgets
from mall.catalogue import operations as catalogue
from mall.catalogue.models import Product
from mall.catalogue.operations.categories import category_label
from mall.orders.models import ORDER_LIFECYCLE, CartItem, Order, OrderItem
from mall.suppliers.models import Supplier
from mall.suppliers.operations import may_sell, supplier_of

CODE_PREFIX = "MALL"


def _config(name):
    return current_app.config[name]


# What waits for a supplier: the orders to confirm, then the orders to ship.
SUPPLIER_TODO = ("placed", "confirmed")


def orders_waiting_for_supplier(user, limit=20):
    """The orders placed with the user's organisation that wait for it (to confirm, to ship), oldest first, and
    how many of each status wait in all ({status: count})."""
    waiting = (Order.supplier_id == user.organization_id, Order.status.in_(SUPPLIER_TODO))
    counts = dict(db.session.execute(select(Order.status, func.count()).where(*waiting).group_by(Order.status)).all())
    rows = db.session.scalars(select(Order).where(*waiting).options(joinedload(Order.purchaser))
                              .order_by(Order.placed_at, Order.id).limit(limit)).all()
    return rows, {status: counts.get(status, 0) for status in SUPPLIER_TODO}


def has_orders_to_confirm(user):
    """Whether orders placed with the user's organisation wait for its confirmation."""
    return db.session.scalar(select(Order.id).where(Order.supplier_id == user.organization_id,
                                                    Order.status == "placed").limit(1)) is not None


# -- The cart, kept on the server ---------------------------------------------------------------------------------

MAX_CART_QUANTITY = 1_000_000


def _cart_owner(actor):
    require(is_purchaser(actor), "not_purchaser", "Only purchasing units have a cart.")


def cart_of(actor):
    """{product id: quantity} of the purchaser's cart, in the order the products were added."""
    _cart_owner(actor)
    return dict(db.session.execute(select(CartItem.product_id, CartItem.quantity)
                                   .where(CartItem.user_id == actor.id).order_by(CartItem.id)).all())


def cart_groups(actor):
    """The cart's products by supplier: [(supplier, [(product, quantity, line total)], total)]."""
    cart = cart_of(actor)
    products = db.session.scalars(select(Product).where(Product.id.in_(list(cart)))).all() if cart else []
    groups = {}
    for product in sorted(products, key=lambda p: (p.supplier_id, p.id)):
        groups.setdefault(product.supplier_id, (product.supplier, []))[1].append(
            (product, cart[product.id], product.price * cart[product.id]))
    return [(supplier, lines, sum(t for _, _, t in lines)) for supplier, lines in groups.values()]


def put_in_cart(actor, product_id, quantity, add=True):
    """Add `quantity` of a visible product to the cart, or set its quantity (add=False; 0 takes it out).
    Returns the cart line, or None when it was taken out."""
    _cart_owner(actor)
    lowest = 1 if add else 0
    if quantity is None or not lowest <= quantity <= MAX_CART_QUANTITY:
        raise ValidationFailed({"quantity": [message("Between %(min)s and %(max)s.", min=lowest,
                                                     max=MAX_CART_QUANTITY)]})
    if quantity == 0:  # taken out, even a product no longer listed
        take_from_cart(actor, [product_id])
        return None
    product = catalogue.get_product(actor, product_id)
    item = db.session.scalar(select(CartItem).where(CartItem.user_id == actor.id, CartItem.product_id == product.id)
                             .with_for_update())
    if item is None:
        item = CartItem(user_id=actor.id, product_id=product.id, quantity=0, added_at=clock.now())
        db.session.add(item)
    item.quantity = min(item.quantity + quantity if add else quantity, MAX_CART_QUANTITY)
    db.session.flush()
    return item


def take_from_cart(actor, product_ids):
    """Take the products out of the cart (once ordered)."""
    _cart_owner(actor)
    for item in db.session.scalars(select(CartItem).where(CartItem.user_id == actor.id,
                                                         CartItem.product_id.in_(list(product_ids)))):
        db.session.delete(item)
    db.session.flush()


def get_order(user, order_id, lock=False):
    """An order the user may see (its purchasing unit, its supplier, the center, the supervisor); 404 otherwise."""
    order = db.session.get(Order, order_id, with_for_update=True if lock else None)
    if order is None or not order.can_view(user):
        raise NotFound("order_not_found", "Order not found.")
    return order


def orders_for(user, status=None, channel=None):
    """Select statement of the orders the user may see, newest first."""
    stmt = select(Order)
    if is_purchaser(user):
        stmt = stmt.where(Order.purchaser_id == user.organization_id)
    elif is_bidder(user):
        stmt = stmt.where(Order.supplier_id == user.organization_id)
    if status:
        stmt = stmt.where(Order.status == status)
    if channel:
        stmt = stmt.where(Order.channel == channel)
    return stmt.order_by(Order.id.desc())


def order_code(now):
    """The order's code, not gapless: orders in parallel do not wait for each other's counter lock."""
    return next_code(f"{CODE_PREFIX}-{to_local(now).year}", gapless=False)


def _quantities(items):
    """{product_id: quantity}, the same product given twice counted once."""
    quantities = OrderedDict()
    for item in items:
        quantities[item["product_id"]] = quantities.get(item["product_id"], 0) + item["quantity"]
    return quantities


def _order_products(quantities):
    products = {p.id: p for p in db.session.scalars(
        select(Product).options(joinedload(Product.supplier)).where(Product.id.in_(list(quantities))))}
    missing = [pid for pid in quantities if pid not in products]
    if missing:
        raise ValidationFailed({"items": [message("product %(ids)s does not exist", ids=[str(i) for i in missing])]},
                               "An ordered product does not exist.", "product_not_found")
    suppliers = {p.supplier_id for p in products.values()}
    if len(suppliers) > 1:
        raise DomainError("mixed_suppliers", "One order buys from one supplier; these products come from "
                          "%(count)s suppliers. Place one order per supplier.", count=str(len(suppliers)))
    for product in products.values():
        if not product.on_shelf:
            raise DomainError("product_off_shelf", "%(name)s is not on the shelf.", name=product.name)
        if not may_sell(product.supplier, product.category_code):
            raise DomainError("supplier_may_not_sell", "%(supplier)s may not sell %(name)s in the mall now.",
                              supplier=product.supplier.name, name=product.name)
    return [products[pid] for pid in quantities]


def window_start(now, days):
    """The start of the split-order window: local midnight `days` days ago (that day counts)."""
    first_day = to_local(now).date() - timedelta(days=days)
    return as_aware(datetime.combine(first_day, time()))


def direct_spending(purchaser_id, category_code, since):
    """The purchasing unit's direct-order spending in a category since `since`, cancelled orders aside.

    Walks the unit's orders in the window (index on purchaser and time) and sums each one's items in the
    category through a correlated subquery: databases run it per order, never flattened into a join that
    could start from every order item of the category, platform-wide, when the statistics are stale."""
    in_category = (select(func.coalesce(func.sum(OrderItem.line_total), 0))
                   .where(OrderItem.order_id == Order.id, OrderItem.category_code == category_code)
                   .correlate(Order).scalar_subquery())
    return db.session.scalar(
        select(func.coalesce(func.sum(in_category), 0))
        .where(Order.purchaser_id == purchaser_id, Order.placed_at >= since, Order.channel == "direct",
               Order.status != "cancelled"))


def check_direct_limits(purchaser_id, lines, total, now):
    """The single-order limit, then the split-order rule per category (422 saying by how much)."""
    limit = _config("MALL_DIRECT_LIMIT")
    if total > limit:
        raise DomainError(
            "over_single_order_limit",
            "This order totals %(total)s, %(excess)s over the direct purchase limit of %(limit)s; "
            "use a competition or a tender.", total=Amount(total), excess=Amount(total - limit), limit=Amount(limit))
    days = _config("MALL_SPLIT_WINDOW_DAYS")
    since = window_start(now, days)
    by_category = OrderedDict()
    for product, quantity, line_total in lines:
        by_category[product.category_code] = by_category.get(product.category_code, 0) + line_total
    for category, amount in by_category.items():
        earlier = quantize(direct_spending(purchaser_id, category, since))
        if earlier + amount > limit:
            # The order is refused, but the attempt is kept (audit: a split_order_suspected flag).
            refused("split_order_suspected", purchaser_id=purchaser_id, category=category, days=days,
                    earlier=earlier, attempted=amount, limit=limit, at=now)
            raise DomainError(
                "split_order_suspected",
                "Direct orders in category %(category)s in the last %(days)s days total %(earlier)s; with this "
                "order they would reach %(sum)s, %(excess)s over the direct purchase limit of %(limit)s. "
                "Use a competition or a tender.",
                category=category_label(category, with_code=True), days=str(days),
                earlier=Amount(earlier), sum=Amount(earlier + amount),
                excess=Amount(earlier + amount - limit), limit=Amount(limit))


def _take_stock(product, quantity, actor, order_code_, now):
    if not update_where(product, Product.stock >= quantity, Product.WATCHED_FIELDS,
                        stock=Product.stock - quantity, last_sold_at=now):
        db.session.refresh(product)
        raise DomainError("out_of_stock", "%(name)s has %(stock)s in stock; this order needs %(quantity)s.",
                          name=product.name, stock=str(product.stock), quantity=str(quantity))
    record_event(product, "product.stock_reserved", actor, {"stock": product.stock + quantity},
                 {"stock": product.stock, "order": order_code_})


def _return_stock(product, quantity, actor, order_code_):
    update_where(product, None, Product.WATCHED_FIELDS, stock=Product.stock + quantity)
    record_event(product, "product.stock_released", actor, {"stock": product.stock - quantity},
                 {"stock": product.stock, "order": order_code_})


def place_order(actor, data):
    """A purchasing unit orders from one supplier's catalogue, drawing on one of its budget lines."""
    require(is_purchaser(actor), "not_purchaser", "Only a purchasing unit places orders.")
    budget = budgets.get_budget(actor, data["budget_id"])
    require(budget.is_owned_by(actor), "not_budget_owner", "Only the budget line's own unit may draw on it.")
    now = clock.now()
    quantities = _quantities(data["items"])
    products = _order_products(quantities)
    lines = [(p, quantities[p.id], quantize(p.price * quantities[p.id])) for p in products]
    total = sum((line_total for _, _, line_total in lines), quantize(0))
    # One unit's orders one at a time, so that two parallel orders cannot both pass the split-order rule.
    db.session.execute(select(Organization.id).where(Organization.id == actor.organization_id).with_for_update())
    check_direct_limits(actor.organization_id, lines, total, now)
    code = order_code(now)
    with batched():  # the budget's, the products' and the order's events in two statements
        budgets.reserve(budget, total, actor, {"order": code})
        for product, quantity, _ in sorted(lines, key=lambda line: line[0].id):  # one lock order: no deadlock
            _take_stock(product, quantity, actor, code, now)
        return record_placed(_new_order(actor, code, budget, lines, total, data.get("note"), now), actor)


def _new_order(actor, code, budget, lines, total, note, now):
    order = Order(code=code, channel="direct", status="placed", purchaser_id=actor.organization_id,
                  supplier_id=lines[0][0].supplier_id, budget_id=budget.id, created_by_id=actor.id, total=total,
                  savings=quantize(sum(q * (p.reference_price - p.price) for p, q, _ in lines)),
                  note=note, placed_at=now)
    order.items = [OrderItem(product_id=p.id, category_code=p.category_code, name=p.name, unit=p.unit, quantity=q,
                             unit_price=p.price, reference_price=p.reference_price, line_total=line_total)
                   for p, q, line_total in lines]
    return order


def record_placed(order, actor, notify_supplier=True):
    """Store a new order, record it in its chain and (unless told otherwise) tell the supplier."""
    db.session.add(order)
    db.session.flush()
    record_event(order, "order.placed", actor, after=order.recorded_state() | {
        "code": order.code, "channel": order.channel})
    if notify_supplier:
        notify(order.supplier, "order.placed", order_link(order), code=order.code, purchaser=order.purchaser.name,
               total=Amount(order.total))
    return order


def _supplier_order(actor, order_id):
    order = get_order(actor, order_id)
    require(order.is_supplier(actor), "not_supplier", "Only the order's supplier may do this.")
    return order


def _purchaser_order(actor, order_id):
    order = get_order(actor, order_id)
    require(order.is_purchaser(actor), "not_order_purchaser", "Only the purchasing unit of the order may do this.")
    return order


def confirm_order(actor, order_id):
    """placed → confirmed, by the supplier."""
    order = _supplier_order(actor, order_id)
    ORDER_LIFECYCLE.change(order, "confirmed", actor, "order.confirmed", {"confirmed_at": clock.now()})
    notify(order.purchaser, "order.confirmed", order_link(order), code=order.code, supplier=order.supplier.name)
    return order


def ship_order(actor, order_id):
    """confirmed → shipped, by the supplier."""
    order = _supplier_order(actor, order_id)
    ORDER_LIFECYCLE.change(order, "shipped", actor, "order.shipped", {"shipped_at": clock.now()})
    notify(order.purchaser, "order.shipped", order_link(order), code=order.code, supplier=order.supplier.name)
    return order


def accept_order(actor, order_id, data):
    """shipped → accepted (验收): the purchasing unit records the acceptance note."""
    order = _purchaser_order(actor, order_id)
    now = clock.now()
    accepted_on = data.get("acceptance_date") or to_local(now).date()
    if accepted_on > to_local(now).date():
        raise ValidationFailed({"acceptance_date": [message("must not be in the future")]})
    shipped_on = to_local(order.shipped_at).date() if order.shipped_at else None
    if shipped_on is not None and accepted_on < shipped_on:
        raise ValidationFailed({"acceptance_date": [message("must not be before the shipping date %(date)s",
                                                            date=shipped_on.isoformat())]})
    note = {"acceptance_date": accepted_on, "acceptance_note": data["note"]}
    changes = {"accepted_at": now, "accepted_by_id": actor.id, **note}
    ORDER_LIFECYCLE.change(order, "accepted", actor, "order.accepted", changes, note | {"accepted_by": actor.label})
    notify(order.supplier, "order.accepted", order_link(order), code=order.code, purchaser=order.purchaser.name)
    return order


def pay_order(actor, order_id, data):
    """accepted → paid: the payment is recorded and the total moves from reserved to spent."""
    order = _purchaser_order(actor, order_id)
    if data["amount"] != order.total:
        raise ValidationFailed({"amount": [message("must equal the order total %(total)s", total=Amount(order.total))]},
                               "The payment must equal the order total.", "payment_amount_mismatch")
    if data["payment_date"] > clock.today():
        raise ValidationFailed({"payment_date": [message("must not be in the future")]})
    if order.acceptance_date is not None and data["payment_date"] < order.acceptance_date:
        raise ValidationFailed({"payment_date": [message("must not be before the acceptance date %(date)s",
                                                         date=order.acceptance_date.isoformat())]})
    payment = {"paid_amount": data["amount"], "payment_date": data["payment_date"],
               "invoice_number": data["invoice_number"], "payment_reference": data["payment_reference"]}
    ORDER_LIFECYCLE.change(order, "paid", actor, "order.paid", {"paid_at": clock.now(), **payment}, payment)
    budgets.spend(order.budget, order.total, actor, {"order": order.code})
    notify(order.supplier, "order.paid", order_link(order), code=order.code, purchaser=order.purchaser.name,
           amount=Amount(order.paid_amount), invoice=order.invoice_number)
    return order


def archive_order(actor, order_id):
    """paid → archived, by the purchasing unit or the center: the order's file is complete."""
    order = get_order(actor, order_id)
    require(order.is_purchaser(actor) or acts_as_center(actor), "not_order_purchaser",
            "Only the purchasing unit of the order or the center may archive it.")
    ORDER_LIFECYCLE.change(order, "archived", actor, "order.archived", {"archived_at": clock.now()})
    others = [order.supplier] if order.is_purchaser(actor) else [order.supplier, order.purchaser]
    notify(others, "order.archived", order_link(order), code=order.code)
    return order


def cancel_order(actor, order_id, reason):
    """Before shipping, by the purchasing unit or the supplier: the budget and the stock come back."""
    order = get_order(actor, order_id)
    require(order.is_purchaser(actor) or order.is_supplier(actor), "not_order_party",
            "Only the purchasing unit or the supplier of the order may cancel it.")
    if not reason or not reason.strip():
        raise ValidationFailed({"reason": ["a reason is required"]})
    reason = reason.strip()
    ORDER_LIFECYCLE.change(order, "cancelled", actor, "order.cancelled",
                           {"cancelled_at": clock.now(), "cancel_reason": reason}, {"reason": reason})
    budgets.release(order.budget, order.total, actor, {"order": order.code})
    if order.channel == "direct":  # a competition's order never took stock
        for item in sorted(order.items, key=lambda i: i.product_id):
            _return_stock(item.product, item.quantity, actor, order.code)
    other = order.supplier if order.is_purchaser(actor) else order.purchaser
    by = order.purchaser.name if order.is_purchaser(actor) else order.supplier.name
    notify(other, "order.cancelled", order_link(order), code=order.code, by=by, reason=reason)
    return order


def rate_supplier(actor, order_id, rating):
    """After acceptance the purchasing unit rates the supplier once (1–5); it feeds the supplier's score."""
    order = _purchaser_order(actor, order_id)
    db.session.refresh(order, with_for_update=True)
    if order.accepted_at is None:
        raise DomainError("not_accepted", "Rate the supplier after accepting the delivery.", http_status=409)
    if order.rating is not None:
        raise DomainError("already_rated", "This order has already been rated.", http_status=409)
    supplier = supplier_of(order.supplier)
    order.rating, order.rated_at = rating, clock.now()
    if supplier is not None:
        db.session.execute(update(Supplier).where(Supplier.id == supplier.id).values(
            rating_count=Supplier.rating_count + 1, rating_total=Supplier.rating_total + rating)
            .execution_options(synchronize_session=False))
        db.session.expire(supplier)
    record_event(order, "order.rated", actor, after={"rating": rating})
    return order


def order_events(order):
    """The order's trail chain, oldest first (for its file)."""
    return db.session.scalars(select(Event).where(Event.chain_key == f"{Order.__tablename__}:{order.id}")
                              .order_by(Event.seq)).all()


# The notifications this feature sends: kind -> (title, body), English templates (core.notifications).
NOTIFICATION_KINDS = {
    "order.placed": (N_("New order %(code)s"),
                     N_("%(purchaser)s placed order %(code)s for %(total)s: please confirm it.")),
    "order.confirmed": (N_("Order %(code)s confirmed"),
                        N_("%(supplier)s confirmed order %(code)s.")),
    "order.shipped": (N_("Order %(code)s shipped"),
                      N_("%(supplier)s shipped order %(code)s: please check the delivery and accept it.")),
    "order.accepted": (N_("Order %(code)s accepted"),
                       N_("%(purchaser)s accepted the delivery of order %(code)s.")),
    "order.paid": (N_("Order %(code)s paid"),
                   N_("%(purchaser)s paid %(amount)s for order %(code)s (invoice %(invoice)s).")),
    "order.archived": (N_("Order %(code)s archived"),
                       N_("Order %(code)s is complete and archived.")),
    "order.cancelled": (N_("Order %(code)s cancelled"),
                        N_("Order %(code)s was cancelled by %(by)s: %(reason)s")),
}


def order_link(order):
    return page_link("mall_orders.order", order_id=order.id)
