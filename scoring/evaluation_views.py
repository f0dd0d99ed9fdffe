"""Pages of the draw and the evaluation: the expert's panels and score sheet, the center's evaluation
page (draw, sheets, evaluate, award), and the evaluation report (page, PDF, Excel)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.auth import page_roles, page_user
from core.errors import DomainError, NotFound
from core.pdf import download_response, render_pdf
from core.web import flash_domain_error, run_action, translate
from scoring import award as award_ops
from scoring import draw, sheets
from scoring.presenters import assignment_row, panel_rows, sheet_entries
from scoring.report import report_context, report_workbook

web = Blueprint("evaluation_web", __name__)


# -- The expert -----------------------------------------------------------------------------------

@web.get("/expert/assignments")
@page_roles("expert")
def assignments():
    rows = [assignment_row(member, project) for member, project in draw.my_assignments(page_user())]
    return render_template("scoring/assignments.html", rows=rows)


@web.get("/expert/projects/<int:project_id>")
@page_roles("expert")
def assignment(project_id, posted=None, problems=None, status=200):
    actor = page_user()
    member = draw.my_membership(actor, project_id)
    project = member.project
    context = {"member": member, "project": project, "row": assignment_row(member, project)}
    if member.status == "accepted" and project.status == "opened":
        sheet, criteria, bids = sheets.blind_bids(actor, project_id)[2:]
        context.update(sheet=sheet, criteria=criteria, bids=bids, posted=posted, problems=problems or {})
    return render_template("scoring/assignment.html", **context), status


@web.post("/expert/projects/<int:project_id>/respond")
@page_roles("expert")
def respond(project_id):
    accept = request.form.get("answer") == "accept"
    return run_action(lambda: draw.respond(page_user(), project_id, accept, request.form.get("reason")),
                      _("Invitation accepted.") if accept else _("Invitation declined; a reserve is invited."),
                      url_for("evaluation_web.assignment", project_id=project_id))


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
    return redirect(url_for("evaluation_web.assignment", project_id=project_id))


@web.get("/expert/projects/<int:project_id>/bids/<code>/documents/<int:number>")
@page_roles("expert")
def blind_document(project_id, code, number):
    name, content = sheets.blind_document(page_user(), project_id, code, number)
    return download_response(content, name, "application/octet-stream")


# -- The center, the purchasing unit and the supervisor ------------------------------------------

def _evaluation_context(project_id):
    actor = page_user()
    try:
        project, members, draws = draw.panel_for(actor, project_id)
    except NotFound:
        abort(404)
    record = sheets.evaluation_record(project)
    try:
        result = award_ops.result_for(actor, project_id)[1].result
    except DomainError:
        result = None
    return {
        "project": project, "panel": panel_rows(actor, project, members, draws), "record": record,
        "result": result, "can_act": project.status == "opened" and actor is not None and actor.role == "admin",
        "missing": draw.missing_members(project) if project.status == "opened" else 0,
        "sheet_views": {m.id: sheet_entries(m.sheet) for m in members
                        if m.sheet and m.sheet.status != "draft" and actor is not None and actor.role in ("admin", "supervisor")},
    }


@web.get("/projects/<int:project_id>/evaluation")
def evaluation(project_id):
    return render_template("scoring/evaluation.html", **_evaluation_context(project_id))


def _back(project_id):
    return url_for("evaluation_web.evaluation", project_id=project_id)


@web.post("/projects/<int:project_id>/evaluation/draw")
@page_roles("admin")
def draw_panel(project_id):
    seed = request.form.get("seed", "").strip() or None
    return run_action(lambda: draw.draw_panel(page_user(), project_id, seed),
                      lambda made: _("Round %(round)s drawn.", round=made.round), _back(project_id))


@web.post("/projects/<int:project_id>/evaluation/sheets/<int:member_id>/return")
@page_roles("admin")
def return_sheet(project_id, member_id):
    return run_action(lambda: sheets.return_sheet(page_user(), project_id, member_id, request.form.get("reason")),
                      _("Sheet returned to its expert."), _back(project_id))


@web.post("/projects/<int:project_id>/evaluation/evaluate")
@page_roles("admin")
def evaluate(project_id):
    return run_action(lambda: award_ops.evaluate(page_user(), project_id),
                      _("Evaluation complete; the candidates are published."), _back(project_id))


@web.post("/projects/<int:project_id>/evaluation/award")
@page_roles("admin")
def award(project_id):
    raw = request.form.get("bid_id", "")
    bid_id = int(raw) if raw.isdigit() and len(raw) < 10 else None
    return run_action(lambda: award_ops.award(page_user(), project_id, bid_id, request.form.get("reason")),
                      _("Project awarded; the result notice is published."), _back(project_id))


# -- The evaluation report (评标报告) ---------------------------------------------------------------

def _report(project_id):
    try:
        project, record = award_ops.result_for(page_user(), project_id)
    except DomainError:
        abort(404)
    return report_context(page_user(), project, record)


@web.get("/projects/<int:project_id>/evaluation/report")
def report(project_id):
    return render_template("scoring/report.html", **_report(project_id))


@web.get("/projects/<int:project_id>/evaluation/report.pdf")
def report_pdf(project_id):
    context = _report(project_id)
    return render_pdf("scoring/report.html", f"评标报告-{context['project'].code}.pdf", **context)


@web.get("/projects/<int:project_id>/evaluation/result.xlsx")
def report_xlsx(project_id):
    context = _report(project_id)
    return download_response(report_workbook(context), f"评标结果-{context['project'].code}.xlsx",
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
