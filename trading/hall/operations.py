"""The opening hall (不见面开标): remote check-in of the participating bidders before the opening,
then their confirmation of the opening record or their objections (异议), answered by the center.

Participants are the organisations with a submitted bid (before opening) or an opened bid
(after it): only they themselves know they take part until the opening reveals the record.
A check-in is sealed with the project's scope, like sign-ups and bids. No request, no commit.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from core import clock
from core.auth import acts_as_center, is_bidder, is_party, require
from core.documents import StoredDocument
from core.errors import N_, Conflict, Forbidden, NotFound, ValidationFailed
from core.extensions import db
from core.ids import new_random_id
from core.models import User
from core.notifications import notify, page_link
from core.timeutil import to_local
from core.trail import record_event
from trading.hall.models import HallAttendance, OpeningObjection
from trading.tender.models import Bid, Project, project_scope
from trading.tender.operations import get_project

# The notifications this feature sends: kind -> (title, body), English templates (core.notifications).
NOTIFICATION_KINDS = {
    "opening.objection": (N_("Objection to the opening of %(code)s"),
                          N_("%(bidder)s raised an objection to the opening record of project %(code)s “%(title)s”.")),
    "opening.objection_answered": (N_("Your objection to %(code)s was answered"),
                                   N_("The trading center answered your objection to the opening record of project %(code)s: %(answer)s")),
}
MAX_TEXT = 2000


def checkin_opens_at(project):
    return project.bid_deadline - timedelta(minutes=current_app.config["HALL_CHECKIN_MINUTES"])


def objection_deadline(project):
    """The end of the confirmation and objection window (inclusive), or None before opening."""
    if project.opened_at is None:
        return None
    return project.opened_at + timedelta(minutes=current_app.config["OBJECTION_WINDOW_MINUTES"])


def in_objection_window(project, now):
    deadline = objection_deadline(project)
    return deadline is not None and project.opened_at <= now <= deadline


def unanswered_objections(project):
    return db.session.scalar(select(func.count(OpeningObjection.id)).where(
        OpeningObjection.project_id == project.id, OpeningObjection.answered_at.is_(None)))


def objections_pending(project, now):
    """Whether the evaluation must wait: the objection window is open, or an objection is unanswered."""
    return in_objection_window(project, now) or unanswered_objections(project) > 0


def require_objections_settled(project, now):
    """The evaluation does not begin while bidders may still object to the opening record, or while an
    objection waits for its answer (domain.md: Opening): 409 objections_pending."""
    if in_objection_window(project, now):
        until = to_local(objection_deadline(project)).isoformat(sep=" ", timespec="seconds")[:19]
        raise Conflict("objections_pending",
                       "Bidders may object to the opening record until %(until)s: the evaluation waits until then.",
                       until=until)
    count = unanswered_objections(project)
    if count:
        raise Conflict("objections_pending",
                       "%(count)s objection(s) to the opening record wait for the center's answer: the evaluation "
                       "waits until they are answered.", count=count)


def participant_bid(user, project):
    """The user's organisation's bid if it takes part in the opening, else None.

    Before opening: a submitted bid; after: an opened bid (withdrawn bids take no part)."""
    if not is_bidder(user) or user.organization_id is None:
        return None
    stmt = select(Bid).where(Bid.project_id == project.id, Bid.organization_id == user.organization_id)
    if project.opened_at is None:
        stmt = stmt.where(Bid.status == "submitted")
    else:
        stmt = stmt.where(Bid.valid.is_not(None))
    return db.session.scalar(stmt)


def is_participant(user, project):
    return participant_bid(user, project) is not None


def can_watch(user, project):
    """The hall: the center, the owner, the supervisor and the participants."""
    if user is None:
        return False
    return is_party(user, project) or is_participant(user, project)


def hall_project(user, project_id, lock=False):
    """A project whose hall the user may enter: 404 when the project is hidden, 403 otherwise."""
    project = get_project(project_id, user, lock=lock)
    if not can_watch(user, project):
        raise Forbidden("not_in_hall", "Only the center, the purchasing unit, the supervisor and the bidders who "
                                       "submitted a bid enter the opening hall.")
    return project


def _participant(actor, project_id):
    """The project and the actor's bid: 403 for anyone but a participating bidder."""
    require(is_bidder(actor), "not_a_bidder", "Only bidder organisations can take part.")
    project = get_project(project_id, actor, lock=True)
    bid = participant_bid(actor, project)
    if bid is None:
        raise Forbidden("not_participant", "Only the bidders whose bid is in this opening can do this.")
    return project, bid


