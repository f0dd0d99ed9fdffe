"""Pages of the evaluation: the center's evaluation page (draw, sheets, evaluate, award) and the evaluation
report (page, PDF, Excel)."""
from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _

from core import clock, documents
from core.auth import acts_as_center, oversees, page_roles, page_user
from core.errors import DomainError, NotFound
from core.web import run_action
from scoring.draw import operations as draw
from scoring.draw.forms import initial_draw_form
from scoring.draw.operations import names_visible, panel_rows
from scoring.evaluation import operations as award_ops
from scoring.evaluation.operations import report_context
from scoring.evaluation.tasks import EVALUATION_REPORT, RESULT_WORKBOOK, document_names
from scoring.sheets import operations as sheets
from scoring.sheets.operations import sheet_entries
from trading.hall import operations as hall

web = Blueprint("evaluation_web", __name__)


def _evaluation_context(project_id):
    actor = page_user()
    try:
        project, members, draws = draw.panel_for(actor, project_id)
    except NotFound:
        abort(404)
    record = sheets.evaluation_record(project)
    try:
        result = award_ops.result_for(actor, project_id)[2]
    except DomainError:
        result = None
    return {
        "project": project, "panel": panel_rows(actor, project, members, draws), "record": record,
        "result": result, "documents_visible": result is not None and names_visible(actor, project),
        "can_act": project.status == "opened" and acts_as_center(actor),
        "may_award": project.status == "evaluated" and acts_as_center(actor),
        "publicity_running": record is not None and record.publicity_ends_at is not None
        and clock.now() < record.publicity_ends_at,
        "missing": draw.missing_members(project) if project.status == "opened" else 0,
        "objections_pending": project.status == "opened" and hall.objections_pending(project, clock.now()),
        "sheet_views": {m.id: sheet_entries(m.sheet) for m in members
                        if m.sheet and m.sheet.status != "draft" and oversees(actor)},
    }


@web.get("/projects/<int:project_id>/evaluation")
def evaluation(project_id, draw_form=None):
    """The evaluation page; `draw_form` is the center's draw form as posted, with its problems (422)."""
    context = _evaluation_context(project_id)
    status = 422 if draw_form is not None else 200
    return render_template("scoring/evaluation/evaluation.html", **context,
                           draw_form=draw_form or initial_draw_form(context["project"])), status


def back_to_evaluation(project_id):
    return url_for("evaluation_web.evaluation", project_id=project_id)


@web.post("/projects/<int:project_id>/evaluation/evaluate")
@page_roles("admin")
def evaluate(project_id):
    return run_action(lambda: award_ops.evaluate(page_user(), project_id),
                      _("Evaluation complete; the candidates are published."), back_to_evaluation(project_id))


@web.post("/projects/<int:project_id>/evaluation/award")
@page_roles("admin")
def award(project_id):
    raw = request.form.get("bid_id", "")
    bid_id = int(raw) if raw.isdigit() and len(raw) < 10 else None
    return run_action(lambda: award_ops.award(page_user(), project_id, bid_id, request.form.get("reason")),
                      _("Project awarded; the result notice is published."), back_to_evaluation(project_id))


def _report(project_id):
    try:
        project, record, result = award_ops.result_for(page_user(), project_id)
    except DomainError:
        abort(404)
    return project, record, result


@web.get("/projects/<int:project_id>/evaluation/report")
def report(project_id):
    project, record, result = _report(project_id)
    return render_template("scoring/evaluation/report.html",
                           **report_context(project, record, result, names_visible(page_user(), project)))


def _stored(project_id, kind):
    """The report or the workbook as stored: with the panel's names, so read by the center and the supervisor
    until the award, and by everyone who reads the result after it."""
    project = _report(project_id)[0]
    if not names_visible(page_user(), project):
        return render_template("core/document.html", document=None, kind=kind, message=_(
            "The report and the workbook name the panel's experts: they are published with the award. Until then, "
            "read the report on its page.")), 403
    return documents.respond(kind, project, document_names(project)[kind], due=True)


@web.get("/projects/<int:project_id>/evaluation/report.pdf")
def report_pdf(project_id):
    return _stored(project_id, EVALUATION_REPORT)


@web.get("/projects/<int:project_id>/evaluation/result.xlsx")
def report_xlsx(project_id):
    return _stored(project_id, RESULT_WORKBOOK)
