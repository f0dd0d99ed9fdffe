"""The PRC working-day calendar (法定节假日 and 调休 make-up working days) in the center's time zone, and the
openings of the opening calendar (开标日程) by day.

A year's holidays and make-up working days come from the center's own entries when it made them (the State
Council's notice, entered once a year), else from the `chinesecalendar` package; for a year neither covers,
Monday to Friday count, and the deadlines computed in it say so ("estimated").
"""
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

import chinese_calendar
from flask import g, has_app_context
from sqlalchemy import or_, select

from core import clock
from core.auth import acts_as_center, require
from core.errors import ValidationFailed, message
from core.extensions import db
from core.timeutil import local_zone, to_local
from core.trail import record_event
from trading.calendar.models import DAY_KINDS, CalendarDay, CalendarYear
from trading.tender.models import Project

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_NAME = 50


class YearDays(NamedTuple):
    holidays: dict  # date -> name
    workdays: dict  # date -> name (make-up working days on a weekend)


def center_year(year):
    """The center's entries for `year` ({holidays, workdays}), or None; read once per request or task."""
    cache = g.setdefault("calendar_years", {}) if has_app_context() else {}
    if year not in cache:
        row = db.session.scalar(select(CalendarYear).where(CalendarYear.year == year))
        cache[year] = None if row is None else YearDays(
            {d.day: d.name for d in row.days if d.kind == "holiday"},
            {d.day: d.name for d in row.days if d.kind == "workday"})
    return cache[year]


def is_working_day(day):
    """Whether the local date `day` is a working day (a 调休 Saturday is; a holiday Monday is not)."""
    entries = center_year(day.year)
    if entries is not None:
        return day in entries.workdays or (day.weekday() < 5 and day not in entries.holidays)
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def has_schedule(day):
    """Whether the calendar knows the holidays of `day`'s year (else Monday to Friday count)."""
    return source_of(day.year) != "none"


def source_of(year):
    """Where `year`'s holidays come from: "center", "package" (chinesecalendar) or "none"."""
    if center_year(year) is not None:
        return "center"
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return "none"
    return "package"


# chinesecalendar names its holidays in English ("Spring Festival"); the center's entries, and the pages, in
# Chinese (春节). The English name is kept for the English pages.
PACKAGE_NAMES = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}


def year_days(year):
    """[{day, kind, name, name_en}] of `year`'s holidays and make-up working days as the calendar counts them:
    the names in Chinese, with the package's English name where it has one (else the same name)."""
    entries = center_year(year)
    if entries is None:
        if source_of(year) == "none":
            return []
        entries = YearDays({d: n for d, n in chinese_calendar.holidays.items() if d.year == year},
                           {d: n for d, n in chinese_calendar.workdays.items() if d.year == year})
    days = [{"day": d, "kind": "holiday", "name": PACKAGE_NAMES.get(n, n), "name_en": n}
            for d, n in entries.holidays.items()]
    days += [{"day": d, "kind": "workday", "name": PACKAGE_NAMES.get(n, n), "name_en": n}
             for d, n in entries.workdays.items()]
    return sorted(days, key=lambda item: item["day"])


def get_year(year):
    return db.session.scalar(select(CalendarYear).where(CalendarYear.year == year))


