"""Forms of the budget pages; payload() gives the API's input (mall.budgets.schemas)."""
from flask_babel import lazy_gettext as _
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired

from core.web import PageForm


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
