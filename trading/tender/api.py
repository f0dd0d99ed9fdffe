"""JSON API for tender projects: parse, check access, call one operation, dump."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import ReasonIn, load_args, load_json, paginate
from core.timeutil import isoformat
from trading.tender import operations as ops
from trading.tender.schemas import (
    BidIn,
    MyBidsOut,
    OpenedBidOut,
    OpeningOut,
    ProjectIn,
    ProjectOut,
    ProjectQuery,
    ProjectViewOut,
    ReceiptOut,
    SignupOut,
)

api = Blueprint("trading_api", __name__, url_prefix="/api/v1")


def project_view(project, user):
    """The project for this caller: public fields, plus the caller's own bid or the opening record."""
    data = ProjectOut().dump(project)
    signup = ops.my_signup(user, project)
    if signup is not None:
        data["my_signup"] = {"signed_up_at": isoformat(signup.created_at),
                             "bid": ReceiptOut().dump(signup.bid) if signup.bid else None}
    if project.can_view_opening(user):
        data["opening"] = {"bids": OpenedBidOut(many=True).dump(ops.opening_record(project))}
    return data


@api.post("/projects")
@api_roles("purchaser")
@doc("Register a tender project (draft)", ProjectIn, ProjectViewOut, status=201)
def create_project():
    user = api_user()
    data = load_json(ProjectIn())
    return project_view(ops.create_project(user, data), user), 201


@api.patch("/projects/<int:project_id>")
@api_roles("purchaser")
@doc("Edit a draft project (the fields given)", ProjectIn(partial=True), ProjectViewOut)
def update_project(project_id):
    user = api_user()
    # Top-level fields are optional; a given evaluation must still be whole (partial would reach into it).
    data = load_json(ProjectIn(), partial=tuple(ProjectIn().fields))
    return project_view(ops.update_project(user, project_id, data), user)


@api.post("/projects/<int:project_id>/submit")
@api_roles("purchaser")
@doc("Submit a draft for registration (进场登记)", response=ProjectViewOut)
def submit_project(project_id):
    user = api_user()
    return project_view(ops.submit_project(user, project_id), user)


@api.post("/projects/<int:project_id>/return")
@api_roles("admin")
@doc("Return a submitted project to its purchaser for correction", ReasonIn, ProjectViewOut)
def return_project(project_id):
    user = api_user()
    return project_view(ops.return_project(user, project_id, load_json(ReasonIn())["reason"]), user)


@api.post("/projects/<int:project_id>/publish")
@api_roles("admin")
@doc("Publish a submitted project (公告)", response=ProjectViewOut)
def publish_project(project_id):
    user = api_user()
    return project_view(ops.publish_project(user, project_id), user)


@api.post("/projects/<int:project_id>/cancel")
@api_roles("admin", "purchaser")
@doc("Cancel a project before opening", ReasonIn, ProjectViewOut)
def cancel_project(project_id):
    user = api_user()
    return project_view(ops.cancel_project(user, project_id, load_json(ReasonIn())["reason"]), user)


@api.get("/projects")
@doc("Published and later projects (the center and the supervisor: submitted and later); ?q=&status=&category=; "
     "purchasers add ?mine=1 for their drafts",
     response=ProjectViewOut, query=ProjectQuery, paginated=True, optional_auth=True)
def list_projects():
    user = api_user()
    args = load_args(ProjectQuery())
    stmt = ops.list_projects(user, args["q"], args["status"], args["category"], mine=args["mine"])
    return paginate(stmt, args, lambda p: project_view(p, user))


@api.get("/projects/<int:project_id>")
@doc("One project: public view; never reveals sign-ups or bids before opening", response=ProjectViewOut,
     optional_auth=True)
def get_project(project_id):
    user = api_user()
    return project_view(ops.get_project(project_id, user), user)


@api.post("/projects/<int:project_id>/signups")
@api_roles("bidder")
@doc("Sign up for a published project", response=SignupOut, status=201)
def sign_up(project_id):
    signup = ops.sign_up(api_user(), project_id)
    return {"project_id": signup.project_id, "signed_up_at": isoformat(signup.created_at)}, 201


@api.get("/projects/<int:project_id>/bid")
@api_roles("bidder")
@doc("The caller's own bid: status and receipt", response=ReceiptOut)
def get_my_bid(project_id):
    return ReceiptOut().dump(ops.my_bid(api_user(), project_id))


@api.put("/projects/<int:project_id>/bid")
@api_roles("bidder")
@doc("Submit or replace the sealed bid; returns the receipt", BidIn, ReceiptOut)
def submit_bid(project_id):
    data = load_json(BidIn())
    bid = ops.submit_bid(api_user(), project_id, data["price"], data["technical_proposal"], data["documents"],
                         data["sme"], data["deposit"])
    return ReceiptOut().dump(bid)


@api.delete("/projects/<int:project_id>/bid")
@api_roles("bidder")
@doc("Withdraw the bid before the deadline", response=ReceiptOut)
def withdraw_bid(project_id):
    return ReceiptOut().dump(ops.withdraw_bid(api_user(), project_id))


@api.post("/projects/<int:project_id>/open")
@api_roles("admin")
@doc("Open the bids at or after the bid deadline", response=OpeningOut)
def open_bids(project_id):
    project, bids = ops.open_bids(api_user(), project_id)
    return {"project_id": project.id, "status": project.status, "bids": OpenedBidOut(many=True).dump(bids)}


@api.get("/projects/<int:project_id>/opening")
@api_roles("admin", "purchaser", "supervisor", "bidder")
@doc("The opening record (purchaser, center, supervisor, participating bidders)", response=OpeningOut)
def get_opening(project_id):
    project, bids = ops.get_opening(api_user(), project_id)
    return {"project_id": project.id, "status": project.status, "opened_at": isoformat(project.opened_at),
            "bids": OpenedBidOut(many=True).dump(bids)}


@api.get("/my/bids")
@api_roles("bidder")
@doc("The caller's sign-ups and bids", response=MyBidsOut)
def my_bids():
    return {"items": [{"project": {"id": s.project.id, "code": s.project.code, "title": s.project.title, "status": s.project.status},
                       "bid": ReceiptOut().dump(s.bid) if s.bid else None} for s in ops.bidder_signups(api_user().organization_id)]}
