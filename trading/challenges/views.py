"""Pages of challenges and complaints: the form on the project page, the lists of each role (the supervisor's
complaints desk with its suspend and decide forms), and a challenge's page with its reply and complaint forms."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from core import clock
from core.auth import is_supervisor, page_roles, page_user
from core.pdf import download_response
from core.schemas import load_filters
from core.trail_browser import timeline
from core.web import handle_form, paginate
from trading.challenges import operations as challenges
from trading.challenges.forms import ChallengeForm, ComplaintForm, DecideForm, ReplyForm, SuspendForm
from trading.challenges.models import CHALLENGE_STATUSES, COMPLAINT_STATUSES, SUBJECTS
from trading.challenges.operations import complaints
from trading.challenges.schemas import (
    ChallengeIn,
    ChallengeQuery,
    ComplaintIn,
    ComplaintQuery,
    DecideIn,
    ReplyIn,
    SuspendIn,
)
from trading.tender.views import project_url

web = Blueprint("challenges", __name__)
READERS = ("admin", "purchaser", "bidder", "supervisor")
FORMS = {"reply": ReplyForm, "complaint": ComplaintForm, "suspend": SuspendForm, "decide": DecideForm}


@web.get("/challenges")
@page_roles(*READERS)
def challenge_list():
    filters = load_filters(ChallengeQuery())
    return render_template("trading/challenges/challenges.html", page=paginate(challenges.search_challenges(
        page_user(), filters["status"], filters["subject"])), filters=filters, statuses=CHALLENGE_STATUSES,
        subjects=SUBJECTS, today=clock.today())


@web.get("/complaints")
@page_roles(*READERS)
def complaint_list():
    filters = load_filters(ComplaintQuery())
    return render_template("trading/challenges/complaints.html", page=paginate(complaints.search_complaints(
        page_user(), filters["status"])), filters=filters, statuses=COMPLAINT_STATUSES, today=clock.today(),
        suspend_form=SuspendForm(formdata=None), decide_form=DecideForm(formdata=None),
        may_decide=is_supervisor(page_user()))


def _page(challenge, posted=None, name=None):
    """The challenge's page; a posted form that failed comes back with its problems (422)."""
    user = page_user()
    forms = {key: form(formdata=None) for key, form in FORMS.items()}
    if posted is not None:
        forms[name] = posted
    status = 422 if posted is not None and posted.has_problems else 200
    return render_template(
        "trading/challenges/challenge.html", challenge=challenge, project=challenge.project, forms=forms,
        complaint=challenge.complaint, challenger=challenges.challenger_name(challenge, user),
        may_reply=challenge.may_reply(user) and challenge.status == "awaiting_reply",
        may_complain=complaints.may_complain(challenge, user, clock.today()), today=clock.today(),
        may_decide=is_supervisor(user),
        timeline=timeline("challenge", challenge.id, user)), status


@web.get("/challenges/<int:challenge_id>")
@page_roles(*READERS)
def challenge(challenge_id):
    return _page(challenges.get_challenge(page_user(), challenge_id))


@web.get("/challenges/<int:challenge_id>/files/<int:file_id>")
@page_roles(*READERS)
def challenge_file(challenge_id, file_id):
    row = challenges.challenge_file(page_user(), challenge_id, file_id)
    return download_response(row.content, row.name, "application/pdf", etag=row.sha256)


@web.post("/projects/<int:project_id>/challenges")
@page_roles("bidder")
def file_challenge(project_id):
    user = page_user()
    form = ChallengeForm()
    challenge = handle_form(form, ChallengeIn(), lambda data: challenges.file_challenge(user, project_id, data))
    if challenge is not None:
        flash(_("Your challenge was sent. The reply is due by %(date)s.", date=challenge.reply_due_on), "success")
        return redirect(url_for("challenges.challenge", challenge_id=challenge.id))
    for problem in [*form.form_errors, *(e for field in form for e in field.errors)]:
        flash(problem, "danger")
    return redirect(project_url(project_id, "challenges"))


def _post(challenge_id, name, schema, operation, success, target=lambda challenge: challenge.id):
    """Run `operation(user, <the id it takes>, data)` with the posted form of the challenge's page."""
    user = page_user()
    challenge = challenges.get_challenge(user, challenge_id)
    form = FORMS[name]()
    if handle_form(form, schema, lambda data: operation(user, target(challenge), data)) is not None:
        flash(success, "success")
        return redirect(url_for("challenges.challenge", challenge_id=challenge_id))
    return _page(challenge, form, name)


@web.post("/challenges/<int:challenge_id>/reply")
@page_roles("purchaser", "admin")
def reply(challenge_id):
    return _post(challenge_id, "reply", ReplyIn(), challenges.reply_challenge,
                 _("The reply is sent to the challenger and, without its name, to the other suppliers."))


@web.post("/challenges/<int:challenge_id>/complaint")
@page_roles("bidder")
def complain(challenge_id):
    return _post(challenge_id, "complaint", ComplaintIn(), complaints.file_complaint,
                 _("Your complaint was sent to the supervisor."))


def _complaint_id(challenge):
    return challenge.complaint.id if challenge.complaint else 0


@web.post("/challenges/<int:challenge_id>/suspend")
@page_roles("supervisor")
def suspend(challenge_id):
    return _post(challenge_id, "suspend", SuspendIn(), lambda user, complaint_id, data: complaints.suspend_procurement(
        user, complaint_id, data["days"], data["reason"]), _("The procurement is suspended."), _complaint_id)


@web.post("/challenges/<int:challenge_id>/decide")
@page_roles("supervisor")
def decide(challenge_id):
    return _post(challenge_id, "decide", DecideIn(), complaints.decide_complaint,
                 _("The decision is recorded and its notice published."), _complaint_id)
