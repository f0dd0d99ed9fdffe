"""API input and output of deposits: the center's check and refund, and the deposits list."""
from datetime import date

from marshmallow import Schema, fields

from core import clock
from core import validators as validate
from core.money import format_money
from core.schemas import LocalDateTime, MoneyField, PageArgs
from trading.deposits.models import CHECK_RESULTS, METHODS, REFUND_STATUSES, RELEASES
from trading.deposits.operations import interest_on


def _date(**kwargs):
    """A date; outside these years it is a typing mistake."""
    return fields.Date(validate=validate.Range(min=date(2000, 1, 1), max=date(2999, 12, 31)), **kwargs)


class CheckIn(Schema):
    status = fields.String(required=True, validate=validate.OneOf(CHECK_RESULTS), metadata={
        "description": "confirmed: found in the bank statement or with the guarantee's issuer; missing: not found "
                       "or short, which makes the bid invalid (deposit_missing)"})
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class RefundIn(Schema):
    refunded_on = _date(required=True)
    reference = fields.String(required=True, validate=validate.Length(min=1, max=100), metadata={
        "description": "the bank transfer's reference, or the guarantee's release number"})


class DepositQuery(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(REFUND_STATUSES),
                           metadata={"description": "the refund status: pending (not released yet), due, overdue, "
                                                    "refunded, none (missing: nothing to give back)"})
    project_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))


class DepositOut(Schema):
    id = fields.Integer(required=True)
    project_id = fields.Integer(required=True)
    project_code = fields.Function(lambda d: d.project.code, required=True)
    bid_id = fields.Integer(required=True)
    bidder = fields.Function(lambda d: {"id": d.organization_id, "name": d.organization.name}, required=True,
                             metadata={"type": "object"})
    method = fields.String(allow_none=True, metadata={"enum": [*METHODS, None]})
    amount = MoneyField(allow_none=True)
    required_amount = MoneyField(attribute="required", required=True)
    reference = fields.String(allow_none=True)
    issuer = fields.String(allow_none=True)
    check_status = fields.String(attribute="status", required=True, metadata={
        "enum": ["declared", "confirmed", "missing", "refunded"]})
    check_note = fields.String(allow_none=True)
    checked_at = LocalDateTime(allow_none=True)
    status = fields.Method("_status", metadata={"enum": list(REFUND_STATUSES), "description": "the refund status"})
    released_by = fields.String(allow_none=True, metadata={"enum": [*RELEASES, None]})
    released_on = fields.Date(allow_none=True)
    due_on = fields.Date(attribute="refund_due_on", allow_none=True)
    due_estimated = fields.Boolean(attribute="refund_due_estimated", required=True, metadata={
        "description": "the due date was counted Monday to Friday: the calendar has no holidays for its year"})
    refunded_on = fields.Date(allow_none=True)
    refund_reference = fields.String(allow_none=True)
    late_days = fields.Method("_late_days", metadata={"type": "integer"})
    interest = fields.Method("_interest", metadata={"type": "string", "description": "owed for the days late: "
                                                    "principal × DEPOSIT_LATE_ANNUAL_RATE × days late / 365"})

    def _status(self, deposit):
        return deposit.refund_status(clock.today())

    def _late_days(self, deposit):
        return deposit.days_late(clock.today())

    def _interest(self, deposit):
        return format_money(deposit.interest if deposit.status == "refunded" else interest_on(deposit, clock.today()))
