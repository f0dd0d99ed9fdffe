"""JSON API of the blind check: the warnings of a project's opening, and the center's decision."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import load_json
from trading.blind import operations as blind
from trading.blind.schemas import BlindCheckListOut, BlindCheckOut, DecisionIn

api = Blueprint("trading_blind_api", __name__, url_prefix="/api/v1")


@api.get("/projects/<int:project_id>/blind-checks")
@api_roles("admin", "purchaser", "supervisor", "bidder")
@doc("The bids whose technical part names their bidder (暗标), as the opening found them, and the decisions; "
     "for those who see the opening record", response=BlindCheckListOut, errors=(404,))
def list_checks(project_id):
    _, checks = blind.list_checks(api_user(), project_id)
    return BlindCheckListOut().dump({"items": checks})


@api.post("/projects/<int:project_id>/bids/<int:bid_id>/blind-check")
@api_roles("admin")
@doc("Confirm a blind_violation (the bid becomes invalid; with too few valid bids left the tender fails) or "
     "dismiss it with a reason, before the expert draw", DecisionIn, BlindCheckOut, errors=(404, 409, 422))
def decide(project_id, bid_id):
    data = load_json(DecisionIn())
    return BlindCheckOut().dump(blind.decide(api_user(), project_id, bid_id, data["confirm"], data["reason"]))
