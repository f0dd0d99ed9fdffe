"""Complaints (投诉, GPL §55–§58): the challenger, unsatisfied or not answered in time, complains to the supervisor
within 15 working days after the reply deadline; the supervisor may suspend the procurement for up to 30 days and
decides within 30 working days, its decision published as a notice and its consequence carried out by the
platform's own operations (trading.challenges.operations.consequences). No request, no commit."""
from datetime import timedelta

from sqlalchemy import false, select

from core import clock
from core.auth import is_bidder, is_purchaser, is_supervisor, oversees, require
from core.errors import N_, Code, Conflict, Forbidden, NotFound, ValidationFailed, message
from core.extensions import db
from core.lifecycle import lock_row
from core.models import User
from core.notifications import notify, page_link
from core.timeutil import to_local
from core.trail import record_event
from trading.calendar.operations import estimated_between, working_day_after
from trading.challenges.models import COMPLAINT_LIFECYCLE, CONSEQUENCES, Challenge, Complaint
from trading.challenges.operations import center_users, check_pdfs, get_challenge, other_suppliers, store_files, text_of
from trading.challenges.operations.consequences import CARRY_OUT
from trading.notices.operations import notice_text, publish_notice
from trading.tender.models import Project

DECISION_WORKING_DAYS = 30  # GPL §56
MAX_SUSPENSION_DAYS = 30  # GPL §57

NOTIFICATION_KINDS = {
    "complaints.filed": (
        N_("A complaint on project %(code)s"),
        N_("A supplier complained about the reply to its challenge on project %(code)s “%(title)s”. The supervisor "
           "decides by %(due)s.")),
    "complaints.suspended": (
        N_("Procurement %(code)s suspended"),
        N_("The supervisor suspended the procurement of project %(code)s “%(title)s” until %(until)s while it "
           "examines a complaint: %(reason)s")),
    "complaints.decided": (
        N_("Complaint on project %(code)s decided"),
        N_("The supervisor decided a complaint on project %(code)s “%(title)s”: %(decision)s. %(text)s")),
    "complaints.decision_due": (
        N_("A complaint decision on %(code)s is due tomorrow"),
        N_("The decision on the complaint about project %(code)s is due by %(due)s.")),
}


def complaint_link(complaint):
    return page_link("challenges.challenge", challenge_id=complaint.challenge_id)


def supervisors():
    return db.session.scalars(select(User).where(User.of_role("supervisor"))).all()


def decision_due_on(day):
    due = working_day_after(day, DECISION_WORKING_DAYS)
    return due, estimated_between(day, due)


# -- Reading ---------------------------------------------------------------------------------------------------------

def get_complaint(user, complaint_id):
    complaint = db.session.get(Complaint, complaint_id)
    if complaint is None or not complaint.can_view(user):
        raise NotFound("complaint_not_found", "Complaint not found.")
    return complaint


def search_complaints(user, status=None):
    """Select of the complaints `user` may read (the challenger its own, a purchasing unit those on its projects,
    the center and the supervisor all), the oldest decision deadline first."""
    stmt = select(Complaint).join(Challenge, Challenge.id == Complaint.challenge_id)
    if is_bidder(user):
        stmt = stmt.where(Challenge.challenger_organization_id == user.organization_id)
    elif is_purchaser(user):
        stmt = stmt.join(Project, Project.id == Complaint.project_id).where(
            Project.purchaser_id == user.organization_id)
    elif not oversees(user):
        stmt = stmt.where(false())
    if status:
        stmt = stmt.where(Complaint.status == status)
    return stmt.order_by(Complaint.decision_due_on, Complaint.id)


def may_complain(challenge, user, today):
    """Whether `user`, the challenger, may complain today (the challenge page's form)."""
    return challenge.is_made_by(user) and challenge.complaint is None and _window_problem(challenge, today) is None


