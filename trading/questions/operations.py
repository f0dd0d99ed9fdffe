"""Questions and answers (答疑): approved bidders ask before the bid deadline, the asker sealed
like a sign-up; the owner or the center answers; answered questions are public. No commit."""
from sqlalchemy import false, select

from core import clock
from core.auth import acts_as_center, is_bidder, require
from core.errors import N_, Conflict, NotFound, ValidationFailed
from core.extensions import db
from core.ids import new_random_id
from core.notifications import notify
from core.trail import record_event
from trading.questions.models import Question
from trading.tender.operations.notifications import project_link

# The notifications this feature sends: kind -> (title, body), English templates (core.notifications).
NOTIFICATION_KINDS = {
    "question.answered": (N_("Your question on project %(code)s was answered"),
                          N_("Your question on project %(code)s “%(title)s” was answered: %(answer)s")),
}


def _text(text, field="text"):
    if not text or not text.strip():
        raise ValidationFailed({field: ["must not be empty"]})
    return text.strip()


def ask_question(actor, project_id, text):
    """An approved, not blacklisted bidder asks about a published project before the bid deadline."""
    from trading.tender.operations import check_bidder_org, get_project

    org = check_bidder_org(actor)
    project = get_project(project_id, actor, shared=True)
    if project.status != "published":
        raise Conflict("wrong_status", "Questions are asked while the project is published.")
    now = clock.now()
    if now >= project.bid_deadline:
        raise Conflict("deadline_passed", "The bid deadline has passed; no question is accepted after it.")
    question = Question(id=new_random_id(Question), project_id=project.id, text=_text(text), asker_user_id=actor.id,
                        asker_organization_id=org.id, asked_at=now)
    db.session.add(question)
    db.session.flush()
    # Sealed for good (the "question" scope is never revealed): the opening must not name the asker.
    record_event(question, "question.asked", actor, after={"project_id": project.id, "text": question.text},
                 sealed_scope=f"question:{question.id}")
    return question


def may_answer(project, user):
    return acts_as_center(user) or project.is_owned_by(user)


def answer_question(actor, project_id, question_id, text):
    """The owner or the center answers (or corrects its answer); the asker is notified."""
    from trading.tender.operations import get_project

    project = get_project(project_id, actor, lock=True)
    require(may_answer(project, actor), "not_owner", "Only the purchasing unit or the center answers questions.")
    question = db.session.get(Question, question_id, with_for_update=True)
    if question is None or question.project_id != project.id:
        raise NotFound("question_not_found", "Question not found.")
    if project.status != "published":
        raise Conflict("wrong_status", "Questions are answered while the project is published.")
    before = {"answer": question.answer}
    question.answer = _text(text)
    question.answered_at = clock.now()
    question.answered_by_id = actor.id
    record_event(question, "question.answered", actor, before, {"answer": question.answer})
    notify(question.asker, "question.answered", project_link(project), code=project.code, title=project.title,
           answer=question.answer)
    return question


def visible_questions(project, user):
    """Answered questions for everyone; the owner and the center also see the unanswered ones; a
    bidder also sees its own. Never the asker."""
    stmt = select(Question).where(Question.project_id == project.id)
    if not may_answer(project, user):
        own = Question.asker_organization_id == user.organization_id if is_bidder(user) else false()
        stmt = stmt.where(Question.answered_at.is_not(None) | own)
    return db.session.scalars(stmt.order_by(Question.asked_at, Question.id)).all()
