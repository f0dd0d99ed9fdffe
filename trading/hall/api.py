"""JSON API of the opening hall: check-in, the live record, confirmation, objections and answers."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import load_json
from trading.hall import operations as hall
from trading.hall.schemas import AnswerIn, HallOut, ObjectionIn, ObjectionOut

api = Blueprint("trading_hall_api", __name__, url_prefix="/api/v1")


def hall_view(user, project):
    state = hall.hall_state(user, project)
    mine = state["my_attendance"]
    return HallOut().dump({
        "project_id": project.id, "status": project.status, "bid_deadline": project.bid_deadline,
        "checkin_opens_at": state["checkin_opens_at"], "opened_at": project.opened_at,
        "objection_deadline": state["objection_deadline"], "participant": state["participant"],
        "me": ({"checked_in_at": mine.checked_in_at if mine else None,
                "confirmed_at": mine.confirmed_at if mine else None} if state["participant"] else None),
        "bids": state["bids"], "attendance": list(state["attendance_by_org"].values()),
        "objections": state["objections"],
    })


HALL_ROLES = ("admin", "purchaser", "supervisor", "bidder")


@api.get("/projects/<int:project_id>/hall")
@api_roles(*HALL_ROLES)
@doc("The opening hall: times, the caller's check-in, and after opening the record, check-ins, "
     "confirmations and objections", response=HallOut)
def get_hall(project_id):
    user = api_user()
    return hall_view(user, hall.hall_project(user, project_id))


@api.post("/projects/<int:project_id>/hall/checkin")
@api_roles("bidder")
@doc("Check in to the opening (签到): participating bidders, from HALL_CHECKIN_MINUTES before the deadline",
     response=HallOut, status=201)
def check_in(project_id):
    user = api_user()
    attendance = hall.check_in(user, project_id)
    return hall_view(user, hall.hall_project(user, attendance.project_id)), 201


@api.post("/projects/<int:project_id>/hall/confirm")
@api_roles("bidder")
@doc("Confirm the opening record, within OBJECTION_WINDOW_MINUTES of the opening", response=HallOut)
def confirm(project_id):
    user = api_user()
    hall.confirm_record(user, project_id)
    return hall_view(user, hall.hall_project(user, project_id))


@api.post("/projects/<int:project_id>/hall/objections")
@api_roles("bidder")
@doc("Raise an objection (异议) to the opening record, within OBJECTION_WINDOW_MINUTES of the opening",
     ObjectionIn, ObjectionOut, status=201)
def raise_objection(project_id):
    objection = hall.raise_objection(api_user(), project_id, load_json(ObjectionIn())["text"])
    return ObjectionOut().dump(objection), 201


@api.post("/projects/<int:project_id>/hall/objections/<int:objection_id>/answer")
@api_roles("admin")
@doc("Answer an objection (the center, once)", AnswerIn, ObjectionOut)
def answer_objection(project_id, objection_id):
    objection = hall.answer_objection(api_user(), project_id, objection_id, load_json(AnswerIn())["answer"])
    return ObjectionOut().dump(objection)
