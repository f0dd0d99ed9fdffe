"""The form of a year's working-day calendar: the notice, and one line per day."""
from flask_babel import get_locale
from flask_babel import lazy_gettext as _
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired

from core.web import PageForm
from trading.calendar.operations import LINE_WORDS


class CalendarYearForm(PageForm):
    notice = StringField(_("The State Council's notice"), validators=[DataRequired()])
    days = TextAreaField(_("Holidays and make-up working days, one a line: date, holiday or workday, name"),
                         validators=[DataRequired()])

    @staticmethod
    def line_words():
        """How a line names the kinds in the page's language: 放假 and 上班, or holiday and workday."""
        return LINE_WORDS["en" if get_locale().language == "en" else "zh"]

    @classmethod
    def lines(cls, days):
        words = cls.line_words()
        return "\n".join(f"{d['day'].isoformat()},{words[d['kind']]},{d['name']}" for d in days)