def _window_problem(challenge, today):
    if challenge.status == "awaiting_reply" and today <= challenge.reply_due_on:
        return Conflict("reply_awaited", "The reply is due by %(date)s; a complaint can follow the reply or that "
                        "date.", date=challenge.reply_due_on.isoformat())
    if today > challenge.complaint_due_on:
        return Conflict("complaint_window_closed", "Complaints about this challenge were due by %(date)s.",
                        date=challenge.complaint_due_on.isoformat())
    return None


# -- Writing ---------------------------------------------------------------------------------------------------------

def file_complaint(actor, challenge_id, data):
    """The challenger complains to the supervisor, unsatisfied with the reply or not answered in time, within 15
    working days after the reply deadline."""
    challenge = get_challenge(actor, challenge_id)
    if not challenge.is_made_by(actor):
        raise Forbidden("not_challenger", "Only the challenger may complain about a challenge's reply.")
    challenge = lock_row(challenge)
    if challenge.complaint is not None:
        raise Conflict("already_complained", "A complaint about this challenge was already made.")
    problem = _window_problem(challenge, clock.today())
    if problem is not None:
        raise problem
    text = text_of(data.get("text"))
    documents = list(data.get("documents") or ())
    check_pdfs(documents)
    today = clock.today()
    due, estimated = decision_due_on(today)
    complaint = Complaint(challenge_id=challenge.id, project_id=challenge.project_id, text=text,
                          submitted_at=clock.now(), submitted_by_id=actor.id, status="awaiting_decision",
                          decision_due_on=due, decision_due_estimated=estimated, decision_reminded=False)
    db.session.add(complaint)
    db.session.flush()
    files = store_files(actor, challenge, "complaint", documents)
    record_event(complaint, "complaint.filed", actor, after={
        "status": "awaiting_decision", "project_id": challenge.project_id, "challenge_id": challenge.id, "text": text,
        "decision_due_on": due, "suspended_until": None, "decision": None, "consequence": None,
        "file_sha256": files})
    project = challenge.project
    notify([*supervisors(), project.purchaser, *center_users(), challenge.challenger_organization], "complaints.filed",
           complaint_link(complaint), code=project.code, title=project.title, due=due.isoformat())
    return complaint


def _supervised(actor, complaint_id):
    require(is_supervisor(actor), "not_supervisor", "Only the supervisor decides complaints and suspends procurements.")
    complaint = lock_row(get_complaint(actor, complaint_id))
    if complaint.status != "awaiting_decision":
        raise Conflict("complaint_decided", "This complaint is already decided.")
    return complaint


def suspend_procurement(actor, complaint_id, days, reason):
    """The supervisor suspends the procurement (暂停采购活动) for 1 to 30 days, once per complaint: nothing
    proceeds until then."""
    complaint = _supervised(actor, complaint_id)
    if not 1 <= days <= MAX_SUSPENSION_DAYS:
        raise ValidationFailed({"days": [message("Between 1 and %(max)s days.", max=MAX_SUSPENSION_DAYS)]})
    reason = text_of(reason, "reason")
    if complaint.suspended_until is not None:
        raise Conflict("already_suspended", "The procurement was already suspended on this complaint.")
    until = clock.now() + timedelta(days=days)
    project = lock_row(complaint.project)
    complaint.suspended_until, complaint.suspension_reason = until, reason[:500]
    record_event(complaint, "complaint.suspended", actor, {"suspended_until": None},
                 {"suspended_until": until, "project_id": project.id, "days": days, "reason": reason})
    before = project.suspended_until
    project.suspended_until = until
    record_event(project, "project.suspended", actor, {"suspended_until": before},
                 {"suspended_until": until, "complaint_id": complaint.id, "reason": reason})
    notify([project.purchaser, *center_users(), *other_suppliers(complaint.challenge),
            complaint.challenge.challenger_organization], "complaints.suspended", page_link(
                "trading.project", project_id=project.id), code=project.code, title=project.title,
           until=to_local(until).strftime("%Y-%m-%d %H:%M"), reason=reason)
    return complaint


