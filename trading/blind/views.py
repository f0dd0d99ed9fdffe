"""Pages of the blind check: the center's decision on a warning, from the project page."""
from flask import Blueprint, request, url_for
from flask_babel import gettext as _

from core.auth import page_roles, page_user
from core.web import run_action
from trading.blind import operations as blind

web = Blueprint("trading_blind", __name__)


@web.post("/projects/<int:project_id>/bids/<int:bid_id>/blind-check")
@page_roles("admin")
def decide(project_id, bid_id):
    confirm = request.form.get("decision") == "confirm"
    return run_action(
        lambda: blind.decide(page_user(), project_id, bid_id, confirm, request.form.get("reason")),
        _("The bid is invalid: its technical part names its bidder.") if confirm
        else _("The warning was dismissed."),
        url_for("trading.project", project_id=project_id, _anchor="blind-checks"))
