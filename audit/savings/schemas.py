"""API input and output of the savings report."""
from marshmallow import Schema, ValidationError, fields, validates_schema

from audit.savings.operations import CHANNELS, GROUPINGS
from core import validators as validate
from core.schemas import MoneyField, PageArgs


class SavingsQuery(Schema):
    start = fields.Date(data_key="from", load_default=None,
                        metadata={"description": "first day, in the platform's time zone (inclusive)"})
    end = fields.Date(data_key="to", load_default=None,
                      metadata={"description": "last day, in the platform's time zone (inclusive)"})
    group_by = fields.String(load_default="channel", validate=validate.OneOf(GROUPINGS))
    channel = fields.String(load_default=None, validate=validate.OneOf(CHANNELS))

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError({"to": ["must not be before from"]})


class RowsQuery(SavingsQuery, PageArgs):
    key = fields.String(load_default=None, validate=validate.Length(min=1, max=40),
                        metadata={"description": "the row of the grouping whose transactions are listed"})
    group_by = fields.String(load_default=None, validate=validate.OneOf(GROUPINGS))

    @validates_schema
    def _purchaser_key(self, data, **kwargs):
        if data.get("group_by") == "purchaser" and data.get("key") is not None and not data["key"].isdigit():
            raise ValidationError({"key": ["a purchasing unit's id"]})


class FiguresOut(Schema):
    count = fields.Integer(required=True)
    budget_total = MoneyField(required=True)
    deal_total = MoneyField(required=True)
    savings = MoneyField(required=True)
    savings_rate = fields.Decimal(as_string=True, allow_none=True, required=True,
                                  metadata={"description": "savings / budget_total, 4 places; null for a zero budget"})


class SavingsRowOut(FiguresOut):
    key = fields.Raw(required=True, metadata={"type": "string", "description": "the channel, category code, method, "
                                                                              "unit id or month (YYYY-MM)"})
    label = fields.String(allow_none=True, required=True)


class SavingsOut(Schema):
    group_by = fields.String(required=True)
    rows = fields.List(fields.Nested(SavingsRowOut), required=True)
    totals = fields.Nested(FiguresOut, required=True)
    unverified = fields.Nested(FiguresOut, required=True, metadata={
        "description": "orders whose savings an open mall_reference_inflated flag marks: left out of rows and totals"})


class TransactionOut(Schema):
    channel = fields.String(required=True)
    category = fields.String(load_default=None, metadata={"description": "behind a category's figure only"})
    method = fields.String(required=True)
    purchaser_id = fields.Integer(required=True)
    month = fields.String(required=True)
    project_id = fields.Function(lambda r: -r.txn if r.txn < 0 else None, allow_none=True,
                                 metadata={"type": "integer"})
    order_id = fields.Function(lambda r: r.txn if r.txn > 0 else None, allow_none=True, metadata={"type": "integer"})
    budget = MoneyField(required=True)
    deal = MoneyField(required=True)
    savings = MoneyField(required=True)


def dump_report(report):
    rows = [{"key": key, "label": label, **figures._asdict()} for key, label, figures in report["rows"]]
    return SavingsOut().dump({"group_by": report["group_by"], "rows": rows, "totals": report["totals"]._asdict(),
                              "unverified": report["unverified"]._asdict()})
