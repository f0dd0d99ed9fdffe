"""The opening calendar (开标日程): published projects by the day of their bid deadline (= opening)."""
from datetime import date, timedelta

from flask import Blueprint, render_template, request

from core import clock
from core.timeutil import to_local
from trading.calendar.operations import openings

web = Blueprint("trading_schedule", __name__)
VIEWS = {"days": 30, "week": 7, "month": None}


def _start(view, day):
    if view == "week":
        return day - timedelta(days=day.weekday())
    if view == "month":
        return day.replace(day=1)
    return day


def _end(view, start):
    if view == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=VIEWS[view])


def _previous(view, start):
    if view == "month":
        return (start - timedelta(days=1)).replace(day=1)
    return start - timedelta(days=VIEWS[view])


@web.get("/calendar")
def calendar():
    view = request.args.get("view", "days")
    view = view if view in VIEWS else "days"
    try:
        day = date.fromisoformat(request.args.get("start", ""))
        if not date(2000, 1, 1) <= day <= date(2999, 1, 1):
            raise ValueError
    except ValueError:
        day = to_local(clock.now()).date()
    start = _start(view, day)
    end = _end(view, start)
    return render_template("trading/calendar/calendar.html", view=view, start=start, end=end, days=openings(start, end),
                           previous=_previous(view, start), following=end, last_day=end - timedelta(days=1),
                           today=to_local(clock.now()).date())
