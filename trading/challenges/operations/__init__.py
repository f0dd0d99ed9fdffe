"""Challenges (质疑, GPL §52–§54, MOF Order 94): a signed-up supplier challenges the documents (from publication
until the bid deadline), the process (within 7 working days after the opening) or the result (within 7 working
days after the candidates notice or the result notice); the purchasing unit or the center replies within 7 working
days, to the challenger and, without its name, to the other suppliers. No request, no commit."""
from datetime import timedelta

from sqlalchemy import false, or_, select

from core import clock
from core.auth import is_bidder, is_purchaser, oversees, require
from core.errors import N_, Code, Conflict, Forbidden, NotFound, ValidationFailed, message
from core.extensions import db
from core.hashing import sha256_hex
from core.ids import new_random_id
from core.lifecycle import lock_row
from core.models import Organization, User
from core.notifications import notify, page_link
from core.timeutil import to_local
from core.trail import record_event
from trading.calendar.operations import estimated_between, working_day_after
from trading.challenges.models import CHALLENGE_LIFECYCLE, Challenge, ChallengeFile
from trading.documents.operations import document_problems
from trading.notices.models import Notice
from trading.tender.models import Project, Signup, project_scope
from trading.tender.operations import get_project, my_signup

REPLY_WORKING_DAYS = 7  # GPL §53
CHALLENGE_WORKING_DAYS = 7  # GPL §52: after the opening, or after the candidates or result notice
COMPLAINT_WORKING_DAYS = 15  # GPL §55: after the reply deadline
MAX_TEXT = 5000

NOTIFICATION_KINDS = {
    "challenges.filed": (
        N_("A challenge on project %(code)s"),
        N_("A supplier challenged the %(subject)s of project %(code)s “%(title)s”. Reply in writing by %(due)s.")),
    "challenges.received": (
        N_("Your challenge on project %(code)s was received"),
        N_("Your challenge on the %(subject)s of project %(code)s “%(title)s” was received; the reply is due by "
           "%(due)s.")),
    "challenges.replied": (
        N_("Your challenge on project %(code)s was answered"),
        N_("Your challenge on the %(subject)s of project %(code)s was answered: %(reply)s\nIf you are not "
           "satisfied, you may complain to the supervisor by %(complaint_due)s.")),
    "challenges.reply_published": (
        N_("A challenge on project %(code)s was answered"),
        N_("A challenge on the %(subject)s of project %(code)s “%(title)s” was answered: %(reply)s")),
    "challenges.reply_due": (
        N_("The reply to a challenge on %(code)s is due tomorrow"),
        N_("The written reply to a challenge on the %(subject)s of project %(code)s is due by %(due)s.")),
    "challenges.complaint_due": (
        N_("The time to complain about %(code)s ends tomorrow"),
        N_("A complaint about your challenge on project %(code)s reaches the supervisor by %(due)s at the latest.")),
}


def challenge_link(challenge):
    return page_link("challenges.challenge", challenge_id=challenge.id)


def center_users():
    """The center's staff: the center replies on the purchasing unit's behalf."""
    return db.session.scalars(select(User).where(User.of_role("admin"))).all()


# -- Windows and deadlines -------------------------------------------------------------------------------------------

def _after_working_days(moment, n):
    """(The n-th working day after `moment`'s local date, whether the count crossed a year with no schedule)."""
    start = to_local(moment).date()
    due = working_day_after(start, n)
    return due, estimated_between(start, due)


def _result_notices(project):
    return db.session.scalars(select(Notice).where(
        Notice.project_id == project.id, Notice.type.in_(("candidates", "result"))).order_by(Notice.published_at)).all()


def windows(project):
    """{subject: [(opens_at, closes, estimated)]}: `closes` is the bid deadline (a moment) for the documents, the
    last working day (a date) for the process and the result."""
    found = {"documents": [], "process": [], "result": []}
    if project.published_at is not None:
        found["documents"].append((project.published_at, project.bid_deadline, False))
    if project.opened_at is not None:
        found["process"].append((project.opened_at, *_after_working_days(project.opened_at, CHALLENGE_WORKING_DAYS)))
    for notice in _result_notices(project):
        found["result"].append((notice.published_at,
                                *_after_working_days(notice.published_at, CHALLENGE_WORKING_DAYS)))
    return found


def _is_open(project, subject, window, now):
    opens_at, closes, _ = window
    if now < opens_at:
        return False
    if subject == "documents":
        return project.status == "published" and now < closes
    return to_local(now).date() <= closes


def open_window(project, subject, now):
    """The window of `subject` open at `now` as (opens_at, closes, estimated), or None."""
    return next((w for w in windows(project)[subject] if _is_open(project, subject, w, now)), None)


def open_windows(project, now):
    """{subject: window} of the subjects a supplier may challenge now (the project page's form)."""
    found = {subject: open_window(project, subject, now) for subject in windows(project)}
    return {subject: window for subject, window in found.items() if window is not None}


