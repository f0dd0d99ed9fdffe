"""Pages of the draw: the expert's panels and answer, the center's draw."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.auth import page_roles, page_user
from core.web import handle_form, run_action
from scoring.draw import operations as draw
from scoring.draw.forms import DrawForm
from scoring.draw.operations import assignment_row
from scoring.draw.schemas import DrawIn
from scoring.evaluation.views import back_to_evaluation, evaluation

web = Blueprint("draw_web", __name__)


@web.get("/expert/assignments")
@page_roles("expert")
def assignments():
    rows = [assignment_row(member, project) for member, project in draw.my_assignments(page_user())]
    return render_template("scoring/draw/assignments.html", rows=rows)


@web.post("/expert/projects/<int:project_id>/respond")
@page_roles("expert")
def respond(project_id):
    accept = request.form.get("answer") == "accept"
    return run_action(lambda: draw.respond(page_user(), project_id, accept, request.form.get("reason")),
                      _("Invitation accepted.") if accept else _("Invitation declined; a reserve is invited."),
                      url_for("sheets_web.assignment", project_id=project_id))


@web.post("/projects/<int:project_id>/evaluation/draw")
@page_roles("admin")
def draw_panel(project_id):
    form = DrawForm()
    made = handle_form(form, DrawIn(), lambda data: draw.draw_panel(page_user(), project_id, **data))
    if made is None:
        return evaluation(project_id, draw_form=form)
    flash(_("Round %(round)s drawn.", round=made.round), "success")
    return redirect(back_to_evaluation(project_id))
