"""API input and output of amendments and the bidders' confirmations."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import LocalDateTime
from trading.amendments import operations as amendments
from trading.tender.schemas import DocumentIn, ReceiptOut


class AmendmentIn(Schema):
    summary = fields.String(required=True, validate=validate.Length(min=1, max=20000))
    bid_deadline = LocalDateTime(load_default=None, allow_none=True)
    signup_deadline = LocalDateTime(load_default=None, allow_none=True)
    documents = fields.List(fields.Nested(DocumentIn), load_default=list, validate=validate.Length(max=20))


class AmendmentOut(Schema):
    id = fields.Integer(required=True)
    notice_id = fields.Integer(required=True)
    summary = fields.String()
    published_at = LocalDateTime()
    bid_deadline = LocalDateTime(attribute="bid_deadline_after", required=True)
    signup_deadline = LocalDateTime(attribute="signup_deadline_after", required=True)
    postponed = fields.Boolean(required=True)


class AmendmentListOut(Schema):
    items = fields.List(fields.Nested(AmendmentOut), required=True)


class BidStatusOut(ReceiptOut):
    """The caller's bid with the amendments published since it was sealed, to confirm or replace it."""

    amendments_to_confirm = fields.Method("_pending", metadata={"type": "array", "items": {"type": "integer"}})

    def _pending(self, bid):
        return [a.id for a in amendments.amendments_to_confirm(bid)]
