"""Forms of the tender pages; payload() gives the API's input (trading.tender.schemas)."""
import base64

from flask_babel import lazy_gettext as _
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.forms import code_choices
from core.timeutil import local_zone, to_local
from core.web import PageForm
from trading.tender.models import CATEGORIES, METHODS, PRICE_METHODS
from trading.tender.models import WEIGHT_NAMES as WEIGHTS
from trading.tender.operations.bid_sealing import BID_PARTS

CRITERIA_ROWS = 6
DATETIME_LOCAL = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


class CriterionForm(Form):
    """One row of the technical criteria; a blank row is ignored."""

    name = StringField(_("Criterion"), filters=[lambda v: v.strip() if isinstance(v, str) else v],
                       validators=[Optional(), Length(max=100)])
    max = DecimalField(_("Maximum points"), places=None, validators=[Optional()])

    @property
    def is_blank(self):
        return not self.name.data and self.max.data is None

    def validate(self, extra_validators=None):
        """A row gives both a name and a maximum, or neither."""
        valid = super().validate(extra_validators)
        if self.max.data is not None and not self.name.data:
            self.name.errors.append(_("Give the criterion a name."))
            valid = False
        if self.name.data and self.max.data is None and not self.max.errors:
            self.max.errors.append(_("Give the criterion's maximum points."))
            valid = False
        return valid


