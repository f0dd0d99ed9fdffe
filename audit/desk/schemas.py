"""API input and output of the supervisor's desk."""
from marshmallow import Schema, ValidationError, fields, validates_schema

from audit.savings.schemas import FiguresOut, SavingsRowOut
from core import validators as validate


class DashboardQuery(Schema):
    start = fields.Date(data_key="from", load_default=None,
                        metadata={"description": "first day (inclusive); default: 1 January of this year"})
    end = fields.Date(data_key="to", load_default=None,
                      metadata={"description": "last day (inclusive); default: today"})

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError({"to": ["must not be before from"]})


class StatisticsQuery(Schema):
    year = fields.Integer(load_default=None, validate=validate.Range(min=2000, max=2100))


class SeverityCountsOut(Schema):
    high = fields.Integer(required=True)
    medium = fields.Integer(required=True)
    low = fields.Integer(required=True)


class OverdueOut(Schema):
    deposits = fields.Integer(required=True)
    challenges = fields.Integer(required=True)
    complaints = fields.Integer(required=True)
    contracts = fields.Integer(required=True)
    payments = fields.Integer(required=True)


class DashboardOut(Schema):
    start = fields.Date(data_key="from", required=True)
    end = fields.Date(data_key="to", required=True)
    totals = fields.Nested(FiguresOut, required=True)
    by_channel = fields.List(fields.Nested(SavingsRowOut), required=True)
    by_month = fields.List(fields.Nested(SavingsRowOut), required=True)
    by_purchaser = fields.List(fields.Nested(SavingsRowOut), required=True)
    unverified = fields.Nested(FiguresOut, required=True)
    flags_open = fields.Nested(SeverityCountsOut, required=True)
    overdue = fields.Nested(OverdueOut, required=True)


class StatisticsOut(Schema):
    year = fields.Integer(required=True)
    years = fields.List(fields.Nested(SavingsRowOut), required=True)
    totals = fields.Nested(FiguresOut, required=True)
    by_category = fields.List(fields.Nested(SavingsRowOut), required=True)
    by_channel = fields.List(fields.Nested(SavingsRowOut), required=True)


def _rows(rows):
    return [{"key": key, "label": name, **figures._asdict()} for key, name, figures in rows]


def dump_dashboard(data):
    return DashboardOut().dump({
        "start": data["from"], "end": data["to"], "totals": data["totals"]._asdict(),
        "by_channel": _rows(data["by_channel"]), "by_month": _rows(data["by_month"]),
        "by_purchaser": _rows(data["by_purchaser"]), "unverified": data["unverified"]._asdict(),
        "flags_open": data["flags_open"], "overdue": data["overdue"]})


def dump_statistics(data):
    return StatisticsOut().dump({
        "year": data["year"], "years": [{"key": k, "label": None, **f._asdict()} for k, f in data["years"]],
        "totals": data["totals"]._asdict(), "by_category": _rows(data["by_category"]),
        "by_channel": _rows(data["by_channel"])})
