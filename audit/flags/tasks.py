"""The red flags of an evaluation and an award, raised by a task that follows their commit: scoring the bids and
recomputing the flags of the project and of its purchasing unit's year need not share one request."""
from sqlalchemy.exc import IntegrityError, OperationalError

from audit.flags.operations import contract_clock, on_evaluation_event
from audit.flags.operations.rules import contracts_past_due
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
