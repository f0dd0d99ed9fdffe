"""Forms of the competition pages; payload() gives the API's input (mall.competitions.schemas)."""
from flask_babel import lazy_gettext as _
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired

from core.timeutil import local_zone
from core.web import PageForm

DATETIME_LOCAL = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


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
