"""API input and output of contracts, supplements, acceptances, inspections and payments."""
from datetime import date

from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import LocalDateTime, MoneyField, PageArgs
from trading.contracts.models import ACCEPTANCE_RESULTS, CONTRACT_STATUSES, RATINGS
from trading.tender.schemas import TENDER_MONEY_MAX, DocumentIn

# Dates outside these years are typing mistakes.
DATES = validate.Range(min=date(2000, 1, 1), max=date(2999, 12, 31))


def _date(**kwargs):
    return fields.Date(validate=DATES, **kwargs)


def _money(**kwargs):
    return MoneyField(maximum=TENDER_MONEY_MAX, **kwargs)


class ContractIn(Schema):
    signed_on = _date(required=True)
    amount = _money(required=True)
    performance_bond = _money(load_default=None, allow_none=True, allow_zero=True)
    document = fields.Nested(DocumentIn, required=True)


class SupplementIn(Schema):
    signed_on = _date(required=True)
    amount = _money(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    document = fields.Nested(DocumentIn, required=True)


class _CheckIn(Schema):
    rating = fields.String(required=True, validate=validate.OneOf(RATINGS))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class AcceptanceIn(_CheckIn):
    accepted_on = _date(required=True)
    result = fields.String(required=True, validate=validate.OneOf(ACCEPTANCE_RESULTS))
    document = fields.Nested(DocumentIn, required=True)


class InspectionIn(_CheckIn):
    inspected_on = _date(required=True)
    document = fields.Nested(DocumentIn, load_default=None, allow_none=True)


class PaymentIn(Schema):
    paid_on = _date(required=True)
    amount = _money(required=True)
    reference = fields.String(required=True, validate=validate.Length(min=1, max=100))


class ContractQuery(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(CONTRACT_STATUSES))


class FileOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)


class SupplementOut(Schema):
    id = fields.Integer(required=True)
    signed_on = fields.Date(required=True)
    amount = MoneyField(required=True)
    reason = fields.String(required=True)
    file = fields.Nested(FileOut, required=True)


class CheckOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": ["acceptance", "inspection"]})
    checked_on = fields.Date(required=True)
    result = fields.String(allow_none=True, metadata={"enum": [*ACCEPTANCE_RESULTS, None]})
    rating = fields.String(required=True, metadata={"enum": list(RATINGS)})
    reason = fields.String(required=True)
    credit_record_id = fields.Integer(allow_none=True)
    file = fields.Nested(FileOut, allow_none=True)


class PaymentOut(Schema):
    id = fields.Integer(required=True)
    paid_on = fields.Date(required=True)
    amount = MoneyField(required=True)
    reference = fields.String(required=True)


class TodoOut(Schema):
    what = fields.String(required=True, metadata={"enum": ["sign", "accept", "pay"]})
    due_on = fields.Date(allow_none=True)
    overdue = fields.Boolean(required=True)


class ContractOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    project_id = fields.Integer(required=True)
    bid_id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"enum": list(CONTRACT_STATUSES)})
    purchaser = fields.Function(lambda c: {"id": c.purchaser_id, "name": c.purchaser.name}, required=True,
                                metadata={"type": "object"})
    supplier = fields.Function(lambda c: {"id": c.supplier_id, "name": c.supplier.name}, required=True,
                               metadata={"type": "object"})
    award_amount = MoneyField(required=True)
    awarded_at = LocalDateTime(required=True)
    sign_due_on = fields.Date(required=True)
    signed_on = fields.Date(allow_none=True)
    amount = MoneyField(allow_none=True)
    performance_bond = MoneyField(allow_none=True)
    file = fields.Nested(FileOut, attribute="signed_file", allow_none=True)
    notice_id = fields.Integer(allow_none=True)
    publish_due_on = fields.Date(allow_none=True)
    publish_due_estimated = fields.Boolean(required=True, metadata={
        "description": "the deadline was counted Monday to Friday: the calendar has no holidays for its year"})
    published_late = fields.Boolean(required=True)
    supplements_total = MoneyField(required=True)
    total = MoneyField(required=True)
    paid_total = MoneyField(required=True)
    unpaid = MoneyField(required=True)
    accepted_on = fields.Date(allow_none=True)
    payment_due_on = fields.Date(allow_none=True)
    supplements = fields.List(fields.Nested(SupplementOut), required=True)
    checks = fields.List(fields.Nested(CheckOut), required=True)
    payments = fields.List(fields.Nested(PaymentOut), required=True)
    todos = fields.Method("_todos", metadata={"type": "array", "items": {"type": "object"}})

    def _todos(self, contract):
        from core import clock
        from trading.contracts.operations import todos

        return TodoOut(many=True).dump(todos(contract, clock.today()))