def _attendance(project, organization_id, lock=True):
    stmt = select(HallAttendance).where(HallAttendance.project_id == project.id,
                                        HallAttendance.organization_id == organization_id)
    return db.session.scalar(stmt.with_for_update() if lock else stmt)


def _record_attendance(project, organization_id, already, code, text, **marks):
    """Set `marks` (the check-in or the confirmation, with who made it) on the organisation's attendance,
    created when it has none; 409 `code` when `already` (its field) was set before."""
    attendance = _attendance(project, organization_id)
    if attendance is not None and getattr(attendance, already) is not None:
        raise Conflict(code, text)
    if attendance is None:
        attendance = HallAttendance(id=new_random_id(HallAttendance), project_id=project.id,
                                    organization_id=organization_id)
        db.session.add(attendance)
    for name, value in marks.items():
        setattr(attendance, name, value)
    db.session.flush()
    return attendance


def my_attendance(user, project):
    if not is_bidder(user):
        return None
    return _attendance(project, user.organization_id, lock=False)


def check_in(actor, project_id):
    """签到: a participating bidder, from HALL_CHECKIN_MINUTES before the deadline until the opening."""
    project, bid = _participant(actor, project_id)
    now = clock.now()
    if project.status != "published":
        raise Conflict("checkin_closed", "Check-in has closed: the bids have been opened.")
    if now < checkin_opens_at(project):
        raise Conflict("checkin_not_open", "Check-in opens %(minutes)s minutes before the bid deadline.",
                       minutes=current_app.config["HALL_CHECKIN_MINUTES"])
    attendance = _record_attendance(project, bid.organization_id, "checked_in_at", "already_checked_in",
                                    "Your organisation has already checked in.",
                                    checked_in_at=now, checked_in_by_id=actor.id)
    record_event(attendance, "hall.checked_in", actor, after={"project_id": project.id, "checked_in_at": now},
                 sealed_scope=project_scope(project))
    return attendance


def _window_open(project, now):
    if project.opened_at is None:
        raise Conflict("not_opened", "The bids have not been opened yet.")
    if not in_objection_window(project, now):
        raise Conflict("objection_window_closed",
                       "The opening record could be confirmed or objected to until %(minutes)s minutes after "
                       "the opening.", minutes=current_app.config["OBJECTION_WINDOW_MINUTES"])


def confirm_record(actor, project_id):
    """A participant confirms the opening record, within the objection window."""
    project, bid = _participant(actor, project_id)
    now = clock.now()
    _window_open(project, now)
    attendance = _record_attendance(project, bid.organization_id, "confirmed_at", "already_confirmed",
                                    "Your organisation has already confirmed the opening record.",
                                    confirmed_at=now, confirmed_by_id=actor.id)
    record_event(attendance, "hall.record_confirmed", actor, after={"project_id": project.id, "confirmed_at": now})
    return attendance


def _text(value, field):
    value = (value or "").strip()
    if not value:
        raise ValidationFailed({field: ["is required"]})
    if len(value) > MAX_TEXT:
        raise ValidationFailed({field: ["is too long"]})
    return value


def raise_objection(actor, project_id, text):
    """异议: a participant objects to the opening record, within the window; the center is notified."""
    project, bid = _participant(actor, project_id)
    now = clock.now()
    _window_open(project, now)
    text = _text(text, "text")
    objection = OpeningObjection(id=new_random_id(OpeningObjection), project_id=project.id,
                                 organization_id=bid.organization_id, raised_by_id=actor.id, text=text,
                                 created_at=now)
    db.session.add(objection)
    db.session.flush()
    record_event(objection, "hall.objection_raised", actor, after={"project_id": project.id, "text": text})
    center = db.session.scalars(select(User).where(User.of_role("admin"), User.active.is_(True))).all()
    notify(center, "opening.objection", page_link("trading_hall.hall", project_id=project.id),
           code=project.code, title=project.title, bidder=bid.organization.name)
    return objection


