"""JSON API of mall orders: place, list, read, each step of their lifecycle and the order file."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import ReasonIn, load_args, load_json, paginate
from mall.orders import operations as orders
from mall.orders.schemas import (
    AcceptIn, CartOut, CartQuantityIn, OrderFileOut, OrderIn, OrderOut, OrderQuery, PayIn, RateIn,
)

api = Blueprint("mall_orders_api", __name__, url_prefix="/api/v1")
VIEWERS = ("purchaser", "bidder", "admin", "supervisor")


@api.get("/mall/cart")
@api_roles("purchaser")
@doc("The purchaser's cart, kept on the server, by supplier", response=CartOut)
def get_cart():
    return CartOut.of(orders.cart_groups(api_user()))


@api.put("/mall/cart/<int:product_id>")
@api_roles("purchaser")
@doc("Set a product's quantity in the cart (0 takes it out); answers the cart", CartQuantityIn, CartOut,
     errors=(404, 422))
def put_in_cart(product_id):
    user = api_user()
    orders.put_in_cart(user, product_id, load_json(CartQuantityIn())["quantity"], add=False)
    return CartOut.of(orders.cart_groups(user))


@api.post("/mall/orders")
@api_roles("purchaser")
@doc("Place a direct order (直购) from one supplier, reserving budget and stock", OrderIn, OrderOut, status=201)
def place_order():
    return OrderOut().dump(orders.place_order(api_user(), load_json(OrderIn()))), 201


@api.get("/mall/orders")
@api_roles(*VIEWERS)
@doc("Orders: a purchasing unit's, a supplier's, or all for the center and the supervisor",
     response=OrderOut, query=OrderQuery, paginated=True)
def list_orders():
    args = load_args(OrderQuery())
    return paginate(orders.orders_for(api_user(), args["status"], args["channel"]), args, OrderOut().dump)


@api.get("/mall/orders/<int:order_id>")
@api_roles(*VIEWERS)
@doc("One order with its items, acceptance and payment", response=OrderOut)
def get_order(order_id):
    return OrderOut().dump(orders.get_order(api_user(), order_id))


@api.get("/mall/orders/<int:order_id>/file")
@api_roles(*VIEWERS)
@doc("The order's whole file: order, acceptance, payment and its trail events (the PDF is on the order page)",
     response=OrderFileOut)
def order_file(order_id):
    order = orders.get_order(api_user(), order_id)
    return OrderFileOut().dump({"order": order, "events": orders.order_events(order)})


def _step(operation):
    return OrderOut().dump(operation)


@api.post("/mall/orders/<int:order_id>/confirm")
@api_roles("bidder")
@doc("The supplier confirms a placed order", response=OrderOut)
def confirm_order(order_id):
    return _step(orders.confirm_order(api_user(), order_id))


@api.post("/mall/orders/<int:order_id>/ship")
@api_roles("bidder")
@doc("The supplier ships a confirmed order", response=OrderOut)
def ship_order(order_id):
    return _step(orders.ship_order(api_user(), order_id))


@api.post("/mall/orders/<int:order_id>/accept")
@api_roles("purchaser")
@doc("The purchasing unit accepts the delivery (验收) with its acceptance note", AcceptIn, OrderOut)
def accept_order(order_id):
    return _step(orders.accept_order(api_user(), order_id, load_json(AcceptIn())))


@api.post("/mall/orders/<int:order_id>/pay")
@api_roles("purchaser")
@doc("Record the payment of an accepted order; the total moves from reserved to spent", PayIn, OrderOut)
def pay_order(order_id):
    return _step(orders.pay_order(api_user(), order_id, load_json(PayIn())))


@api.post("/mall/orders/<int:order_id>/archive")
@api_roles("purchaser", "admin")
@doc("Archive a paid order", response=OrderOut)
def archive_order(order_id):
    return _step(orders.archive_order(api_user(), order_id))


@api.post("/mall/orders/<int:order_id>/cancel")
@api_roles("purchaser", "bidder")
@doc("Cancel before shipping (purchasing unit or supplier): budget and stock are released", ReasonIn, OrderOut)
def cancel_order(order_id):
    return _step(orders.cancel_order(api_user(), order_id, load_json(ReasonIn())["reason"]))


@api.post("/mall/orders/<int:order_id>/rate")
@api_roles("purchaser")
@doc("Rate the supplier (1-5) after acceptance", RateIn, OrderOut)
def rate_order(order_id):
    return _step(orders.rate_supplier(api_user(), order_id, load_json(RateIn())["rating"]))
