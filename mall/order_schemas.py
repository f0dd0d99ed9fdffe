"""API input and output for budget lines, orders and competitions."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import ID, MAX_PAGE, LocalDateTime, MoneyField
from mall.order_models import CHANNELS, COMPETITION_STATUSES, ORDER_STATUSES

QUANTITY = validate.Range(min=1, max=1_000_000)
YEAR = validate.Range(min=2000, max=2999)


class PageQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


# -- Budgets ----------------------------------------------------------------------------------


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


# -- Orders -----------------------------------------------------------------------------------


class OrderItemIn(Schema):
    product_id = fields.Integer(required=True, strict=True, validate=ID)
    quantity = fields.Integer(required=True, strict=True, validate=QUANTITY)


class OrderIn(Schema):
    budget_id = fields.Integer(required=True, strict=True, validate=ID)
    items = fields.List(fields.Nested(OrderItemIn), required=True, validate=validate.Length(min=1, max=100))
    note = fields.String(allow_none=True, validate=validate.Length(max=500))


class OrderQuery(PageQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(ORDER_STATUSES))
    channel = fields.String(load_default=None, validate=validate.OneOf(CHANNELS))


class AcceptIn(Schema):
    note = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    acceptance_date = fields.Date(load_default=None, allow_none=True)


class PayIn(Schema):
    amount = MoneyField(required=True)
    payment_date = fields.Date(required=True)
    invoice_number = fields.String(required=True, validate=validate.Length(min=1, max=60))
    payment_reference = fields.String(required=True, validate=validate.Length(min=1, max=100))


class RateIn(Schema):
    rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))


class OrderItemOut(Schema):
    product_id = fields.Integer(allow_none=True)
    category = fields.String(attribute="category_code")
    name = fields.String()
    unit = fields.String(allow_none=True)
    quantity = fields.Integer()
    unit_price = MoneyField()
    reference_price = MoneyField()
    line_total = MoneyField()


class OrderOut(Schema):
    id = fields.Integer()
    code = fields.String()
    channel = fields.String()
    status = fields.String()
    purchaser = fields.Nested(OrgBrief)
    supplier = fields.Nested(OrgBrief)
    budget_id = fields.Integer()
    competition_id = fields.Integer(allow_none=True)
    total = MoneyField()
    savings = MoneyField()
    note = fields.String(allow_none=True)
    items = fields.List(fields.Nested(OrderItemOut))
    placed_at = LocalDateTime()
    confirmed_at = LocalDateTime(allow_none=True)
    shipped_at = LocalDateTime(allow_none=True)
    accepted_at = LocalDateTime(allow_none=True)
    acceptance_date = fields.Date(allow_none=True)
    acceptance_note = fields.String(allow_none=True)
    accepted_by = fields.Function(lambda o: o.accepted_by.label if o.accepted_by else None,
                                  metadata={"type": "string", "nullable": True})
    paid_at = LocalDateTime(allow_none=True)
    paid_amount = MoneyField(allow_none=True)
    payment_date = fields.Date(allow_none=True)
    invoice_number = fields.String(allow_none=True)
    payment_reference = fields.String(allow_none=True)
    archived_at = LocalDateTime(allow_none=True)
    cancelled_at = LocalDateTime(allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    rating = fields.Integer(allow_none=True)


# -- Competitions -----------------------------------------------------------------------------


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
    unit_price = MoneyField(required=True)
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


class OrderEventOut(Schema):
    seq = fields.Integer()
    action = fields.String()
    actor = fields.String(attribute="actor_label", allow_none=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)
    created_at = LocalDateTime()
    hash = fields.String()


class OrderFileOut(Schema):
    """The order's whole file: the order with its acceptance and payment, and its trail chain."""

    order = fields.Nested(OrderOut, required=True)
    events = fields.List(fields.Nested(OrderEventOut), required=True)
