"""The red flags of an evaluation and an award, raised by a task that follows their commit: scoring the bids and
recomputing the flags of the project and of its purchasing unit's year need not share one request."""
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from audit.flags.models import RedFlag
from audit.flags.operations import challenge_clock, complaint_clock, contract_clock, deposit_clock, on_evaluation_event
from audit.flags.operations.rules import challenges_past_due, contracts_past_due, deposits_past_due
from core import clock
from core.extensions import db
from core.lifecycle import lock_row
from core.tasks import after_commit, celery, each_in_turn
from scoring.evaluation.models import ProjectEvaluation


@celery.task(name="audit.evaluation_flags", autoretry_for=(OperationalError, IntegrityError))
def evaluation_flags(record_id):
    """Bring the flags of an evaluated or awarded project (and its unit's repeat winners) in line with the data;
    run twice, it changes nothing more. A flag raised at the same moment by another project's task is a unique
    conflict: the retry finds it and updates it."""
    record = db.session.get(ProjectEvaluation, record_id)
    if record is not None:
        lock_row(record.project)  # one project's flags, one task at a time
        on_evaluation_event(record)


def queue_evaluation_flags(record, event):
    after_commit(evaluation_flags, record.id)


@celery.task(name="audit.contract_clocks")
def contract_clocks():
    """Raise contract_overdue and payment_overdue for the contracts whose deadline passed, one by one (hourly on
    `celery beat`); the events that end them (the contract recorded, the last payment) resolve them."""
    return len(each_in_turn(db.session.scalars(contracts_past_due(clock.today())).all(), contract_clock))


@celery.task(name="audit.deposit_clocks")
def deposit_clocks():
    """Raise deposit_refund_overdue for the deposits still owed after their due date, one by one (hourly on
    `celery beat`)."""
    return len(each_in_turn(db.session.scalars(deposits_past_due(clock.today())).all(), deposit_clock))


@celery.task(name="audit.challenge_clocks")
def challenge_clocks():
    """Raise challenge_reply_overdue and complaint_decision_overdue for the challenges and complaints whose deadline
    passed, one by one (hourly on `celery beat`); the reply and the decision resolve them."""
    challenges, complaints = (db.session.scalars(ids).all() for ids in challenges_past_due(clock.today()))
    return len(each_in_turn(challenges, challenge_clock)) + len(each_in_turn(complaints, complaint_clock))


def seed_clocks(seeder):
    """`flask seed-demo`: the clocks run once, as the hourly duty would, so the demo's overdue deposits, contracts,
    challenges and complaints carry their flags."""
    def open_flags():
        return db.session.scalar(select(func.count(RedFlag.id)).where(RedFlag.status == "open"))

    before, today = open_flags(), clock.today()
    challenges, complaints = challenges_past_due(today)
    for ids, run in ((contracts_past_due(today), contract_clock), (deposits_past_due(today), deposit_clock),
                     (challenges, challenge_clock), (complaints, complaint_clock)):
        for subject_id in db.session.scalars(ids).all():
            run(subject_id)
    if open_flags() > before:
        seeder.created["red flags raised by the clocks"] += open_flags() - before
