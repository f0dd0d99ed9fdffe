"""The amendment form; payload() gives the API's input (trading.amendments.schemas)."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import DateTimeLocalField, TextAreaField
from wtforms.validators import DataRequired, Optional

from core.timeutil import local_zone
from core.web import PageForm, file_payload
from trading.tender.forms import DATETIME_LOCAL


class AmendmentForm(PageForm):
    summary = TextAreaField(_l("What changes (published in the change notice)"), validators=[DataRequired()])
    bid_deadline = DateTimeLocalField(_l("New bid deadline (optional)"), format=DATETIME_LOCAL, tz=local_zone,
                                      validators=[Optional()])
    signup_deadline = DateTimeLocalField(_l("New sign-up deadline (optional)"), format=DATETIME_LOCAL, tz=local_zone,
                                         validators=[Optional()])
    documents = MultipleFileField(_l("New tender documents (optional)"))

    def payload(self):
        return {
            "summary": self.summary.data,
            "bid_deadline": self.bid_deadline.data.isoformat() if self.bid_deadline.data else None,
            "signup_deadline": self.signup_deadline.data.isoformat() if self.signup_deadline.data else None,
            "documents": [file_payload(f) for f in self.documents.data or () if f and f.filename],
        }
