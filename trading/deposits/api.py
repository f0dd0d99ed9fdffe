"""JSON API of deposits: the list with due dates and refund status, the center's check after the opening, and
its refunds."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import load_args, load_json, paginate
from trading.deposits import operations as deposits
from trading.deposits.schemas import CheckIn, DepositOut, DepositQuery, RefundIn

api = Blueprint("deposits_api", __name__, url_prefix="/api/v1")
READERS = ("admin", "bidder", "supervisor")


@api.get("/deposits")
@api_roles(*READERS)
@doc("Deposits with their due dates and refund status: the center and the supervisor all, a bidder its own; "
     "known from the opening (or a cancellation) on. ?status=pending|due|overdue|refunded|none&project_id=",
     response=DepositOut, query=DepositQuery, paginated=True)
def list_deposits():
    args = load_args(DepositQuery())
    return paginate(deposits.search_deposits(api_user(), args["status"], args["project_id"]), args, DepositOut().dump)


@api.get("/deposits/<int:deposit_id>")
@api_roles(*READERS)
@doc("One deposit: what the bid declared, the center's check, the due date, the refund, days late and interest",
     response=DepositOut)
def get_deposit(deposit_id):
    return DepositOut().dump(deposits.get_deposit(api_user(), deposit_id))


@api.post("/projects/<int:project_id>/deposits/<int:bid_id>/check")
@api_roles("admin")
@doc("The center checks a bid's deposit after the opening: confirmed, or missing (the bid becomes invalid, "
     "deposit_missing; the procurement fails below the minimum of valid bids)", CheckIn, DepositOut,
     errors=(404, 409, 422))
def check_deposit(project_id, bid_id):
    data = load_json(CheckIn())
    return DepositOut().dump(deposits.check_deposit(api_user(), project_id, bid_id, data["status"], data["note"]))


@api.post("/deposits/<int:deposit_id>/refund")
@api_roles("admin")
@doc("The center records a refund (date and bank reference, or the guarantee's release); a refund after its due "
     "date owes interest for each day late", RefundIn, DepositOut, errors=(404, 409, 422))
def refund_deposit(deposit_id):
    data = load_json(RefundIn())
    return DepositOut().dump(deposits.refund_deposit(api_user(), deposit_id, data["refunded_on"], data["reference"]))
