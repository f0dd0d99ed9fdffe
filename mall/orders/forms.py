"""Forms of the cart, order, acceptance and payment pages; payload() gives the API's input (mall.orders.schemas)."""
from flask_babel import lazy_gettext as _
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from core.web import PageForm


class CheckoutForm(PageForm):
    """One supplier's part of the cart; the view sets `items` from the cart."""

    supplier_id = IntegerField(validators=[InputRequired()])
    budget_id = SelectField(_("Budget line"), coerce=int)
    note = StringField(_("Note"), validators=[Optional()])
    items = ()

    def payload(self):
        return {"budget_id": self.budget_id.data, "items": list(self.items), "note": self.note.data or None}


class AcceptForm(PageForm):
    acceptance_date = DateField(_("Acceptance date"), validators=[Optional()])
    note = TextAreaField(_("Acceptance remarks"), validators=[DataRequired()])

    def payload(self):
        return {"acceptance_date": self.acceptance_date.data.isoformat() if self.acceptance_date.data else None,
                "note": self.note.data}


class PayForm(PageForm):
    amount = StringField(_("Amount paid (CNY)"), validators=[DataRequired()])
    payment_date = DateField(_("Payment date"), validators=[InputRequired()])
    invoice_number = StringField(_("Invoice number"), validators=[DataRequired()])
    payment_reference = StringField(_("Payment reference"), validators=[DataRequired()])

    def payload(self):
        data = self.values("amount", "invoice_number", "payment_reference")
        data["payment_date"] = self.payment_date.data.isoformat()
        return data
