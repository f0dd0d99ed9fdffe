"""API input and output of the blind check."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import LocalDateTime, StrictBoolean
from trading.blind.operations import MAX_REASON


class DecisionIn(Schema):
    confirm = StrictBoolean(required=True, metadata={
        "description": "true: the bid becomes invalid (blind_violation); false: the warning is dismissed"})
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=MAX_REASON),
                           metadata={"description": "required to dismiss"})


class ViolationOut(Schema):
    kind = fields.String(required=True, metadata={"enum": ["name", "short_name", "uscc", "price"]})
    term = fields.String(required=True)
    place = fields.String(required=True, metadata={
        "description": "technical_proposal, or the name of the technical document"})
    page = fields.Integer(allow_none=True, required=True, metadata={"description": "the PDF page, else null"})


class BlindCheckOut(Schema):
    bid_id = fields.Integer(required=True)
    bidder = fields.Function(lambda c: c.bid.organization.name, metadata={"type": "string"}, required=True)
    status = fields.String(required=True, metadata={"enum": ["pending", "confirmed", "dismissed"]})
    violations = fields.List(fields.Nested(ViolationOut), required=True)
    found_at = LocalDateTime(required=True)
    reason = fields.String(allow_none=True, required=True)
    decided_at = LocalDateTime(allow_none=True, required=True)


class BlindCheckListOut(Schema):
    items = fields.List(fields.Nested(BlindCheckOut), required=True)
