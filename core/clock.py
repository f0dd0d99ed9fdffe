"""The one source of "now": every deadline check calls now(), so tests can move time."""
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


def today():
    """Return today's date in the trading center's local time zone."""
    from core.timeutil import to_local

    return to_local(now()).date()
