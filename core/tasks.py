"""Background work (domain.md: Background work) on Celery: what need not finish in a person's request runs as a
task that follows the request's commit, and the scheduled duties run on `celery beat`.

- `after_commit(task, *args)` queues a task on the current transaction: it is sent when the transaction commits,
  dropped when it rolls back, so a task never acts on facts that were not recorded.
- Production sends tasks to a broker (`CELERY_BROKER_URL`, default `REDIS_URL`) served by `celery -A core.worker
  worker` processes on any number of machines; with no broker configured (the embedded default, the tests) a task
  runs in process, right after the commit.
- A task runs in an app context with its own session and commits once; a transient database error (connection
  lost, deadlock, serialisation failure) retries it with backoff; a task that still fails is recorded as a
  TaskFailure, which the center lists at /admin/tasks and runs again.
- `each_in_turn(items, work)` walks a scheduled duty's items one by one, each in its own transaction: a failing
  item is logged and skipped, never stopping the rest.
"""
import logging

from celery import Celery, Task
from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from core import clock
from core.auth import acts_as_center, require
from core.errors import DomainError, NotFound
from core.extensions import db
from core.lifecycle import Lifecycle
from core.trail import record_event
from core.types import UTCDateTime

log = logging.getLogger(__name__)
QUEUED = "platform_tasks"  # the session.info key of the tasks waiting for the commit
COMMITTED = "platform_tasks_committed"  # those of a commit, sent once its transaction has ended
SAVEPOINTS = "platform_task_savepoints"  # and of how many were queued when each open savepoint began
MAX_ERROR = 2000
MAX_TRACE = 20000


class TaskFailure(db.Model):
    """A task that failed for good (after its retries): what ran, with what, and why; the center runs it again."""

    __tablename__ = "task_failure"
    WATCHED_FIELDS = ("status",)

    id = db.Column(db.Integer, primary_key=True)
    task = db.Column(db.String(200), nullable=False, index=True)
    args = db.Column(db.JSON, nullable=False)
    kwargs = db.Column(db.JSON, nullable=False)
    error = db.Column(db.String(MAX_ERROR), nullable=False)
    trace = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(12), nullable=False, default="failed", index=True)
    failed_at = db.Column(UTCDateTime, nullable=False, index=True)
    rerun_at = db.Column(UTCDateTime)
    rerun_by_id = db.Column(db.ForeignKey("user.id"))

    rerun_by = db.relationship("User")


TASK_LIFECYCLE = Lifecycle("task_failure", {"failed": ("rerun",)})


class FlaskTask(Task):
    """A task in an app context of its own (its own session), committed once; transient database errors retry."""

    autoretry_for = (OperationalError,)
    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 5
    ignore_result = True

    def __call__(self, *args, **kwargs):
        with task_app().app_context():
            try:
                result = self.run(*args, **kwargs)
                db.session.commit()
                return result
            except BaseException:
                db.session.rollback()
                raise

    def retry(self, *args, exc=None, **kwargs):
        """In process (no broker) a task is not retried: it fails once and is recorded (a retry there would run
        again at once, nested, and record a failure at every level)."""
        if self.request.is_eager and exc is not None:
            raise exc
        return super().retry(*args, exc=exc, **kwargs)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        with task_app().app_context():
            record_failure(self.name, args, kwargs, exc, str(einfo))


celery = Celery("platform", task_cls=FlaskTask)
_apps = []  # the Flask app of a worker process, set by core.worker


def task_app():
    """The app a task runs in: the caller's (in process), else the worker's."""
    return current_app._get_current_object() if has_app_context() else _apps[-1]


def init_app(app):
    """Configure Celery from the app: the broker, the schedule the modules registered, and in-process running
    when no broker is configured."""
    from core.plugins import registry_of

    broker = app.config.get("CELERY_BROKER_URL") or app.config.get("REDIS_URL")
    eager = not broker or app.config.get("TASKS_EAGER", False)
    celery.conf.update(
        broker_url=None if eager else broker, result_backend=None if eager else broker,
        task_always_eager=eager, task_eager_propagates=False, task_ignore_result=True,
        task_default_queue=app.config.get("CELERY_QUEUE", "platform"),
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True, timezone=app.config["TIMEZONE"], enable_utc=True,
        beat_schedule={name: {"task": task_name, "schedule": schedule}
                       for name, (task_name, schedule) in registry_of(app).schedules.items()},
    )
    # Celery keeps the broker connections, producers and queues it first made: an app configured anew (the tests
    # build many in one process) gets its own.
    celery._pool = None
    celery.__dict__.pop("amqp", None)
    app.extensions["celery"] = celery


def worker_app(app):
    """Make `app` the one a worker process runs its tasks in."""
    _apps.append(app)
    init_app(app)
    return celery


