"""Amendments (澄清/修改): the owner or the center changes a published project; a change notice
(变更公告) states it; the minimum clarification period postpones the bid deadline when needed;
signed-up bidders are told, and a bid that predates the amendment is to be confirmed or replaced.
No request, no commit."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from core import clock
from core.auth import acts_as_center, require
from core.errors import N_, Conflict, ValidationFailed
from core.extensions import db
from core.ids import new_random_id
from core.notifications import notify
from core.timeutil import to_local
from core.trail import record_event
from trading.amendments.models import Amendment, BidConfirmation
from trading.calendar.operations import add_working_days
from trading.documents.operations import check_documents, store_documents
from trading.notices.operations import publish_change_notice
from trading.tender.models import Signup, project_scope
from trading.tender.operations import rules
from trading.tender.operations.notifications import project_link

# The notifications this feature sends: kind -> (title, body), English templates (core.notifications).
NOTIFICATION_KINDS = {
    "project.amended": (N_("Project %(code)s amended"),
                        N_("Project %(code)s “%(title)s” was amended: %(summary)s. Bid deadline: %(bid_deadline)s. "
                           "If you already submitted a bid, confirm it or replace it.")),
}


def counts_working_days(method):
    """Negotiation and inquiry count their clarification period in working days; tenders in days."""
    return method not in rules.TENDER_METHODS


def minimum_deadline(method, published_at):
    """The earliest bid deadline an amendment published at `published_at` leaves: 15 days
    (CLARIFICATION_MIN_DAYS), or 3 working days for negotiation and inquiry."""
    if not counts_working_days(method):
        return published_at + timedelta(days=current_app.config["CLARIFICATION_MIN_DAYS"])
    return add_working_days(published_at, current_app.config["CLARIFICATION_MIN_WORKING_DAYS"])


def may_amend(project, user):
    return acts_as_center(user) or project.is_owned_by(user)


def publish_amendment(actor, project_id, summary, bid_deadline=None, signup_deadline=None, documents=()):
    """Publish an amendment with its change notice; return it."""
    from trading.tender.operations import get_project

    project = get_project(project_id, actor, lock=True)
    require(may_amend(project, actor), "not_owner", "Only the purchasing unit or the center may amend this project.")
    if project.status != "published":
        raise Conflict("wrong_status", "Only a published project can be amended.")
    documents = list(documents)
    check_documents(documents)
    now = clock.now()
    summary = (summary or "").strip()
    problems = {} if summary else {"summary": ["must not be empty"]}
    if bid_deadline is not None and bid_deadline <= now:
        problems.setdefault("bid_deadline", []).append("must not be in the past")
    if signup_deadline is not None and signup_deadline <= now:
        problems.setdefault("signup_deadline", []).append("must not be in the past")
    asked_bid = bid_deadline or project.bid_deadline
    minimum = minimum_deadline(project.method, now)
    new_bid = max(asked_bid, minimum)
    if signup_deadline is not None:
        problems = rules.merge(problems, rules.deadline_problems(signup_deadline, new_bid))
        new_signup = signup_deadline
    else:
        new_signup = min(project.signup_deadline, new_bid)
    if problems:
        raise ValidationFailed(problems)
    before = {"bid_deadline": project.bid_deadline, "signup_deadline": project.signup_deadline}
    amendment = Amendment(project_id=project.id, summary=summary, published_at=now, created_by_id=actor.id,
                          bid_deadline_before=project.bid_deadline, bid_deadline_after=new_bid,
                          signup_deadline_before=project.signup_deadline, signup_deadline_after=new_signup,
                          postponed=new_bid > asked_bid)
    db.session.add(amendment)
    db.session.flush()
    project.bid_deadline, project.signup_deadline = new_bid, new_signup
    if documents:
        store_documents(project, actor, documents, amendment)
    notice = publish_change_notice(project, summary, asked_bid if amendment.postponed else None)
    amendment.notice_id = notice.id
    record_event(project, "project.amended", actor, before, {
        "bid_deadline": new_bid, "signup_deadline": new_signup, "amendment_id": amendment.id,
        "summary": summary, "notice_id": notice.id, "postponed": amendment.postponed})
    organizations = db.session.scalars(
        select(Signup).where(Signup.project_id == project.id).order_by(Signup.id)).all()
    for signup in organizations:  # one notification each: nobody learns who else signed up
        notify(signup.organization, "project.amended", project_link(project), code=project.code,
               title=project.title, summary=summary,
               bid_deadline=to_local(new_bid).strftime("%Y-%m-%d %H:%M"))
    return amendment


def project_amendments(project):
    return db.session.scalars(
        select(Amendment).where(Amendment.project_id == project.id).order_by(Amendment.published_at, Amendment.id)
    ).all()


def amendments_to_confirm(bid):
    """The amendments published after this bid was sealed that its bidder has not confirmed."""
    if bid is None or bid.status != "submitted" or bid.submitted_at is None:
        return []
    confirmed = select(BidConfirmation.amendment_id).where(BidConfirmation.bid_id == bid.id)
    return db.session.scalars(
        select(Amendment).where(Amendment.project_id == bid.project_id, Amendment.published_at > bid.submitted_at,
                                Amendment.id.not_in(confirmed)).order_by(Amendment.published_at, Amendment.id)
    ).all()


def confirm_bid(actor, project_id):
    """The bidder confirms that its bid stands after the amendments published since it was sealed."""
    from trading.tender.operations import bid_time, check_bidder_org, open_for_bidding, own_signup

    check_bidder_org(actor)
    project = open_for_bidding(project_id, actor)
    now = bid_time(project)
    signup = own_signup(actor, project)
    pending = amendments_to_confirm(signup.bid)
    if not pending:
        raise Conflict("nothing_to_confirm", "Your bid has no amendment to confirm.")
    for amendment in pending:
        db.session.add(BidConfirmation(id=new_random_id(BidConfirmation), bid_id=signup.bid.id,
                                       amendment_id=amendment.id, confirmed_at=now))
    db.session.flush()
    record_event(signup.bid, "bid.confirmed", actor, after={"amendment_ids": [a.id for a in pending]},
                 sealed_scope=project_scope(project))
    return signup.bid