def answer_objection(actor, project_id, objection_id, answer):
    """The center answers an objection once; the objecting bidder is notified."""
    require(acts_as_center(actor), "not_center", "Only the trading center may do this.")
    project = get_project(project_id, actor, lock=True)
    objection = db.session.get(OpeningObjection, objection_id, with_for_update=True)
    if objection is None or objection.project_id != project.id:
        raise NotFound("objection_not_found", "Objection not found.")
    if objection.answered_at is not None:
        raise Conflict("already_answered", "This objection has already been answered.")
    answer = _text(answer, "answer")
    objection.answer = answer
    objection.answered_at = clock.now()
    objection.answered_by_id = getattr(actor, "id", None)
    record_event(objection, "hall.objection_answered", actor, before={"answer": None}, after={"answer": answer})
    notify(objection.organization, "opening.objection_answered",
           page_link("trading_hall.hall", project_id=project.id), code=project.code, answer=answer)
    return objection


def attendances(project):
    """Check-ins and confirmations: only after opening (before it, they would count the bidders)."""
    if project.opened_at is None:
        return []
    return db.session.scalars(
        select(HallAttendance).where(HallAttendance.project_id == project.id)
        .order_by(HallAttendance.checked_in_at, HallAttendance.organization_id)).all()


def objections(project):
    return db.session.scalars(
        select(OpeningObjection).where(OpeningObjection.project_id == project.id)
        .order_by(OpeningObjection.created_at, OpeningObjection.id)).all()


def opening_done(project, now):
    """The opening record is final: bidders can no longer object to it and every objection is answered."""
    return project.opened_at is not None and not objections_pending(project, now)


def record_context(project):
    """What the opening record (开标记录表) shows: the opened bids, the attendance and the objections."""
    from trading.tender.operations import opening_record

    return {"project": project, "bids": opening_record(project),
            "attendance_by_org": {a.organization_id: a for a in attendances(project)},
            "objections": objections(project)}


def openings_done_without(kind, now):
    """Ids of the projects whose opening is done and that have no stored document of `kind` yet."""
    window_start = now - timedelta(minutes=current_app.config["OBJECTION_WINDOW_MINUTES"])
    unanswered = select(OpeningObjection.id).where(OpeningObjection.project_id == Project.id,
                                                   OpeningObjection.answered_at.is_(None))
    stored = select(StoredDocument.id).where(StoredDocument.kind == kind, StoredDocument.object_type == "project",
                                             StoredDocument.object_id == Project.id)
    return db.session.scalars(select(Project.id).where(
        Project.opened_at.is_not(None), Project.opened_at < window_start, ~unanswered.exists(), ~stored.exists())
        .order_by(Project.opened_at)).all()


def hall_state(user, project):
    """Everything the hall shows this user (pages and API alike)."""
    from trading.tender.operations import opening_record

    now = clock.now()
    opened = project.opened_at is not None  # the callers checked can_watch
    bids = opening_record(project) if opened else []
    by_org = {a.organization_id: a for a in attendances(project)} if opened else {}
    mine = participant_bid(user, project)
    attendance = my_attendance(user, project) if mine is not None else None
    return {
        "project": project,
        "now": now,
        "checkin_opens_at": checkin_opens_at(project),
        "checkin_open": project.status == "published" and now >= checkin_opens_at(project),
        "objection_deadline": objection_deadline(project),
        "window_open": project.opened_at is not None and in_objection_window(project, now),
        "opened": opened,
        "bids": bids,
        "attendance_by_org": by_org,
        "objections": objections(project) if opened else [],
        "participant": mine is not None,
        "my_bid": mine,
        "my_attendance": attendance,
    }
