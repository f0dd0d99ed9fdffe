"""API input and output of questions and answers."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import LocalDateTime

TEXT = validate.Length(min=1, max=5000)


class QuestionIn(Schema):
    text = fields.String(required=True, validate=TEXT)


class QuestionCreatedOut(Schema):
    id = fields.Integer(required=True)


class QuestionOut(Schema):
    """A question without its asker."""

    id = fields.Integer(required=True)
    text = fields.String(required=True)
    answer = fields.String(allow_none=True)
    asked_at = LocalDateTime()
    answered_at = LocalDateTime(allow_none=True)


class QuestionListOut(Schema):
    items = fields.List(fields.Nested(QuestionOut), required=True)
