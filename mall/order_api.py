"""JSON API for budget lines, mall orders and competitions: parse, check access, call one operation, dump."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import ReasonIn, load_args, load_json, paginate
from mall import budgets, competitions, orders
from mall.order_schemas import (
    AcceptIn, BudgetIn, BudgetOut, BudgetQuery, BudgetUpdateIn, CompetitionIn, CompetitionQuery,
    CompetitionViewOut, OpenedQuoteOut, OrderFileOut, OrderIn, OrderOut, OrderQuery, PayIn, QuoteIn,
    QuoteReceiptOut, RateIn,
)

api = Blueprint("mall_orders_api", __name__, url_prefix="/api/v1")
VIEWERS = ("purchaser", "bidder", "admin", "supervisor")


# -- Budgets ----------------------------------------------------------------------------------


@api.post("/budgets")
@api_roles("admin")
@doc("Open a budget line for a purchasing unit and year", BudgetIn, BudgetOut, status=201)
def create_budget():
    return BudgetOut().dump(budgets.create_budget(api_user(), load_json(BudgetIn()))), 201


@api.get("/budgets")
@api_roles("purchaser", "admin", "supervisor")
@doc("Budget lines: a purchasing unit's own, every unit's for the center and the supervisor",
     response=BudgetOut, query=BudgetQuery, paginated=True)
def list_budgets():
    args = load_args(BudgetQuery())
    return paginate(budgets.budgets_for(api_user(), args["organization_id"], args["year"]), args, BudgetOut().dump)


@api.get("/budgets/<int:budget_id>")
@api_roles("purchaser", "admin", "supervisor")
@doc("One budget line: amount, reserved, spent, available", response=BudgetOut)
def get_budget(budget_id):
    return BudgetOut().dump(budgets.get_budget(api_user(), budget_id))


@api.patch("/budgets/<int:budget_id>")
@api_roles("admin")
@doc("Change a budget line's amount (never below reserved + spent) or name", BudgetUpdateIn, BudgetOut)
def update_budget(budget_id):
    return BudgetOut().dump(budgets.update_budget(api_user(), budget_id, load_json(BudgetUpdateIn())))


# -- Orders -----------------------------------------------------------------------------------


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


# -- Competitions -----------------------------------------------------------------------------


def competition_view(competition, user):
    """The competition for this caller: public fields; its own receipt for a supplier; the opened
    quotes after the close for those who may see them."""
    data = CompetitionViewOut().dump(competition)
    if not (competition.is_owned_by(user) or user.role in ("admin", "supervisor")):
        data.pop("budget_id")
    quote = competitions.my_quote(user, competition)
    if quote is not None:
        data["my_quote"] = QuoteReceiptOut().dump(quote)
    if competitions.can_view_quotes(competition, user):
        data["quotes"] = OpenedQuoteOut(many=True).dump(competitions.quote_record(competition))
        data["order_id"] = competitions.order_id_of(competition)
    return data


@api.post("/mall/competitions")
@api_roles("purchaser")
@doc("Post a competition (竞价); its budget amount is reserved until the close", CompetitionIn,
     CompetitionViewOut, status=201)
def create_competition():
    user = api_user()
    return competition_view(competitions.create_competition(user, load_json(CompetitionIn())), user), 201


@api.get("/mall/competitions")
@api_roles(*VIEWERS)
@doc("Competitions: a purchasing unit's own; all for suppliers, the center and the supervisor",
     response=CompetitionViewOut, query=CompetitionQuery, paginated=True)
def list_competitions():
    user = api_user()
    args = load_args(CompetitionQuery())
    return paginate(competitions.competitions_for(user, args["status"]), args, lambda c: competition_view(c, user))


@api.get("/mall/competitions/<int:competition_id>")
@api_roles(*VIEWERS)
@doc("One competition; never reveals quotes before the close", response=CompetitionViewOut)
def get_competition(competition_id):
    user = api_user()
    return competition_view(competitions.get_competition(user, competition_id), user)


@api.post("/mall/competitions/<int:competition_id>/quotes")
@api_roles("bidder")
@doc("Submit or replace the sealed quote; returns the receipt", QuoteIn, QuoteReceiptOut, status=201)
def submit_quote(competition_id):
    data = load_json(QuoteIn())
    return QuoteReceiptOut().dump(competitions.submit_quote(api_user(), competition_id, data["unit_price"],
                                                            data["product_id"])), 201


@api.post("/mall/competitions/<int:competition_id>/close")
@api_roles("purchaser", "admin")
@doc("Close after closes_at: open the quotes; the lowest valid total becomes an order", response=CompetitionViewOut)
def close_competition(competition_id):
    user = api_user()
    competition, _order = competitions.close_competition(user, competition_id)
    return competition_view(competition, user)
