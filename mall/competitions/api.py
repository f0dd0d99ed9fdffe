"""JSON API of competitions (竞价): post, list, read, quote and close."""
from flask import Blueprint

from core.auth import api_roles, api_user, is_party
from core.openapi import doc
from core.schemas import load_args, load_json, paginate
from mall.competitions import operations as competitions
from mall.competitions.schemas import (
    CompetitionIn,
    CompetitionQuery,
    CompetitionViewOut,
    OpenedQuoteOut,
    QuoteIn,
    QuoteReceiptOut,
)
from mall.orders.api import VIEWERS

api = Blueprint("mall_competitions_api", __name__, url_prefix="/api/v1")


def competition_view(competition, user):
    """The competition for this caller: public fields; its own receipt for a supplier; the opened
    quotes after the close for those who may see them."""
    data = CompetitionViewOut().dump(competition)
    if not is_party(user, competition):
        data.pop("budget_id")
    quote = competitions.my_quote(user, competition)
    if quote is not None:
        data["my_quote"] = QuoteReceiptOut().dump(quote)
    quotes, order_id = competitions.opened_quotes(user, competition)
    if quotes is not None:
        data["quotes"] = OpenedQuoteOut(many=True).dump(quotes)
        data["order_id"] = order_id
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
