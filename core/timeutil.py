"""Time zone handling: stored as naive UTC, shown and entered in the center's local time."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Asia/Shanghai"


def local_zone():
    name = current_app.config.get("TIMEZONE", DEFAULT_ZONE) if has_app_context() else DEFAULT_ZONE
    return ZoneInfo(name)


def to_local(moment):
    """Convert an aware datetime to the local zone."""
    return moment.astimezone(local_zone())


def local_minute(moment):
    """A moment as people read it, in the local zone to the minute: 2026-12-01 09:30."""
    return "" if moment is None else to_local(moment).strftime("%Y-%m-%d %H:%M")


def as_aware(moment):
    """Treat a naive datetime as local time; keep aware ones; return UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_zone())
    return moment.astimezone(timezone.utc)


def isoformat(moment):
    """ISO 8601 in local time with offset, to the second: 2026-12-01T09:30:00+08:00."""
    if moment is None:
        return None
    return to_local(moment).replace(microsecond=0).isoformat()


def parse_datetime(text):
    """Parse ISO 8601; a value without offset is local time."""
    return as_aware(datetime.fromisoformat(text))
