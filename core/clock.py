"""The one source of "now": every deadline check calls now(), so tests can move time."""
from contextlib import contextmanager
from datetime import datetime, timezone


def _system_now():
    return datetime.now(timezone.utc)


_source = _system_now


def now():
    """Return the current time as an aware UTC datetime."""
    return _source()


def set_source(source):
    """Replace the time source (tests); pass None to restore the system clock."""
    global _source
    _source = source or _system_now


@contextmanager
def frozen_at(moment):
    """Run a block as if it were `moment` (back-dated demo data), then restore the source."""
    global _source
    previous = _source
    _source = lambda: moment  # noqa: E731
    try:
        yield
    finally:
        _source = previous


def today():
    """Return today's date in the trading center's local time zone."""
    from core.timeutil import to_local

    return to_local(now()).date()
