"""JSON API of amendments and of a bidder's confirmation of its bid after them."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import load_json
from trading.amendments import operations as amendments
from trading.amendments.schemas import AmendmentIn, AmendmentListOut, AmendmentOut, BidStatusOut
from trading.tender import operations as ops

api = Blueprint("amendments_api", __name__, url_prefix="/api/v1")


@api.post("/projects/<int:project_id>/amendments")
@api_roles("purchaser", "admin")
@doc("Publish an amendment and its change notice; the bid deadline is postponed to restore the minimum "
     "clarification period", AmendmentIn, AmendmentOut, status=201)
def publish_amendment(project_id):
    data = load_json(AmendmentIn())
    amendment = amendments.publish_amendment(api_user(), project_id, data["summary"], data["bid_deadline"],
                                             data["signup_deadline"], data["documents"])
    return AmendmentOut().dump(amendment), 201


@api.get("/projects/<int:project_id>/amendments")
@doc("The project's amendments, oldest first", response=AmendmentListOut, optional_auth=True)
def list_amendments(project_id):
    project = ops.get_project(project_id, api_user())
    return {"items": AmendmentOut(many=True).dump(amendments.project_amendments(project))}


@api.get("/projects/<int:project_id>/bid/status")
@api_roles("bidder")
@doc("The caller's bid with the amendments published since it was sealed", response=BidStatusOut)
def bid_status(project_id):
    return BidStatusOut().dump(ops.my_bid(api_user(), project_id))


@api.post("/projects/<int:project_id>/bid/confirm")
@api_roles("bidder")
@doc("Confirm that the bid stands after the amendments published since it was sealed", response=BidStatusOut)
def confirm_bid(project_id):
    return BidStatusOut().dump(amendments.confirm_bid(api_user(), project_id))
