"""The competitions' scheduled duty: closing those past their closing time (every minute on `celery beat`)."""
from core.tasks import celery
from mall.competitions import operations as competitions


class CompetitionsLeftOpen(Exception):
    """Competitions that could not be closed: the next run tries them again."""


@celery.task(name="mall.close_due")
def close_due():
    """Close every competition past its closing time, one by one; those that fail are left for the next run and
    the task fails with their ids (listed at /admin/tasks), after closing the others."""
    failed = []
    closed = competitions.close_due(on_error=lambda competition_id, err: failed.append(competition_id))
    if failed:
        raise CompetitionsLeftOpen(f"competitions {failed} could not be closed; the others ({len(closed)}) were")
    return len(closed)
