"""One way to change status: lock the row, check the transition, set it, record it in the trail.

Each lifecycle (projects; evaluations, orders and competitions next) is a `Lifecycle` with its
allowed transitions; operations check who may act first (403), then call `change` (409 when the
object's status does not allow the step).
"""
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from core.errors import Code, Conflict
from core.extensions import db
from core.trail import record_event


def lock_row(obj):
    """Lock the object's row (SELECT … FOR UPDATE) and re-read it.

    The lock is taken on the row alone, so an object loaded with eager outer joins (which
    PostgreSQL cannot lock FOR UPDATE) can be locked too."""
    db.session.flush()
    model = type(obj)
    db.session.execute(select(model.id).where(model.id == obj.id).with_for_update())
    db.session.refresh(obj)
    return obj


def update_where(obj, condition, read=(), **values):
    """One statement: UPDATE the object's row SET `values` WHERE `condition` holds (a guard such as
    "enough stock", or None), so that concurrent callers never overdraw; returns whether the row matched.

    On a match the object carries the row's new values of `values` and of the columns named in `read`
    (RETURNING), with no re-read."""
    model = type(obj)
    names = [*values, *(name for name in read if name not in values)]
    guard = [condition] if condition is not None else []
    row = db.session.execute(
        update(model).where(model.id == obj.id, *guard).values(**values)
        .returning(*(getattr(model, name) for name in names)).execution_options(synchronize_session=False)
    ).first()
    if row is None:
        return False
    for name, value in zip(names, row):
        set_committed_value(obj, name, value)
    return True


class Lifecycle:
    def __init__(self, object_name, transitions):
        """`transitions` maps each status to the statuses it may move to."""
        self.object_name = object_name
        self.transitions = {status: frozenset(targets) for status, targets in transitions.items()}

    def allows(self, current, target):
        return target in self.transitions.get(current, ())

    def statuses_leading_to(self, target):
        return sorted(status for status, targets in self.transitions.items() if target in targets)

    def change(self, obj, target, actor, action, changes=None, details=None, before=None):
        """Move `obj` to `target`: lock and re-read its row, refuse a transition its current status
        does not allow, set the status and the other columns in `changes` (timestamps, reasons),
        and append the event: the status before (plus `before`, e.g. the values being replaced)
        and after (plus `details` such as a reason)."""
        lock_row(obj)
        current = obj.status
        if not self.allows(current, target):
            raise Conflict("wrong_status", "This cannot be done while the %(object)s is %(status)s.",
                           object=Code(self.object_name), status=Code(current))
        obj.status = target
        for name, value in (changes or {}).items():
            setattr(obj, name, value)
        record_event(obj, action, actor, {"status": current} | (before or {}), {"status": target} | (details or {}))
        return obj
