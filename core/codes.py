"""Human-readable code sequences (2026-GC-0001, 2026-DD-000123): one counter per prefix."""
from flask import current_app
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.models import CodeSequence


def next_code(prefix, width=4, gapless=True):
    """The next code for `prefix`; the counter row is locked, so concurrent callers never share one.

    The first caller of a new prefix creates its counter in a savepoint: a parallel caller that
    created it first makes that insert fail, and the counter is then read and locked like any other.

    `gapless=False` (PostgreSQL): the counter is advanced in its own short transaction, committed at
    once, so that concurrent callers do not wait for each other's whole transaction (mall orders: the
    lock held until commit made every order wait for the one before); a caller that rolls back leaves
    a gap in the codes. SQLite (one writer at a time anyway) keeps the locked counter."""
    if not gapless and db.session.get_bind().dialect.name == "postgresql":
        with _counter_engine().begin() as connection:
            last = connection.execute(text(
                "INSERT INTO code_sequence (prefix, last) VALUES (:prefix, 1) "
                "ON CONFLICT (prefix) DO UPDATE SET last = code_sequence.last + 1 RETURNING last"),
                {"prefix": prefix}).scalar_one()
        return f"{prefix}-{last:0{width}d}"
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


def _counter_engine():
    """The engine of the counters taken apart: its own small pool, so that a request holding its session's
    connection never waits for another connection of the same pool (many parallel requests would then
    hold them all and wait for each other); a counter's connection is held for one statement."""
    engines = current_app.extensions.setdefault("code_counter_engines", {})
    url = db.engine.url
    if url not in engines:
        engines[url] = create_engine(url, pool_size=2, max_overflow=20, pool_timeout=30)
    return engines[url]
