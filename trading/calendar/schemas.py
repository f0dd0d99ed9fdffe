"""API input and output of the working-day calendar."""
from marshmallow import Schema, fields

from core import validators as validate
from trading.calendar.models import DAY_KINDS
from trading.calendar.operations import FIRST_YEAR, LAST_YEAR, MAX_NAME

YEAR = validate.Range(min=FIRST_YEAR, max=LAST_YEAR)


class CalendarDayIn(Schema):
    date = fields.Date(required=True, attribute="day", data_key="date")
    kind = fields.String(required=True, validate=validate.OneOf(DAY_KINDS), metadata={
        "description": "holiday (法定节假日) or workday (调休: a weekend day worked)"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=MAX_NAME))


class CalendarYearIn(Schema):
    notice = fields.String(required=True, validate=validate.Length(min=1, max=200), metadata={
        "description": "the State Council's notice the days come from, e.g. 国办发明电〔2026〕7号"})
    days = fields.List(fields.Nested(CalendarDayIn), required=True, validate=validate.Length(min=1, max=366))


class CalendarDayOut(Schema):
    date = fields.Date(attribute="day", required=True)
    kind = fields.String(required=True, metadata={"enum": list(DAY_KINDS)})
    name = fields.String(required=True, metadata={
        "description": "the holiday's name in Chinese (国庆节), as the center entered it or from chinesecalendar"})


class CalendarYearOut(Schema):
    year = fields.Integer(required=True)
    source = fields.String(required=True, metadata={
        "enum": ["center", "package", "none"],
        "description": "center: entered by the trading center; package: chinesecalendar; none: no schedule, "
                       "Monday to Friday count and deadlines in this year are estimated"})
    notice = fields.String(allow_none=True)
    days = fields.List(fields.Nested(CalendarDayOut), required=True)
