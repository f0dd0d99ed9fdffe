"""Pages of amendments: the amendment form and a bidder's confirmation."""
from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _

from core import clock
from core.auth import page_roles, page_user, require
from core.timeutil import to_local
from core.web import handle_form, render_form, run_action
from trading.amendments import operations as amendments
from trading.amendments.forms import AmendmentForm
from trading.amendments.schemas import AmendmentIn
from trading.calendar.operations import has_schedule
from trading.tender import operations as ops
from trading.tender.views import project_url

web = Blueprint("amendments", __name__)


@web.route("/projects/<int:project_id>/amend", methods=["GET", "POST"])
@page_roles("purchaser", "admin")
def amend(project_id):
    user = page_user()
    project = ops.get_project(project_id, user)
    require(amendments.may_amend(project, user), "not_owner",
            "Only the purchasing unit or the center may amend this project.")
    form = AmendmentForm()
    amendment = handle_form(form, AmendmentIn(), lambda d: amendments.publish_amendment(
        user, project_id, d["summary"], d["bid_deadline"], d["signup_deadline"], d["documents"]))
    if amendment is not None:
        if amendment.postponed:
            flash(_("Amendment published. The bid deadline was postponed to %(time)s to leave the minimum "
                    "clarification period.", time=to_local(amendment.bid_deadline_after).strftime("%Y-%m-%d %H:%M")),
                  "warning")
        else:
            flash(_("Amendment published with its change notice."), "success")
        return redirect(project_url(project_id))
    minimum = amendments.minimum_deadline(project.method, clock.now())
    return render_form("trading/amendments/amend.html", form, project=project, minimum=minimum,
                       estimated=amendments.counts_working_days(project.method)
                       and not has_schedule(to_local(minimum).date()))


@web.post("/projects/<int:project_id>/bid/confirm")
@page_roles("bidder")
def confirm_bid(project_id):
    return run_action(lambda: amendments.confirm_bid(page_user(), project_id),
                      _("You confirmed that your bid stands after the amendments."),
                      url_for("trading.bid_form", project_id=project_id))