DECISION_TITLE = N_("%(title)s: complaint decision notice")
DECISION_BODY = N_("Project code: %(code)s\nPurchasing unit: %(purchaser)s\nComplaint received on: %(received)s\n"
                   "Decision: %(decision)s\nConsequence: %(consequence)s\nReasons: %(text)s\nDecided on: %(decided)s")


def decide_complaint(actor, complaint_id, data):
    """The supervisor dismisses the complaint or upholds it with its consequence, carried out at once; the decision
    ends any suspension and is published as a notice (投诉处理结果公告) that never names the complainant."""
    complaint = _supervised(actor, complaint_id)
    decision, consequence = data["decision"], data.get("consequence")
    if decision == "upheld" and consequence not in CONSEQUENCES:
        raise ValidationFailed({"consequence": [message("An upheld complaint needs its consequence.")]})
    if decision == "dismissed" and consequence:
        raise ValidationFailed({"consequence": [message("A dismissed complaint has no consequence.")]})
    text = text_of(data.get("text"))
    project = lock_row(complaint.project)
    redraft = CARRY_OUT[consequence](actor, project, complaint) if consequence else None
    now = clock.now()
    if project.suspended_until is not None and project.suspended_until > now:
        record_event(project, "project.suspension_ended", actor, {"suspended_until": project.suspended_until},
                     {"suspended_until": now, "complaint_id": complaint.id})
        project.suspended_until = now
    no_consequence = notice_text(N_("none"))
    body = notice_text(DECISION_BODY, code=project.code, purchaser=project.purchaser.name,
                       received=to_local(complaint.submitted_at).date().isoformat(),
                       decision=_label(f"decision.{decision}"),
                       consequence=_label(f"consequence.{consequence}") if consequence else no_consequence,
                       text=text, decided=to_local(now).date().isoformat())
    notice = publish_notice(project, "complaint_decision", notice_text(DECISION_TITLE, title=project.title), body, {
        "code": project.code, "decision": decision, "consequence": consequence,
        "decided_on": to_local(now).date().isoformat()})
    COMPLAINT_LIFECYCLE.change(complaint, "decided", actor, "complaint.decided", changes={
        "decision": decision, "consequence": consequence, "decision_text": text, "decided_at": now,
        "decided_by_id": actor.id, "notice_id": notice.id, "redraft_project_id": redraft.id if redraft else None},
        details={"decision": decision, "consequence": consequence, "text": text, "project_id": project.id,
                 "decided_late": to_local(now).date() > complaint.decision_due_on,
                 "redraft_project_id": redraft.id if redraft else None})
    challenge = complaint.challenge
    notify([challenge.challenger_organization, project.purchaser, *center_users(), *other_suppliers(challenge)],
           "complaints.decided", page_link("notices.notice", notice_id=notice.id), code=project.code,
           title=project.title, decision=Code(f"decision.{decision}"), text=text)
    return complaint


def _label(code):
    from flask import current_app
    from flask_babel import force_locale

    from core.web import label

    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return label(code)


# -- Reminders -------------------------------------------------------------------------------------------------------

def reminders_due(today):
    tomorrow = today + timedelta(days=1)
    return db.session.scalars(select(Complaint.id).where(
        Complaint.status == "awaiting_decision", Complaint.decision_due_on == tomorrow,
        Complaint.decision_reminded.is_(False)).order_by(Complaint.id)).all()


def remind(complaint_id):
    """Remind the supervisor of tomorrow's decision deadline, once."""
    complaint = lock_row(db.session.get(Complaint, complaint_id))
    if complaint.status == "awaiting_decision" and not complaint.decision_reminded:
        complaint.decision_reminded = True
        notify(supervisors(), "complaints.decision_due", complaint_link(complaint), code=complaint.project.code,
               due=complaint.decision_due_on.isoformat())
    return complaint