def reply_due_on(day):
    due = working_day_after(day, REPLY_WORKING_DAYS)
    return due, estimated_between(day, due)


def complaint_due_on(reply_due):
    due = working_day_after(reply_due, COMPLAINT_WORKING_DAYS)
    return due, estimated_between(reply_due, due)


# -- Files -----------------------------------------------------------------------------------------------------------

def text_of(value, field="text"):
    value = (value or "").strip()
    if not value:
        raise ValidationFailed({field: [message("Required.")]})
    if len(value) > MAX_TEXT:
        raise ValidationFailed({field: [message("At most %(max)s characters.", max=MAX_TEXT)]})
    return value


def check_pdfs(documents):
    """Refuse (422 bad_document) any upload that is not a PDF within the size limit."""
    for index, document in enumerate(documents):
        name, content = document["name"], document["content"]
        field = f"documents.{index}"
        if not name.lower().endswith(".pdf"):
            raise ValidationFailed({field: [message("%(name)s: only a PDF file is accepted", name=name)]},
                                   "A document was refused.", "bad_document")
        problems = document_problems(name, content, index)
        if problems:
            raise ValidationFailed(problems, "A document was refused.", "bad_document")


def store_files(actor, challenge, purpose, documents):
    """Keep the checked PDFs of a challenge, its reply or its complaint; returns their SHA-256."""
    rows = [ChallengeFile(challenge_id=challenge.id, purpose=purpose, name=d["name"], size=len(d["content"]),
                          sha256=sha256_hex(d["content"]), content=d["content"], uploaded_at=clock.now(),
                          uploaded_by_id=actor.id) for d in documents]
    db.session.add_all(rows)
    db.session.flush()
    return [row.sha256 for row in rows]


# -- Reading ---------------------------------------------------------------------------------------------------------

def get_challenge(user, challenge_id, lock=False):
    """A challenge its challenger, the purchasing unit, the center and the supervisor read; 404 for anyone else."""
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or not challenge.can_view(user):
        raise NotFound("challenge_not_found", "Challenge not found.")
    return lock_row(challenge) if lock else challenge


def challenge_file(user, challenge_id, file_id):
    challenge = get_challenge(user, challenge_id)
    row = db.session.get(ChallengeFile, file_id)
    if row is None or row.challenge_id != challenge.id:
        raise NotFound("file_not_found", "File not found.")
    return row


def challenger_name(challenge, user):
    """The challenger's name as `user` may see it: None when sealed or not theirs to know."""
    return challenge.challenger_organization.name if challenge.shows_challenger_to(user) else None


def search_challenges(user, status=None, subject=None, project_id=None):
    """Select of the challenges `user` may read (a supplier its own, a purchasing unit those on its projects, the
    center and the supervisor all), the newest first."""
    stmt = select(Challenge)
    if is_bidder(user):
        stmt = stmt.where(Challenge.challenger_organization_id == user.organization_id)
    elif is_purchaser(user):
        stmt = stmt.join(Project, Project.id == Challenge.project_id).where(
            Project.purchaser_id == user.organization_id)
    elif not oversees(user):
        stmt = stmt.where(false())
    if status:
        stmt = stmt.where(Challenge.status == status)
    if subject:
        stmt = stmt.where(Challenge.subject == subject)
    if project_id is not None:
        stmt = stmt.where(Challenge.project_id == project_id)
    return stmt.order_by(Challenge.submitted_at.desc(), Challenge.id.desc())


def project_challenges(project, user):
    """The challenges of a project that `user` may read (the project page)."""
    return db.session.scalars(search_challenges(user, project_id=project.id)).all()


def may_challenge(project, user):
    """Whether `user` is a supplier signed up for the project (the form's condition)."""
    return is_bidder(user) and db.session.scalar(select(Signup.id).where(
        Signup.project_id == project.id, Signup.organization_id == user.organization_id)) is not None


def require_no_pending_result_challenge(project):
    """The award waits while a challenge on the result is unanswered (scoring.evaluation.award)."""
    pending = db.session.scalar(select(Challenge.reply_due_on).where(
        Challenge.project_id == project.id, Challenge.subject == "result", Challenge.status == "awaiting_reply")
        .order_by(Challenge.reply_due_on).limit(1))
    if pending is not None:
        raise Conflict("challenge_pending", "A challenge on the result is not answered yet (reply due by "
                       "%(date)s); the award waits for the reply.", date=pending.isoformat())


def other_suppliers(challenge):
    """The suppliers concerned but the challenger: those signed up for the project."""
    return db.session.scalars(select(Organization).join(Signup, Signup.organization_id == Organization.id).where(
        Signup.project_id == challenge.project_id,
        Signup.organization_id != challenge.challenger_organization_id)).all()


# -- Writing ---------------------------------------------------------------------------------------------------------