class ProjectForm(PageForm):
    """Project registration (进场登记): every field of ProjectIn, the evaluation flattened."""

    error_groups = ("evaluation_weights",)

    title = StringField(_("Title"), validators=[DataRequired()])
    description = TextAreaField(_("Description"), validators=[Optional()])
    category = SelectField(_("Category"), choices=code_choices(CATEGORIES))
    method = SelectField(_("Procurement method"), choices=code_choices(METHODS))
    budget = StringField(_("Budget (CNY)"), validators=[DataRequired()])
    ceiling_price = StringField(_("Ceiling price (CNY)"), validators=[DataRequired()])
    deposit = StringField(_("Bid deposit (CNY)"), validators=[Optional()])
    signup_deadline = DateTimeLocalField(_("Sign-up deadline"), format=DATETIME_LOCAL, tz=local_zone,
                                         validators=[InputRequired()])
    bid_deadline = DateTimeLocalField(_("Bid deadline (and opening)"), format=DATETIME_LOCAL, tz=local_zone,
                                      validators=[InputRequired()])
    responsible_person = StringField(_("Responsible person"), validators=[DataRequired()])
    responsible_phone = StringField(_("Responsible person's phone"), validators=[Optional()])
    evaluation_weights_credit = DecimalField(_("Credit"), places=None, validators=[InputRequired()])
    evaluation_weights_technical = DecimalField(_("Technical"), places=None, validators=[InputRequired()])
    evaluation_weights_commercial = DecimalField(_("Commercial (price)"), places=None, validators=[InputRequired()])
    evaluation_price_method = SelectField(_("Price scoring method"), choices=code_choices(PRICE_METHODS))
    evaluation_k = DecimalField(_("k (base price factor, e.g. 0.97)"), places=None, validators=[Optional()])
    evaluation_up_deduction = DecimalField(_("Points off per 1% above the base"), places=None,
                                           validators=[Optional()])
    evaluation_down_deduction = DecimalField(_("Points off per 1% below the base"), places=None,
                                             validators=[Optional()])
    evaluation_sme_deduction = DecimalField(_("SME price deduction (价格扣除, a fraction of the price)"), places=None,
                                            validators=[Optional()])
    evaluation_trim = BooleanField(_("Drop the highest and lowest expert totals (5 or more experts)"))
    evaluation_technical_criteria = FieldList(FormField(CriterionForm), min_entries=CRITERIA_ROWS)
    evaluation_panel_size = IntegerField(_("Panel size (experts)"), validators=[InputRequired()])
    evaluation_expert_specialty = SelectField(_("Expert specialty"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        from scoring.pool.operations import specialty_choices

        super().__init__(*args, **kwargs)
        self.evaluation_expert_specialty.choices = specialty_choices(self.evaluation_expert_specialty.data)

    def payload(self):
        data = self.values("title", "description", "category", "method", "budget", "ceiling_price",
                           "responsible_person", "responsible_phone")
        data["deposit"] = self.deposit.data or None
        # As entered, with its offset: the schema converts to UTC and refuses years out of range.
        for name in ("signup_deadline", "bid_deadline"):  # None when the field itself is invalid
            data[name] = self[name].data.isoformat() if self[name].data else None
        data["evaluation"] = {
            "weights": {name: self[f"evaluation_weights_{name}"].data for name in WEIGHTS},
            "price_method": self.evaluation_price_method.data,
            "k": self.evaluation_k.data,
            "up_deduction": self.evaluation_up_deduction.data,
            "down_deduction": self.evaluation_down_deduction.data,
            "sme_deduction": self.evaluation_sme_deduction.data,
            "trim": self.evaluation_trim.data,
            "technical_criteria": [
                {"name": row.form["name"].data, "max": row.form["max"].data}
                for row in self.evaluation_technical_criteria if not row.form.is_blank
            ],
            "panel_size": self.evaluation_panel_size.data,
            "expert_specialty": self.evaluation_expert_specialty.data,
        }
        return data

    @staticmethod
    def initial(project=None, responsible_person=None):
        """Field values for a new registration, or for editing `project`."""
        if project is None:
            return {"responsible_person": responsible_person, "evaluation_trim": True,
                    "evaluation_price_method": "lowest"}
        settings = project.evaluation
        data = {name: getattr(project, name) for name in (
            "title", "description", "category", "method", "budget", "ceiling_price", "deposit",
            "responsible_person", "responsible_phone")}
        data["signup_deadline"] = to_local(project.signup_deadline)
        data["bid_deadline"] = to_local(project.bid_deadline)
        data.update({f"evaluation_weights_{name}": value for name, value in settings.weights.as_dict().items()})
        data.update({f"evaluation_{name}": getattr(settings, name) for name in (
            "price_method", "k", "up_deduction", "down_deduction", "sme_deduction", "trim", "panel_size",
            "expert_specialty")})
        data["evaluation_technical_criteria"] = [{"name": c.name, "max": c.max} for c in settings.technical_criteria]
        return data


class BidForm(PageForm):
    price = StringField(_("Bid price (CNY)"), validators=[DataRequired()])
    technical_proposal = TextAreaField(_("Technical proposal"), validators=[DataRequired()])
    # One upload field per part of the bid (BID_PARTS): the panel sees the technical documents only.
    technical_documents = MultipleFileField(_("Technical documents (optional)"))
    commercial_documents = MultipleFileField(_("Commercial documents (optional)"))
    qualification_documents = MultipleFileField(_("Qualification documents (optional)"))
    sme = BooleanField(_("We are a small or micro enterprise: our SME declaration (中小企业声明函) is in the "
                         "commercial documents, and the project's SME price deduction applies to our price"))
    # The deposit record (保证金), sealed with the bid.
    deposit_method = SelectField(_("Deposit given by"), choices=[
        SelectChoice("", _("No deposit")), SelectChoice("transfer", _("Bank transfer to the center's deposit account")),
        SelectChoice("guarantee", _("Electronic guarantee (电子保函)"))], default="")
    deposit_amount = StringField(_("Deposit amount (CNY)"), validators=[Optional()])
    deposit_reference = StringField(_("Bank reference or guarantee number"), validators=[Optional()])
    deposit_issuer = StringField(_("Paying bank or guarantee issuer"), validators=[Optional()])
    # A price above the (public) ceiling makes the bid invalid at opening: sealed only when confirmed.
    confirm_over_ceiling = BooleanField(_("I know the price is above the ceiling price and the bid will be invalid; "
                                          "seal it anyway."))

    def payload(self):
        return {
            "price": self.price.data,
            "sme": bool(self.sme.data),
            "deposit": {"method": self.deposit_method.data, "amount": self.deposit_amount.data,
                        "reference": self.deposit_reference.data, "issuer": self.deposit_issuer.data or None}
            if self.deposit_method.data else None,
            "technical_proposal": self.technical_proposal.data,
            "documents": [
                {"name": f.filename, "part": part, "content_base64": base64.b64encode(f.read()).decode("ascii")}
                for part in BID_PARTS for f in getattr(self, f"{part}_documents").data or () if f and f.filename],
        }
