"""Forms of the budget, cart, order and competition pages; payload() gives the API's input (mall.order_schemas)."""
from flask_babel import lazy_gettext as _
from wtforms import DateField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from core.timeutil import local_zone
from core.web import PageForm

DATETIME_LOCAL = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


class BudgetForm(PageForm):
    organization_id = SelectField(_("Purchasing unit"), coerce=int)
    year = IntegerField(_("Year"), validators=[InputRequired()])
    code = StringField(_("Budget code"), validators=[DataRequired()])
    name = StringField(_("Name"), validators=[DataRequired()])
    amount = StringField(_("Amount (CNY)"), validators=[DataRequired()])

    def payload(self):
        return self.values("organization_id", "year", "code", "name", "amount")


class BudgetEditForm(PageForm):
    name = StringField(_("Name"), validators=[DataRequired()])
    amount = StringField(_("Amount (CNY)"), validators=[DataRequired()])

    def payload(self):
        return self.values("name", "amount")


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


class CompetitionForm(PageForm):
    budget_id = SelectField(_("Budget line"), coerce=int)
    title = StringField(_("Title"), validators=[DataRequired()])
    category = SelectField(_("Category"))
    quantity = IntegerField(_("Quantity"), validators=[InputRequired()])
    spec = TextAreaField(_("Specification"), validators=[DataRequired()])
    budget_amount = StringField(_("Budget amount, the price cap (CNY)"), validators=[DataRequired()])
    closes_at = DateTimeLocalField(_("Closes at"), format=DATETIME_LOCAL, tz=local_zone, validators=[InputRequired()])

    def payload(self):
        data = self.values("budget_id", "title", "category", "quantity", "spec", "budget_amount")
        data["closes_at"] = self.closes_at.data.isoformat()
        return data


class QuoteForm(PageForm):
    unit_price = StringField(_("Unit price (CNY)"), validators=[DataRequired()])
    product_id = SelectField(_("Your product (optional)"), coerce=lambda v: int(v) if v else None)

    def payload(self):
        return {"unit_price": self.unit_price.data, "product_id": self.product_id.data}