def file_challenge(actor, project_id, data):
    """A signed-up supplier challenges the documents, the process or the result within its window, in writing with
    its reasons and evidence (PDF)."""
    if not is_bidder(actor):
        raise Forbidden("not_a_bidder", "Only a supplier that signed up may challenge.")
    project = get_project(project_id, actor, shared=True)
    if my_signup(actor, project) is None:
        raise Forbidden("not_signed_up", "Only a supplier that signed up for the project may challenge.")
    subject = data["subject"]
    now = clock.now()
    if open_window(project, subject, now) is None:
        raise Conflict("challenge_window_closed", "A challenge on the %(subject)s cannot be made now: its window "
                       "is closed.", subject=Code(f"subject.{subject}"))
    text = text_of(data.get("text"))
    documents = list(data.get("documents") or ())
    check_pdfs(documents)
    today = clock.today()
    due, estimated = reply_due_on(today)
    complaint_due, complaint_estimated = complaint_due_on(due)
    challenge = Challenge(id=new_random_id(Challenge), project_id=project.id, subject=subject, text=text,
                          challenger_user_id=actor.id, challenger_organization_id=actor.organization_id,
                          submitted_at=now, status="awaiting_reply", reply_due_on=due, reply_due_estimated=estimated,
                          complaint_due_on=complaint_due, complaint_due_estimated=complaint_estimated,
                          reply_reminded=False, complaint_reminded=False)
    db.session.add(challenge)
    db.session.flush()
    files = store_files(actor, challenge, "challenge", documents)
    # A challenge on the documents comes before the opening: sealed like a sign-up until then.
    record_event(challenge, "challenge.filed", actor, after={
        "status": "awaiting_reply", "project_id": project.id, "subject": subject, "text": text, "reply_due_on": due,
        "reply": None, "file_sha256": files}, sealed_scope=project_scope(project) if subject == "documents" else None)
    params = {"code": project.code, "title": project.title, "subject": Code(f"subject.{subject}"),
              "due": due.isoformat()}
    notify([project.purchaser, *center_users()], "challenges.filed", challenge_link(challenge), **params)
    notify(actor.organization, "challenges.received", challenge_link(challenge), **params)
    return challenge


def reply_challenge(actor, challenge_id, data):
    """The purchasing unit or the center replies in writing; the challenger is told, and the other suppliers
    without the challenger's name."""
    challenge = get_challenge(actor, challenge_id)
    require(challenge.may_reply(actor), "not_owner", "Only the purchasing unit or the center replies to a challenge.")
    challenge = lock_row(challenge)
    if challenge.status != "awaiting_reply":
        raise Conflict("already_replied", "This challenge is already answered.")
    text = text_of(data.get("text"))
    documents = list(data.get("documents") or ())
    check_pdfs(documents)
    files = store_files(actor, challenge, "reply", documents)
    CHALLENGE_LIFECYCLE.change(challenge, "answered", actor, "challenge.replied", changes={
        "reply": text, "replied_at": clock.now(), "replied_by_id": actor.id},
        details={"reply": text, "project_id": challenge.project_id,
                 "replied_late": clock.today() > challenge.reply_due_on, "file_sha256": files})
    project = challenge.project
    params = {"code": project.code, "title": project.title, "subject": Code(f"subject.{challenge.subject}"),
              "reply": text}
    notify(challenge.challenger_organization, "challenges.replied", challenge_link(challenge),
           complaint_due=challenge.complaint_due_on.isoformat(), **params)
    notify(other_suppliers(challenge), "challenges.reply_published", page_link("trading.project",
                                                                                project_id=project.id), **params)
    return challenge


# -- Reminders -------------------------------------------------------------------------------------------------------

def reminders_due(today):
    """Ids of the challenges whose reply or complaint deadline falls tomorrow and were not reminded yet."""
    tomorrow = today + timedelta(days=1)
    return db.session.scalars(select(Challenge.id).where(or_(
        (Challenge.status == "awaiting_reply") & (Challenge.reply_due_on == tomorrow)
        & Challenge.reply_reminded.is_(False),
        (Challenge.complaint_due_on == tomorrow) & Challenge.complaint_reminded.is_(False)
        & ~Challenge.complaint.has())).order_by(Challenge.id)).all()


def remind(challenge_id):
    """Remind of tomorrow's deadline, once: the purchasing unit and the center of the reply, the challenger of
    the last day to complain."""
    challenge = lock_row(db.session.get(Challenge, challenge_id))
    project = challenge.project
    tomorrow = clock.today() + timedelta(days=1)
    if challenge.status == "awaiting_reply" and challenge.reply_due_on == tomorrow and not challenge.reply_reminded:
        challenge.reply_reminded = True
        notify([project.purchaser, *center_users()], "challenges.reply_due", challenge_link(challenge),
               code=project.code, subject=Code(f"subject.{challenge.subject}"), due=challenge.reply_due_on.isoformat())
    if challenge.complaint_due_on == tomorrow and challenge.complaint is None and not challenge.complaint_reminded:
        challenge.complaint_reminded = True
        notify(challenge.challenger_organization, "challenges.complaint_due", challenge_link(challenge),
               code=project.code, due=challenge.complaint_due_on.isoformat())
    return challenge
