"""Pages of blind scoring: the expert's score sheet and the bids' documents by code; a sheet's return."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core import clock
from core.auth import page_roles, page_user
from core.errors import DomainError
from core.pdf import download_response
from core.web import flash_domain_error, run_action, translate
from scoring.draw import operations as draw
from scoring.draw.operations import assignment_row
from scoring.evaluation.views import back_to_evaluation
from scoring.sheets import operations as sheets
from trading.hall import operations as hall

web = Blueprint("sheets_web", __name__)


@web.get("/expert/projects/<int:project_id>")
@page_roles("expert")
def assignment(project_id, posted=None, problems=None, status=200):
    actor = page_user()
    member = draw.my_membership(actor, project_id)
    project = member.project
    context = {"member": member, "project": project, "row": assignment_row(member, project)}
    if member.status == "accepted" and project.status == "opened":
        sheet, criteria, bids = sheets.blind_bids(actor, project_id)[2:]
        context.update(sheet=sheet, criteria=criteria, bids=bids, posted=posted, problems=problems or {},
                       objections_pending=hall.objections_pending(project, clock.now()))
    return render_template("scoring/sheets/assignment.html", **context), status


def _posted_entries(form, codes, criteria_count):
    return [{
        "code": code,
        "criteria": [form.get(f"score-{code}-{i}", "").strip() or None for i in range(criteria_count)],
        "comment": form.get(f"comment-{code}", ""),
    } for code in codes]


@web.post("/expert/projects/<int:project_id>/sheet")
@page_roles("expert")
def save_sheet(project_id):
    actor = page_user()
    criteria, bids = sheets.blind_bids(actor, project_id)[3:]
    entries = _posted_entries(request.form, [b["code"] for b in bids], len(criteria))
    submit = request.form.get("submit") == "1"
    try:
        sheets.save_scores(actor, project_id, entries, submit)
    except DomainError as err:
        flash_domain_error(err)
        problems = {name: [translate(m) for m in messages] for name, messages in err.fields.items()}
        return assignment(project_id, posted=request.form, problems=problems, status=422)
    flash(_("Score sheet submitted.") if submit else _("Draft saved."), "success")
    return redirect(url_for("sheets_web.assignment", project_id=project_id))


@web.get("/expert/projects/<int:project_id>/bids/<code>/documents/<int:number>")
@page_roles("expert")
def blind_document(project_id, code, number):
    name, content = sheets.blind_document(page_user(), project_id, code, number)
    return download_response(content, name, "application/octet-stream")


@web.post("/projects/<int:project_id>/evaluation/sheets/<int:member_id>/return")
@page_roles("admin")
def return_sheet(project_id, member_id):
    return run_action(lambda: sheets.return_sheet(page_user(), project_id, member_id, request.form.get("reason")),
                      _("Sheet returned to its expert."), back_to_evaluation(project_id))
