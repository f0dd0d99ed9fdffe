"""HTML pages for the cart and checkout and for orders: parse, call one operation, redirect or render."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core import clock, documents
from core.auth import page_roles, page_user
from core.errors import DomainError, NotFound
from core.extensions import db
from core.inputs import form_int
from core.money import format_money_display
from core.schemas import load_filters
from core.web import handle_form, paginate, run_action
from mall.budgets.views import budget_choices
from mall.orders import operations as orders
from mall.orders.forms import AcceptForm, CheckoutForm, PayForm
from mall.orders.models import ORDER_STATUSES
from mall.orders.schemas import AcceptIn, OrderIn, OrderQuery, PayIn
from mall.orders.tasks import ACCEPTANCE_NOTE, ORDER_FILE, document_name

web = Blueprint("mall_orders", __name__)
VIEWERS = ("purchaser", "bidder", "admin", "supervisor")
@web.post("/mall/cart/add")
@page_roles("purchaser")
def add_to_cart():
    product_id = request.form.get("product_id", type=form_int)
    quantity = request.form.get("quantity", type=form_int) if request.form.get("quantity") else 1
    try:
        if product_id is None:
            raise NotFound("not_found", "Product not found.")
        item = orders.put_in_cart(page_user(), product_id, quantity)
    except DomainError:
        db.session.rollback()
        flash(_("Choose a product and a quantity of at least 1."), "danger")
    else:
        flash(_("%(name)s added to the cart.", name=item.product.name), "success")
    return redirect(url_for("mall_orders.cart"))


@web.post("/mall/cart/update")
@page_roles("purchaser")
def update_cart():
    user = page_user()
    for product_id in list(orders.cart_of(user)):
        quantity = request.form.get(f"quantity_{product_id}", type=form_int)
        if quantity is not None:
            orders.put_in_cart(user, product_id, max(0, min(quantity, orders.MAX_CART_QUANTITY)), add=False)
    flash(_("Cart updated."), "success")
    return redirect(url_for("mall_orders.cart"))


def _cart_page(form=None, status=200, refused_supplier=None):
    user = page_user()
    form = form or CheckoutForm()
    form.budget_id.choices = budget_choices(user)
    return render_template("mall/orders/cart.html", groups=orders.cart_groups(user), form=form,
                           refused_supplier=refused_supplier), status


@web.get("/mall/cart")
@page_roles("purchaser")
def cart():
    return _cart_page()


@web.post("/mall/cart/checkout")
@page_roles("purchaser")
def checkout():
    """Order one supplier's part of the cart; a refusal says which limit and by how much."""
    user = page_user()
    form = CheckoutForm()
    form.budget_id.choices = budget_choices(user)
    items = [{"product_id": p.id, "quantity": q} for supplier, lines, _ in orders.cart_groups(user)
             if supplier.id == form.supplier_id.data for p, q, _ in lines]
    if not items:
        flash(_("Nothing from this supplier is in the cart."), "danger")
        return redirect(url_for("mall_orders.cart"))
    form.items = items
    order = handle_form(form, OrderIn(), lambda data: orders.place_order(user, data))
    if order is None:
        return _cart_page(form, 422, refused_supplier=form.supplier_id.data)
    orders.take_from_cart(user, [item["product_id"] for item in items])
    flash(_("Order %(code)s placed: %(total)s reserved on the budget line.", code=order.code,
            total=format_money_display(order.total)), "success")
    return redirect(url_for("mall_orders.order", order_id=order.id))


@web.get("/mall/orders")
@page_roles(*VIEWERS)
def order_list():
    filters = load_filters(OrderQuery())
    page = paginate(orders.orders_for(page_user(), filters["status"], filters["channel"]))
    return render_template("mall/orders/orders.html", page=page, filters=filters, statuses=ORDER_STATUSES)


