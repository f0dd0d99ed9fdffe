"""The opening calendar (开标日程): the openings to come and those held, by the day of their bid deadline
(= opening), as a list or a month grid; and the working-day calendar the center keeps (`/admin/calendar`)."""
from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core import clock
from core.auth import acts_as_center, page_roles, page_user
from core.errors import DomainError, ValidationFailed
from core.timeutil import to_local
from core.web import apply_domain_error
from trading.calendar import operations as working_days
from trading.calendar.forms import CalendarYearForm
from trading.calendar.operations import calendar_weeks, has_schedule, openings

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
    if view == "month":
        weeks = calendar_weeks(start, end)  # read with the openings of the grid's days
        days = {cell.day: cell.openings for week in weeks for cell in week if cell.in_period and cell.openings}
    else:
        weeks, days = None, openings(start, end)
    return render_template("trading/calendar/calendar.html", view=view, start=start, end=end, days=days, weeks=weeks,
                           previous=_previous(view, start), following=end, last_day=end - timedelta(days=1),
                           today=to_local(clock.now()).date(), scheduled=has_schedule(start),
                           to_local=to_local)


@web.get("/admin/calendar")
@page_roles("admin", "supervisor")
def working_day_years():
    this_year = to_local(clock.now()).year
    years = [working_days.year_state(year) for year in range(this_year - 1, this_year + 3)]
    return render_template("trading/calendar/years.html", years=years, this_year=this_year)


@web.route("/admin/calendar/<int:year>", methods=["GET", "POST"])
@page_roles("admin", "supervisor")
def working_day_year(year):
    if not working_days.FIRST_YEAR <= year <= working_days.LAST_YEAR:
        abort(404)
    state = working_days.year_state(year)
    form = CalendarYearForm(data={"notice": state["notice"], "days": CalendarYearForm.lines(state["days"])}
                            if state["source"] == "center" else None)
    if request.method == "POST" and form.validate_on_submit():
        days, problems = working_days.parse_days(form.days.data)
        try:
            if problems:
                raise ValidationFailed({"days": problems}, "The calendar was not saved.", "invalid_calendar")
            working_days.set_year(page_user(), year, form.notice.data, days)
        except DomainError as err:
            apply_domain_error(form, err)
        else:
            flash(_("The holidays of %(year)s are saved: deadlines falling in it count them from now on.", year=year),
                  "success")
            return redirect(url_for("trading_schedule.working_day_year", year=year))
    status = 422 if request.method == "POST" else 200
    return render_template("trading/calendar/year.html", state=state, form=form,
                           may_edit=acts_as_center(page_user())), status
