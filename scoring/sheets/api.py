"""JSON API of blind scoring: the bids by code, their documents, the sheets and their return."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.openapi import doc
from core.pdf import download_response
from core.schemas import load_json
from scoring.evaluation.schemas import EvaluationOut
from scoring.sheets import operations as sheets
from scoring.sheets.operations import sheet_entries
from scoring.sheets.schemas import ReturnIn, ScoresIn, SheetOut

api = Blueprint("sheets_api", __name__, url_prefix="/api/v1")


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