def _order_page(order_id, accept_form=None, pay_form=None, status=200):
    user = page_user()
    order = orders.get_order(user, order_id)
    if pay_form is None:
        pay_form = PayForm(data={"amount": order.total, "payment_date": clock.today()})
    return render_template("mall/orders/order.html", order=order, actions=order.actions_for(user),
                           accept_form=accept_form or AcceptForm(data={"acceptance_date": clock.today()}),
                           pay_form=pay_form), status


@web.get("/mall/orders/<int:order_id>")
@page_roles(*VIEWERS)
def order(order_id):
    return _order_page(order_id)


def _order_url(order_id):
    return url_for("mall_orders.order", order_id=order_id)


@web.post("/mall/orders/<int:order_id>/confirm")
@page_roles("bidder")
def confirm_order(order_id):
    return run_action(lambda: orders.confirm_order(page_user(), order_id), _("Order confirmed."), _order_url(order_id))


@web.post("/mall/orders/<int:order_id>/ship")
@page_roles("bidder")
def ship_order(order_id):
    return run_action(lambda: orders.ship_order(page_user(), order_id), _("Order shipped."), _order_url(order_id))


@web.post("/mall/orders/<int:order_id>/cancel")
@page_roles("purchaser", "bidder")
def cancel_order(order_id):
    return run_action(lambda: orders.cancel_order(page_user(), order_id, request.form.get("reason", "")),
                      _("Order cancelled: the budget and the stock were released."), _order_url(order_id))


@web.post("/mall/orders/<int:order_id>/archive")
@page_roles("purchaser", "admin")
def archive_order(order_id):
    return run_action(lambda: orders.archive_order(page_user(), order_id), _("Order archived."), _order_url(order_id))


@web.post("/mall/orders/<int:order_id>/rate")
@page_roles("purchaser")
def rate_order(order_id):
    rating = request.form.get("rating", type=form_int)

    def rate():
        if rating is None or not 1 <= rating <= 5:
            raise DomainError("validation_failed", "Choose a rating from 1 to 5.")
        return orders.rate_supplier(page_user(), order_id, rating)

    return run_action(rate, _("Thank you: the supplier was rated."), _order_url(order_id))


@web.post("/mall/orders/<int:order_id>/accept")
@page_roles("purchaser")
def accept_order(order_id):
    form = AcceptForm()
    if handle_form(form, AcceptIn(), lambda data: orders.accept_order(page_user(), order_id, data)) is None:
        return _order_page(order_id, accept_form=form, status=422)
    flash(_("Delivery accepted; the acceptance note is recorded."), "success")
    return redirect(_order_url(order_id))


@web.post("/mall/orders/<int:order_id>/pay")
@page_roles("purchaser")
def pay_order(order_id):
    form = PayForm()
    if handle_form(form, PayIn(), lambda data: orders.pay_order(page_user(), order_id, data)) is None:
        return _order_page(order_id, pay_form=form, status=422)
    flash(_("Payment recorded: the total moved from reserved to spent."), "success")
    return redirect(_order_url(order_id))


def _accepted_order(order_id):
    order = orders.get_order(page_user(), order_id)
    if order.accepted_at is None:
        abort(404)
    return order


@web.get("/mall/orders/<int:order_id>/acceptance")
@page_roles(*VIEWERS)
def acceptance_note(order_id):
    return render_template("mall/orders/acceptance.html", order=_accepted_order(order_id))


@web.get("/mall/orders/<int:order_id>/acceptance.pdf")
@page_roles(*VIEWERS)
def acceptance_pdf(order_id):
    order = _accepted_order(order_id)
    return documents.respond(ACCEPTANCE_NOTE, order, document_name(ACCEPTANCE_NOTE, order), due=True)


@web.get("/mall/orders/<int:order_id>/file.pdf")
@page_roles(*VIEWERS)
def order_file(order_id):
    """The order's whole file in one PDF (order, acceptance, payment and its trail events), stored when the order
    is archived."""
    order = orders.get_order(page_user(), order_id)
    return documents.respond(ORDER_FILE, order, document_name(ORDER_FILE, order), due=order.status == "archived",
                             not_due=_("The order's file is stored as a PDF when the order is archived; until "
                                       "then the order's page shows all of it."))
