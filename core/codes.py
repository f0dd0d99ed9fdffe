"""Human-readable code sequences (2026-GC-0001, 2026-DD-000123): one counter per prefix."""
from core.extensions import db
from core.models import CodeSequence


def next_code(prefix, width=4):
    """The next code for `prefix`; the counter row is locked, so concurrent callers never share one."""
    counter = db.session.get(CodeSequence, prefix, with_for_update=True)
    if counter is None:
        counter = CodeSequence(prefix=prefix, last=0)
        db.session.add(counter)
    counter.last += 1
    db.session.flush()
    return f"{prefix}-{counter.last:0{width}d}"
