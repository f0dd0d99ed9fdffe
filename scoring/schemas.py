"""API input and output of the expert pool."""
from marshmallow import Schema, fields

from core import validators as validate


class ExpertIn(Schema):
    """The profile given with `POST /api/v1/users` for the role `expert` (its `expert` object)."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    specialties = fields.List(fields.String(validate=validate.Length(min=1, max=20)), required=True,
                              validate=validate.Length(min=1))
    employer_uscc = fields.String(allow_none=True, validate=validate.Length(max=18))
    employer_name = fields.String(allow_none=True, validate=validate.Length(max=200))
