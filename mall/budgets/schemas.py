"""API input and output of budget lines (and the paging and organisation briefs of the mall's lists)."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import ID, MAX_PAGE, MoneyField

YEAR = validate.Range(min=2000, max=2999)


class PageQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class BudgetIn(Schema):
    organization_id = fields.Integer(required=True, strict=True, validate=ID)
    year = fields.Integer(required=True, strict=True, validate=YEAR)
    code = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9_.\-]{1,40}$", error="1 to 40 letters, digits, '.', '_' or '-'"))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    amount = MoneyField(required=True)


class BudgetUpdateIn(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    amount = MoneyField()


class BudgetQuery(PageQuery):
    organization_id = fields.Integer(load_default=None, validate=ID)
    year = fields.Integer(load_default=None, validate=YEAR)


class OrgBrief(Schema):
    id = fields.Integer()
    name = fields.String()


class BudgetOut(Schema):
    id = fields.Integer()
    organization = fields.Nested(OrgBrief)
    year = fields.Integer()
    code = fields.String()
    name = fields.String()
    amount = MoneyField()
    reserved = MoneyField()
    spent = MoneyField()
    available = MoneyField()
