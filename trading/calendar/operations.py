"""The PRC working-day calendar (法定节假日 and 调休 make-up working days) in the center's time zone, and the
openings of the opening calendar (开标日程) by day.

Built on `chinesecalendar`; for a year its data does not cover yet, Monday to Friday count.
"""
from datetime import datetime, time, timedelta

import chinese_calendar
from sqlalchemy import select

from core.extensions import db
from core.timeutil import local_zone, to_local
from trading.tender.models import Project


def is_working_day(day):
    """Whether the local date `day` is a working day (a 调休 Saturday is; a holiday Monday is not)."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def has_schedule(day):
    """Whether the calendar knows the holidays of `day`'s year (else Monday to Friday count)."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def working_day_after(day, n):
    """The n-th working day after the date `day` (the date itself not counted; n >= 0)."""
    remaining = n
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def estimated_between(start, end):
    """Whether a deadline counted from `start` to `end` (dates) crossed a year with no holiday schedule."""
    return any(not has_schedule(start.replace(year=year, month=1, day=1)) for year in range(start.year, end.year + 1))


def add_working_days(moment, n):
    """The same local time of day on the n-th working day after `moment`'s local date (n >= 0)."""
    local = moment.astimezone(local_zone())
    day = working_day_after(local.date(), n)
    result = datetime.combine(day, local.timetz().replace(tzinfo=None)).replace(tzinfo=local_zone())
    return result.astimezone(moment.tzinfo)


def working_days_between(a, b):
    """Whole working days from `a` to `b`: the largest n with add_working_days(a, n) <= b (0 when b <= a)."""
    zone = local_zone()
    start, end = a.astimezone(zone), b.astimezone(zone)
    if end <= start:
        return 0
    count = 0
    day = start.date()
    while day < end.date():
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    if is_working_day(end.date()) and end.date() > start.date() and end.time() < start.time():
        count -= 1  # the last working day is not complete yet
    return count


def _moment(day):
    return datetime.combine(day, time(0), tzinfo=local_zone())


def openings(start, end):
    """{day: [projects]} of the published or opened projects whose opening falls in [start, end)."""
    projects = db.session.scalars(
        select(Project).where(Project.published_at.is_not(None), Project.status.in_(("published", "opened")),
                              Project.bid_deadline >= _moment(start), Project.bid_deadline < _moment(end))
        .order_by(Project.bid_deadline, Project.id)).all()
    days = {}
    for project in projects:
        days.setdefault(to_local(project.bid_deadline).date(), []).append(project)
    return days
