"""Forms of the catalogue pages; payload() gives the API's input (mall.catalogue.schemas)."""
from flask_babel import lazy_gettext as _
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from core.web import PageForm


class ProductForm(PageForm):
    name = StringField(_("Product name"), validators=[DataRequired()])
    category = SelectField(_("Category"), choices=[], validate_choice=False, validators=[DataRequired()])
    brand = StringField(_("Brand"), validators=[Optional()])
    model = StringField(_("Model"), validators=[Optional()])
    spec = StringField(_("Specification"), validators=[Optional()])
    unit = StringField(_("Unit"), validators=[DataRequired()])
    price = StringField(_("Price (yuan)"), validators=[DataRequired()])
    reference_price = StringField(_("Reference price (yuan)"), validators=[DataRequired()])
    reference_source = StringField(_("Source of the reference price"), validators=[Optional()])
    stock = IntegerField(_("Stock"), validators=[InputRequired()])

    def payload(self):
        return self.values("name", "category", "brand", "model", "spec", "unit", "price", "reference_price",
                           "reference_source", "stock")


class ProductEditForm(PageForm):
    price = StringField(_("Price (yuan)"), validators=[DataRequired()])
    reference_price = StringField(_("Reference price (yuan)"), validators=[DataRequired()])
    reference_source = StringField(_("Source of the reference price"), validators=[Optional()])
    stock = IntegerField(_("Stock"), validators=[InputRequired()])
    on_shelf = BooleanField(_("On the shelf"))

    def payload(self):
        return self.values("price", "reference_price", "reference_source", "stock") | {"on_shelf": self.on_shelf.data}


class SynonymsForm(PageForm):
    text = TextAreaField(_("Synonym groups, one per line"))

    def payload(self):
        return {"text": self.text.data or ""}
