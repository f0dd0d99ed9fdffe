"""Human-readable code sequences (2026-GC-0001, 2026-DD-000123): one counter per prefix."""
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.models import CodeSequence


def next_code(prefix, width=4):
    """The next code for `prefix`; the counter row is locked, so concurrent callers never share one.

    The first caller of a new prefix creates its counter in a savepoint: a parallel caller that
    created it first makes that insert fail, and the counter is then read and locked like any other."""
    counter = db.session.get(CodeSequence, prefix, with_for_update=True)
    if counter is None:
        try:
            with db.session.begin_nested():
                db.session.add(CodeSequence(prefix=prefix, last=0))
        except IntegrityError:
            pass
        counter = db.session.get(CodeSequence, prefix, with_for_update=True, populate_existing=True)
    counter.last += 1
    db.session.flush()
    return f"{prefix}-{counter.last:0{width}d}"
