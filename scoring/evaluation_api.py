"""JSON API of the draw, the blind score sheets, the evaluation and the award."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.pdf import download_response
from core.schemas import load_json
from scoring import award as award_ops
from scoring import draw, sheets
from scoring.schemas import (
    AssignmentOut, AwardIn, AwardResultOut, DrawIn, DrawOut, EvaluationOut, PanelOut, RespondIn, ResultOut,
    ReturnIn, ScoresIn, SheetOut,
)
from scoring.presenters import assignment_row, draw_row, panel_rows, sheet_entries

api = Blueprint("evaluation_api", __name__, url_prefix="/api/v1")


@api.post("/projects/<int:project_id>/experts/draw")
@api_roles("admin")
@doc("Draw the expert panel and 2 reserves after opening, or top up a short panel (补抽)", DrawIn, DrawOut,
     status=201, errors=(404, 409, 422))
def draw_panel(project_id):
    data = load_json(DrawIn())
    made = draw.draw_panel(api_user(), project_id, data["seed"])
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


@api.get("/projects/<int:project_id>/evaluation")
@api_roles("expert")
@doc("The blind bids (codes, technical proposals, documents; no names, no prices) and the caller's sheet",
     response=EvaluationOut, errors=(404, 409))
def blind_bids(project_id):
    project, _, sheet, criteria, bids = sheets.blind_bids(api_user(), project_id)
    return EvaluationOut().dump({
        "project_id": project.id, "criteria": [{"name": c.name, "max": float(c.max)} for c in criteria],
        "bids": bids, "sheet": {**_sheet_fields(sheet), "scores": sheet_entries(sheet)},
    })


def _sheet_fields(sheet):
    return {"status": sheet.status, "returned_reason": sheet.returned_reason, "submitted_at": sheet.submitted_at}


@api.get("/projects/<int:project_id>/evaluation/bids/<code>/documents/<int:number>")
@api_roles("expert")
@doc("A document of a blind bid, for the panel", errors=(404, 409), file="application/octet-stream")
def blind_document(project_id, code, number):
    name, content = sheets.blind_document(api_user(), project_id, code, number)
    return download_response(content, name, "application/octet-stream")


@api.put("/projects/<int:project_id>/evaluation/scores")
@api_roles("expert")
@doc("Save the caller's scores as a draft, or submit the sheet (`submit: true`)", ScoresIn, SheetOut,
     errors=(404, 409, 422))
def save_scores(project_id):
    data = load_json(ScoresIn())
    sheet = sheets.save_scores(api_user(), project_id, data["scores"], data["submit"])
    return SheetOut().dump({**_sheet_fields(sheet), "scores": sheet_entries(sheet)})


@api.post("/projects/<int:project_id>/evaluation/sheets/<int:member_id>/return")
@api_roles("admin")
@doc("Return a submitted sheet to its expert for correction (退回修改), before evaluating", ReturnIn, SheetOut,
     errors=(404, 409, 422))
def return_sheet(project_id, member_id):
    sheet = sheets.return_sheet(api_user(), project_id, member_id, load_json(ReturnIn())["reason"])
    return SheetOut().dump({**_sheet_fields(sheet), "scores": sheet_entries(sheet)})


@api.post("/projects/<int:project_id>/evaluate")
@api_roles("admin")
@doc("Every sheet submitted: compute the three-in-one scores, rank, publish the candidates", response=ResultOut,
     errors=(404, 409))
def evaluate(project_id):
    # The stored document is built in the ResultOut shape (tests check it against the schema).
    return award_ops.evaluate(api_user(), project_id).result


@api.get("/projects/<int:project_id>/result")
@doc("The evaluation result: center, purchasing unit and supervisor; everyone once awarded", response=ResultOut,
     errors=(403, 404), optional_auth=True)
def result(project_id):
    return award_ops.result_for(api_user(), project_id)[1].result


@api.post("/projects/<int:project_id>/award")
@api_roles("admin")
@doc("Award after the publicity period: rank 1 by default, another candidate with a reason", AwardIn,
     AwardResultOut, errors=(404, 409, 422))
def award(project_id):
    data = load_json(AwardIn())
    record = award_ops.award(api_user(), project_id, data["bid_id"], data["reason"])
    return AwardResultOut().dump({"award": record.result["award"]})
