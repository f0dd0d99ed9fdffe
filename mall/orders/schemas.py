"""API input and output of orders."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import ID, LocalDateTime, MoneyField
from mall.budgets.schemas import OrgBrief, PageQuery
from mall.orders.models import CHANNELS, ORDER_STATUSES

QUANTITY = validate.Range(min=1, max=1_000_000)


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


class CartQuantityIn(Schema):
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=1_000_000), metadata={
        "description": "the quantity in the cart; 0 takes the product out"})


class CartLineOut(Schema):
    product_id = fields.Integer(required=True)
    name = fields.String(required=True)
    unit = fields.String(allow_none=True)
    unit_price = MoneyField(required=True)
    reference_price = MoneyField(required=True)
    quantity = fields.Integer(required=True)
    line_total = MoneyField(required=True)


class CartGroupOut(Schema):
    supplier = fields.Nested(OrgBrief, required=True)
    lines = fields.List(fields.Nested(CartLineOut), required=True)
    total = MoneyField(required=True)


class CartOut(Schema):
    """The purchaser's cart by supplier: one order buys one supplier's part."""

    groups = fields.List(fields.Nested(CartGroupOut), required=True)

    @staticmethod
    def of(groups):
        return CartOut().dump({"groups": [{
            "supplier": supplier, "total": total,
            "lines": [{"product_id": p.id, "name": p.name, "unit": p.unit, "unit_price": p.price,
                       "reference_price": p.reference_price, "quantity": quantity, "line_total": line_total}
                      for p, quantity, line_total in lines]} for supplier, lines, total in groups]})
