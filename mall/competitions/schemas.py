"""API input and output of competitions and their sealed quotes."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import ID, LocalDateTime, MoneyField
from mall.budgets.schemas import OrgBrief, PageQuery
from mall.catalogue.schemas import MALL_PRICE_MAX
from mall.competitions.models import COMPETITION_STATUSES
from mall.orders.schemas import QUANTITY


class CompetitionIn(Schema):
    budget_id = fields.Integer(required=True, strict=True, validate=ID)
    title = fields.String(required=True, validate=validate.Length(min=2, max=200))
    category = fields.String(required=True, validate=validate.Length(min=1, max=20))
    quantity = fields.Integer(required=True, strict=True, validate=QUANTITY)
    spec = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    budget_amount = MoneyField(required=True)
    closes_at = LocalDateTime(required=True)


class CompetitionQuery(PageQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(COMPETITION_STATUSES))


class QuoteIn(Schema):
    unit_price = MoneyField(required=True, maximum=MALL_PRICE_MAX)
    product_id = fields.Integer(load_default=None, allow_none=True, strict=True, validate=ID)


class QuoteReceiptOut(Schema):
    """What a supplier sees of its own quote before the close: never its content."""

    quote_id = fields.Integer(attribute="id")
    competition_id = fields.Integer()
    receipt = fields.String()
    submitted_at = LocalDateTime()


class OpenedQuoteOut(Schema):
    quote_id = fields.Integer(attribute="id")
    supplier = fields.Function(lambda q: q.organization.name, metadata={"type": "string"})
    unit_price = MoneyField(allow_none=True)
    total = MoneyField(allow_none=True)
    receipt = fields.String()
    valid = fields.Boolean(allow_none=True)
    invalid_reason = fields.String(allow_none=True)
    submitted_at = LocalDateTime()


class CompetitionOut(Schema):
    """The public view: nothing about quotes (who, how many, prices) before the close."""

    id = fields.Integer()
    code = fields.String()
    status = fields.String()
    title = fields.String()
    category = fields.String(attribute="category_code")
    quantity = fields.Integer()
    spec = fields.String()
    budget_amount = MoneyField()
    closes_at = LocalDateTime()
    purchaser = fields.Nested(OrgBrief)
    created_at = LocalDateTime()
    closed_at = LocalDateTime(allow_none=True)
    failed_reason = fields.String(allow_none=True)


class CompetitionViewOut(CompetitionOut):
    """As the caller sees it: plus its own quote's receipt (suppliers), and after the close the
    opened quotes and the order (the purchasing unit, the center, the supervisor, the quoting suppliers)."""

    budget_id = fields.Integer()
    my_quote = fields.Nested(QuoteReceiptOut, allow_none=True)
    quotes = fields.List(fields.Nested(OpenedQuoteOut))
    order_id = fields.Integer(allow_none=True)