# -- Following the commit -------------------------------------------------------------------------------------------

def after_commit(task, *args, **kwargs):
    """Send `task(*args, **kwargs)` once the current transaction commits; nothing if it rolls back."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback before any statement drops the task too
    session.info.setdefault(QUEUED, []).append((task, args, kwargs))


@event.listens_for(Session, "after_transaction_create")
def _mark_savepoint(session, transaction):
    if transaction.nested:  # the tasks queued inside a savepoint go if it rolls back
        session.info.setdefault(SAVEPOINTS, {})[id(transaction)] = len(session.info.get(QUEUED, ()))


@event.listens_for(Session, "after_commit")
def _commit_queued(session):
    if session.in_nested_transaction():  # a savepoint released: its tasks wait for the real commit
        return
    session.info.pop(SAVEPOINTS, None)
    session.info.setdefault(COMMITTED, []).extend(session.info.pop(QUEUED, []))


@event.listens_for(Session, "after_transaction_end")
def _send_committed(session, transaction):
    """Send the committed transaction's tasks once it has given its connection back: a task run in process takes a
    connection of its own, and holding two per request would starve the pool under load."""
    if transaction.nested or transaction.parent is not None:
        return
    for task, args, kwargs in session.info.pop(COMMITTED, []):
        task.apply_async(args, kwargs)


@event.listens_for(Session, "after_soft_rollback")
def _drop_queued(session, previous_transaction):
    if previous_transaction.nested:
        mark = session.info.get(SAVEPOINTS, {}).pop(id(previous_transaction), None)
        if mark is not None:
            del session.info.get(QUEUED, [])[mark:]
        return
    session.info.pop(SAVEPOINTS, None)
    session.info.pop(QUEUED, None)


# -- Failures -------------------------------------------------------------------------------------------------------

def record_failure(name, args, kwargs, exc, trace):
    """Keep a task that failed for good, in a transaction of its own."""
    db.session.rollback()
    failure = TaskFailure(task=name, args=list(args or ()), kwargs=dict(kwargs or {}),
                          error=f"{type(exc).__name__}: {exc}"[:MAX_ERROR], trace=trace[-MAX_TRACE:],
                          status="failed", failed_at=clock.now())
    db.session.add(failure)
    db.session.flush()
    record_event(failure, "task.failed", None, after={"status": "failed", "task": name, "error": failure.error})
    db.session.commit()
    log.error("Task %s%r failed: %s", name, tuple(args or ()), failure.error)
    return failure


def failures(actor, status=None):
    """Select statement of the failed tasks, newest first, for the center."""
    require(acts_as_center(actor), message="Only the trading center sees the failed tasks.")
    stmt = select(TaskFailure).order_by(TaskFailure.failed_at.desc(), TaskFailure.id.desc())
    return stmt.where(TaskFailure.status == status) if status else stmt


def rerun(actor, failure_id):
    """Run a failed task again with the same arguments, once this request commits; a new failure is a new row."""
    require(acts_as_center(actor), message="Only the trading center runs a failed task again.")
    failure = db.session.get(TaskFailure, failure_id)
    if failure is None:
        raise NotFound(message="No such failed task.")
    task = celery.tasks.get(failure.task)
    if task is None:
        raise NotFound("no_such_task", "The task %(task)s no longer exists.", task=failure.task)
    TASK_LIFECYCLE.change(failure, "rerun", actor, "task.rerun", {"rerun_at": clock.now(), "rerun_by_id": actor.id})
    after_commit(task, *failure.args, **failure.kwargs)
    return failure


# -- Scheduled duties -----------------------------------------------------------------------------------------------

def each_in_turn(items, work, on_error=None):
    """Run `work(item)` for each item in a transaction of its own, returning the results of those that went
    through. A failing item is rolled back, logged (with its traceback unless it is a refusal of the rules) and
    reported to `on_error(item, err)`; the next item goes on, and the failed one is left for the next run."""
    done = []
    for item in items:
        try:
            result = work(item)
            db.session.commit()
            done.append(result)
        except Exception as err:  # noqa: BLE001 (one item's failure must not stop the others)
            db.session.rollback()
            if isinstance(err, DomainError):
                log.warning("%r was left for the next run: %s", item, err)
            else:
                log.exception("%r was left for the next run", item)
            if on_error:
                on_error(item, err)
    return done


# -- Core's tasks ---------------------------------------------------------------------------------------------------

@celery.task(name="trail.anchor")
def anchor():
    """Anchor the chain heads that moved since the last anchor (after an opening, an evaluation, an award, and
    every hour); nothing when none moved, so running it twice makes one anchor."""
    from core import trail

    if trail.heads_pending():
        trail.create_anchor()
