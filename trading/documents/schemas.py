"""API output of tender documents and of the bid documents the opening reveals."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import LocalDateTime


class DocumentOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    uploaded_at = LocalDateTime()
    amendment_id = fields.Integer(allow_none=True)


class DocumentListOut(Schema):
    items = fields.List(fields.Nested(DocumentOut), required=True)


class BidDocumentOut(Schema):
    index = fields.Integer(required=True)
    name = fields.String(required=True)
    part = fields.String(required=True, metadata={"enum": ["technical", "commercial", "qualification"]})
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)


class BidDocumentsOut(Schema):
    bid_id = fields.Integer(required=True)
    items = fields.List(fields.Nested(BidDocumentOut), required=True)


class BidDocumentListOut(Schema):
    items = fields.List(fields.Nested(BidDocumentsOut), required=True)


class BidDocumentQuery(Schema):
    index = fields.Integer(load_default=0, validate=validate.Range(min=0, max=19),
                           metadata={"description": "The document's index in the bid (0 to 19)"})
