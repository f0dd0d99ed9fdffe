"""JSON API of the expert draw: drawing, the panel, an expert's assignments and answer."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.schemas import load_json
from scoring.draw import operations as draw
from scoring.draw.operations import assignment_row, draw_row, panel_rows
from scoring.draw.schemas import AssignmentOut, DrawIn, DrawOut, PanelOut, RespondIn

api = Blueprint("draw_api", __name__, url_prefix="/api/v1")


@api.post("/projects/<int:project_id>/experts/draw")
@api_roles("admin")
@doc("Draw the expert panel and 2 reserves after opening, or top up a short panel (补抽); the invitations say "
     "the evaluation's time and place", DrawIn, DrawOut, status=201, errors=(404, 409, 422))
def draw_panel(project_id):
    made = draw.draw_panel(api_user(), project_id, **load_json(DrawIn()))
    return DrawOut().dump(draw_row(made)), 201


@api.get("/projects/<int:project_id>/experts")
@doc("The drawn experts and the draws (seed commitment and seed): the center, the supervisor and the "
     "purchasing unit (names hidden from it until the award); everyone once awarded", response=PanelOut,
     errors=(404,), optional_auth=True)
def get_panel(project_id):
    actor = api_user()
    project, members, draws = draw.panel_for(actor, project_id)
    return PanelOut().dump(panel_rows(actor, project, members, draws))


@api.get("/me/assignments")
@api_roles("expert")
@doc("The panels the calling expert is drawn for, with what it has to do", response=AssignmentOut, paginated=True)
def my_assignments():
    rows = [assignment_row(member, project) for member, project in draw.my_assignments(api_user())]
    return {"items": AssignmentOut(many=True).dump(rows), "page": 1, "per_page": max(len(rows), 1), "total": len(rows)}


@api.post("/projects/<int:project_id>/experts/respond")
@api_roles("expert")
@doc("Accept or decline the panel invitation (a decline needs a reason and brings in a reserve)", RespondIn,
     AssignmentOut, errors=(404, 409, 422))
def respond(project_id):
    data = load_json(RespondIn())
    member = draw.respond(api_user(), project_id, data["accept"], data["reason"])
    return AssignmentOut().dump(assignment_row(member, member.project))
