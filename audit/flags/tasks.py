"""The red flags of an evaluation and an award, raised by a task that follows their commit: scoring the bids and
recomputing the flags of the project and of its purchasing unit's year need not share one request."""
from sqlalchemy.exc import IntegrityError, OperationalError

from audit.flags.operations import on_evaluation_event
from core.extensions import db
from core.lifecycle import lock_row
from core.tasks import after_commit, celery
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
