"""Pages of the opening hall and the printable opening record (开标记录表)."""
from flask import Blueprint, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from core import clock, documents
from core.auth import page_roles, page_user
from core.hashing import sha256_hex
from core.timeutil import local_minute
from core.web import run_action
from trading.hall import operations as hall
from trading.hall.tasks import OPENING_RECORD, record_name
from trading.tender.operations import get_opening

web = Blueprint("trading_hall", __name__)
HALL_ROLES = ("admin", "purchaser", "supervisor", "bidder")


def _hall_url(project_id):
    return url_for("trading_hall.hall", project_id=project_id)


@web.get("/projects/<int:project_id>/hall", endpoint="hall")
@page_roles(*HALL_ROLES)
def hall_page(project_id):
    user = page_user()
    project = hall.hall_project(user, project_id)
    return render_template("trading/hall/hall.html", **hall.hall_state(user, project))


@web.get("/projects/<int:project_id>/hall/live")
@page_roles(*HALL_ROLES)
def hall_live(project_id):
    """What static/js/hall.js polls: the live part of the hall, and the status (a change reloads the page)."""
    user = page_user()
    project = hall.hall_project(user, project_id)
    html = render_template("trading/hall/_hall_live.html", **hall.hall_state(user, project))
    return jsonify({"status": project.status, "version": sha256_hex(html.encode()), "html": html})


@web.post("/projects/<int:project_id>/hall/checkin")
@page_roles("bidder")
def check_in(project_id):
    return run_action(lambda: hall.check_in(page_user(), project_id), _("Checked in."), _hall_url(project_id))


@web.post("/projects/<int:project_id>/hall/confirm")
@page_roles("bidder")
def confirm(project_id):
    return run_action(lambda: hall.confirm_record(page_user(), project_id), _("You confirmed the opening record."),
                      _hall_url(project_id))


@web.post("/projects/<int:project_id>/hall/objections")
@page_roles("bidder")
def raise_objection(project_id):
    return run_action(lambda: hall.raise_objection(page_user(), project_id, request.form.get("text", "")),
                      _("Your objection was sent to the trading center."), _hall_url(project_id))


@web.post("/projects/<int:project_id>/hall/objections/<int:objection_id>/answer")
@page_roles("admin")
def answer_objection(project_id, objection_id):
    return run_action(lambda: hall.answer_objection(page_user(), project_id, objection_id,
                                                    request.form.get("answer", "")),
                      _("The objection was answered."), _hall_url(project_id))


@web.get("/projects/<int:project_id>/opening-record")
@page_roles(*HALL_ROLES)
def opening_record_page(project_id):
    project, _bids = get_opening(page_user(), project_id)
    return render_template("trading/hall/opening_record_print.html", printing=False, **hall.record_context(project))


@web.get("/projects/<int:project_id>/opening-record.pdf")
@page_roles(*HALL_ROLES)
def opening_record_pdf(project_id):
    """The opening record as stored once the opening is done."""
    project, _bids = get_opening(page_user(), project_id)
    until = local_minute(hall.objection_deadline(project))
    return documents.respond(OPENING_RECORD, project, record_name(project), hall.opening_done(project, clock.now()),
                             _("The opening record is stored as a PDF once bidders can no longer object to it "
                               "(after %(until)s) and every objection is answered. Until then, print the opening "
                               "record page.", until=until))
