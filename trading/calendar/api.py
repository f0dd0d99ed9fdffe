"""JSON API of the working-day calendar: anyone reads a year; the center enters one."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.errors import NotFound
from core.openapi import doc
from core.schemas import load_json
from trading.calendar import operations as calendar
from trading.calendar.schemas import YEAR, CalendarYearIn, CalendarYearOut

api = Blueprint("calendar_api", __name__, url_prefix="/api/v1")


def _year(year):
    if not YEAR.min <= year <= YEAR.max:
        raise NotFound("no_such_year", "The calendar covers the years %(first)s to %(last)s.",
                       first=YEAR.min, last=YEAR.max)
    return year


@api.get("/calendar/<int:year>")
@doc("A year's holidays and make-up working days as the deadlines count them, and where they come from",
     response=CalendarYearOut, optional_auth=True, errors=(404,))
def get_year(year):
    return CalendarYearOut().dump(calendar.year_state(_year(year)))


@api.put("/calendar/<int:year>")
@api_roles("admin")
@doc("Enter a year's holidays and make-up working days from the State Council's notice; they replace the center's "
     "earlier entries for the year and override the package", CalendarYearIn, CalendarYearOut, errors=(404, 422))
def set_year(year):
    data = load_json(CalendarYearIn())
    calendar.set_year(api_user(), _year(year), data["notice"], data["days"])
    return CalendarYearOut().dump(calendar.year_state(year))
