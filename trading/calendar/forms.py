"""The form of a year's working-day calendar: the notice, and one line per day."""
from flask_babel import lazy_gettext as _
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired

from core.web import PageForm


class CalendarYearForm(PageForm):
    notice = StringField(_("The State Council's notice"), validators=[DataRequired()])
    days = TextAreaField(_("Holidays and make-up working days, one a line: date, holiday or workday, name"),
                         validators=[DataRequired()])

    @staticmethod
    def lines(days):
        return "\n".join(f"{d['day'].isoformat()},{d['kind']},{d['name']}" for d in days)
