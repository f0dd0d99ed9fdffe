"""API input and output of the opening hall."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import LocalDateTime
from trading.hall import operations as hall
from trading.tender.schemas import OpenedBidOut


class ObjectionIn(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=hall.MAX_TEXT))


class AnswerIn(Schema):
    answer = fields.String(required=True, validate=validate.Length(min=1, max=hall.MAX_TEXT))


class AttendanceOut(Schema):
    bidder = fields.Function(lambda a: a.organization.name, metadata={"type": "string"}, required=True)
    checked_in_at = LocalDateTime(allow_none=True, required=True)
    confirmed_at = LocalDateTime(allow_none=True, required=True)


class ObjectionOut(Schema):
    id = fields.Integer(required=True)
    bidder = fields.Function(lambda o: o.organization.name, metadata={"type": "string"}, required=True)
    text = fields.String(required=True)
    created_at = LocalDateTime(required=True)
    answer = fields.String(allow_none=True, required=True)
    answered_at = LocalDateTime(allow_none=True, required=True)


class MyHallOut(Schema):
    checked_in_at = LocalDateTime(allow_none=True, required=True)
    confirmed_at = LocalDateTime(allow_none=True, required=True)


class HallOut(Schema):
    project_id = fields.Integer(required=True)
    status = fields.String(required=True)
    bid_deadline = LocalDateTime(required=True)
    checkin_opens_at = LocalDateTime(required=True)
    opened_at = LocalDateTime(allow_none=True, required=True)
    objection_deadline = LocalDateTime(allow_none=True, required=True)
    participant = fields.Boolean(required=True)
    me = fields.Nested(MyHallOut, allow_none=True, required=True)
    bids = fields.List(fields.Nested(OpenedBidOut), required=True)
    attendance = fields.List(fields.Nested(AttendanceOut), required=True)
    objections = fields.List(fields.Nested(ObjectionOut), required=True)
