"""API input and output of the blind bids and the score sheets."""
from marshmallow import Schema, fields

from core import validators as validate


class CriterionOut(Schema):
    name = fields.String()
    max = fields.Float()


class BlindDocumentOut(Schema):
    number = fields.Integer()
    name = fields.String()
    size = fields.Integer()
    sha256 = fields.String()


class BlindBidOut(Schema):
    code = fields.String(metadata={"example": "B01"})
    technical_proposal = fields.String()
    documents = fields.List(fields.Nested(BlindDocumentOut))


class SheetEntryOut(Schema):
    code = fields.String()
    criteria = fields.List(fields.Float(allow_none=True))
    comment = fields.String(allow_none=True)


class SheetOut(Schema):
    status = fields.String(metadata={"description": "draft | submitted | returned"})
    returned_reason = fields.String(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)
    scores = fields.List(fields.Nested(SheetEntryOut))


class ScoreEntryIn(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=10))
    criteria = fields.List(fields.Raw(allow_none=True), required=True, validate=validate.Length(max=100),
                           metadata={"description": "One value per criterion, 0..max, at most 2 decimals (null: empty, drafts only)"})
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class ScoresIn(Schema):
    scores = fields.List(fields.Nested(ScoreEntryIn), required=True, validate=validate.Length(max=500))
    submit = fields.Boolean(load_default=False)


class ReturnIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))