def set_year(actor, year, notice, days):
    """The center enters a year's holidays and make-up working days from the State Council's notice; they replace
    what it entered before for that year and override the package. `days`: [{day, kind, name}]."""
    require(acts_as_center(actor), "not_center", "Only the trading center keeps the working-day calendar.")
    problems = {}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        problems["year"] = [message("must be from %(first)s to %(last)s", first=FIRST_YEAR, last=LAST_YEAR)]
    notice = (notice or "").strip()
    if not notice or len(notice) > 200:
        problems["notice"] = [message("Give the State Council's notice (at most 200 characters).")]
    seen = set()
    for index, item in enumerate(days):
        field = f"days.{index}"
        day, kind, name = item["day"], item["kind"], (item.get("name") or "").strip()
        if day.year != year:
            problems[field] = [message("%(day)s is not in %(year)s", day=day.isoformat(), year=year)]
        elif day in seen:
            problems[field] = [message("%(day)s is given twice", day=day.isoformat())]
        elif kind not in DAY_KINDS:
            problems[field] = [message("the kind is holiday or workday")]
        elif kind == "workday" and day.weekday() < 5:
            problems[field] = [message("%(day)s is a weekday: a make-up working day falls on a weekend",
                                       day=day.isoformat())]
        elif not name or len(name) > MAX_NAME:
            problems[field] = [message("name the holiday (at most %(max)s characters)", max=MAX_NAME)]
        seen.add(day)
    if not days:
        problems["days"] = [message("Give the year's holidays and make-up working days.")]
    if problems:
        raise ValidationFailed(problems, "The calendar was not saved.", "invalid_calendar")
    row = get_year(year)
    before = {"notice": row.notice, "days_sha256": row.days_sha256} if row else None
    if row is None:
        row = CalendarYear(year=year)
        db.session.add(row)
    row.notice, row.entered_at, row.entered_by_id = notice, clock.now(), getattr(actor, "id", None)
    row.days = [CalendarDay(day=item["day"], kind=item["kind"], name=item["name"].strip()) for item in days]
    db.session.flush()
    g.pop("calendar_years", None)  # deadlines computed from now on read the new entries
    record_event(row, "calendar.year_set", actor, before, {
        "year": year, "notice": notice, "days_sha256": row.days_sha256,
        "holidays": sum(1 for d in row.days if d.kind == "holiday"),
        "workdays": sum(1 for d in row.days if d.kind == "workday")})
    return row


# The words a line may name a day's kind with: the codes, and the Chinese the center's staff write (放假, 上班).
KIND_WORDS = {"holiday": "holiday", "workday": "workday", "放假": "holiday", "休": "holiday", "上班": "workday",
              "班": "workday"}
LINE_WORDS = {"zh": {"holiday": "放假", "workday": "上班"}, "en": {"holiday": "holiday", "workday": "workday"}}


def parse_days(text):
    """Lines "YYYY-MM-DD,holiday|workday,name" (commas or spaces; 放假 or 上班 for the kind) → [{day, kind, name}],
    with the problems of the lines that could not be read ({"days": [...]})."""
    days, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.replace("，", ",").replace(",", " ").split(None, 2)]
        try:
            day = date.fromisoformat(parts[0])
            kind, name = KIND_WORDS.get(parts[1]), parts[2] if len(parts) > 2 else ""
            if kind not in DAY_KINDS:
                raise ValueError(parts[1])
        except (ValueError, IndexError):
            problems.append(message("line %(number)s: write the date, holiday or workday, and the name",
                                    number=number))
            continue
        days.append({"day": day, "kind": kind, "name": name})
    return days, problems


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
    return any(source_of(year) == "none" for year in range(start.year, end.year + 1))


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
    """{day: [projects]} of the openings falling in [start, end): those to come (published projects) and those
    held, which stay on the calendar as a public record whatever the project became since (evaluated, awarded,
    failed...). A project never published, or cancelled or terminated before its opening, has none."""
    projects = db.session.scalars(
        select(Project).where(or_(Project.status == "published", Project.opened_at.is_not(None)),
                              Project.bid_deadline >= _moment(start), Project.bid_deadline < _moment(end))
        .order_by(Project.bid_deadline, Project.id)).all()
    days = {}
    for project in projects:
        days.setdefault(to_local(project.bid_deadline).date(), []).append(project)
    return days


class GridDay(NamedTuple):
    day: date
    in_period: bool
    working: bool
    openings: list

    @property
    def make_up(self):
        """A weekend day worked (调休)."""
        return self.working and self.day.weekday() >= 5


def calendar_weeks(start, end):
    """The whole weeks, Monday to Sunday, that cover the days [start, end): [[GridDay] * 7], each day with
    whether it falls in [start, end), whether it is a working day, and its openings."""
    first = start - timedelta(days=start.weekday())
    following = end + timedelta(days=-end.weekday() % 7)
    found = openings(first, following)
    days = [first + timedelta(days=n) for n in range((following - first).days)]
    grid = [GridDay(day, start <= day < end, is_working_day(day), found.get(day, [])) for day in days]
    return [grid[n:n + 7] for n in range(0, len(grid), 7)]


def year_state(year):
    """The calendar of `year` as its page and API show it."""
    row = get_year(year)
    return {"year": year, "source": source_of(year), "notice": row.notice if row else None,
            "entered_at": row.entered_at if row else None, "days": year_days(year)}
