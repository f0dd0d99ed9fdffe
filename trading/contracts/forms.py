"""Forms of the contract page; payload() gives the API's input (trading.contracts.schemas)."""
from flask_babel import lazy_gettext as _
from flask_wtf.file import FileField
from wtforms import DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from core.web import PageForm, file_payload


def _file(field):
    storage = field.data
    return file_payload(storage) if storage and getattr(storage, "filename", "") else None


def _day(field):
    return field.data.isoformat() if field.data else None


RATING_CHOICES = [SelectChoice("excellent", _("Excellent")), SelectChoice("good", _("Good")),
                  SelectChoice("fair", _("Fair")), SelectChoice("poor", _("Poor"))]
RESULT_CHOICES = [SelectChoice("passed", _("Passed")), SelectChoice("failed", _("Failed"))]


class ContractForm(PageForm):
    signed_on = DateField(_("Signed on"), validators=[InputRequired()])
    amount = StringField(_("Contract amount (CNY)"), validators=[DataRequired()])
    performance_bond = StringField(_("Performance bond (CNY, optional, at most 10 percent of the amount)"),
                                   validators=[Optional()])
    document = FileField(_("The signed contract (PDF)"))

    def payload(self):
        return {**self.values("amount", "performance_bond"), "signed_on": _day(self.signed_on),
                "document": _file(self.document)}


class SupplementForm(PageForm):
    signed_on = DateField(_("Signed on"), validators=[InputRequired()])
    amount = StringField(_("Amount added (CNY)"), validators=[DataRequired()])
    reason = TextAreaField(_("Reason"), validators=[DataRequired()])
    document = FileField(_("The signed supplementary contract (PDF)"))

    def payload(self):
        return {**self.values("amount", "reason"), "signed_on": _day(self.signed_on), "document": _file(self.document)}


class AcceptanceForm(PageForm):
    accepted_on = DateField(_("Acceptance date"), validators=[InputRequired()])
    result = SelectField(_("Result"), choices=RESULT_CHOICES)
    rating = SelectField(_("Performance rating"), choices=RATING_CHOICES, default="good")
    reason = TextAreaField(_("Reason for the rating"), validators=[DataRequired()])
    document = FileField(_("The acceptance report (PDF)"))

    def payload(self):
        return {**self.values("result", "rating", "reason"), "accepted_on": _day(self.accepted_on),
                "document": _file(self.document)}


class InspectionForm(PageForm):
    inspected_on = DateField(_("Inspection date"), validators=[InputRequired()])
    rating = SelectField(_("Performance rating"), choices=RATING_CHOICES, default="good")
    reason = TextAreaField(_("Reason for the rating"), validators=[DataRequired()])
    document = FileField(_("The inspection record (PDF, optional)"))

    def payload(self):
        return {**self.values("rating", "reason"), "inspected_on": _day(self.inspected_on),
                "document": _file(self.document)}


class PaymentForm(PageForm):
    paid_on = DateField(_("Payment date"), validators=[InputRequired()])
    amount = StringField(_("Amount paid (CNY)"), validators=[DataRequired()])
    reference = StringField(_("Payment reference"), validators=[DataRequired()])

    def payload(self):
        return {**self.values("amount", "reference"), "paid_on": _day(self.paid_on)}
