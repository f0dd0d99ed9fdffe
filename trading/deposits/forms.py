"""Forms of the deposit pages; payload() gives the API's input (trading.deposits.schemas)."""
from flask_babel import lazy_gettext as _
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Optional

from core.web import PageForm


class CheckForm(PageForm):
    status = SelectField(_("Check result"), choices=[
        SelectChoice("confirmed", _("Confirmed: found in the bank statement or with the issuer")),
        SelectChoice("missing", _("Missing or short: the bid becomes invalid"))])
    note = StringField(_("Note (optional)"), validators=[Optional()])

    def payload(self):
        return self.values("status", "note")


class RefundForm(PageForm):
    refunded_on = DateField(_("Given back on"), validators=[InputRequired()])
    reference = StringField(_("Bank reference or guarantee release number"), validators=[InputRequired()])

    def payload(self):
        return {"refunded_on": self.refunded_on.data.isoformat() if self.refunded_on.data else None,
                "reference": self.reference.data}
