"""API input and output of the expert pool."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import PASSWORD, USERNAME, PageArgs


class ExpertIn(Schema):
    """The profile given with `POST /api/v1/users` for the role `expert` (its `expert` object)."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    specialties = fields.List(fields.String(validate=validate.Length(min=1, max=20)), required=True,
                              validate=validate.Length(min=1))
    employer_uscc = fields.String(allow_none=True, validate=validate.Length(max=18))
    employer_name = fields.String(allow_none=True, validate=validate.Length(max=200))


USCC_FIELD = {"example": "91350100MA2YQ0K1XY", "description": "Unified social credit code, 18 characters"}


class ImportRowIn(ExpertIn):
    """One row of an expert import file (lists already split)."""

    username = fields.String(required=True, validate=USERNAME)
    password = fields.String(load_default=None, validate=PASSWORD, load_only=True)
    conflicts = fields.List(fields.String(validate=validate.Length(max=18)), load_default=list)


class ExpertPatch(Schema):
    """`PATCH /experts/{id}`: the fields given are changed."""

    name = fields.String(validate=validate.Length(min=1, max=100))
    specialties = fields.List(fields.String(validate=validate.Length(min=1, max=20)), validate=validate.Length(min=1))
    employer_uscc = fields.String(allow_none=True, validate=validate.Length(max=18), metadata=USCC_FIELD)
    employer_name = fields.String(allow_none=True, validate=validate.Length(max=200))


class ConflictIn(Schema):
    uscc = fields.String(required=True, metadata=USCC_FIELD)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class ConflictOut(Schema):
    id = fields.Integer()
    uscc = fields.String()
    note = fields.String(allow_none=True)


class ExpertOut(Schema):
    id = fields.Integer()
    user_id = fields.Integer()
    username = fields.Function(lambda e: e.user.username)
    name = fields.String()
    specialties = fields.List(fields.String(), attribute="specialty_codes")
    employer_uscc = fields.String(allow_none=True)
    employer_name = fields.String(allow_none=True)
    status = fields.String(metadata={"enum": ["active", "suspended"]})
    suspension_reason = fields.String(allow_none=True)
    panels_served = fields.Integer()
    declines = fields.Integer()
    deviation_warnings = fields.Integer()
    conflicts = fields.List(fields.Nested(ConflictOut))


class ExpertQuery(PageArgs):
    specialty = fields.String(load_default=None, validate=validate.Length(min=1, max=20))
    status = fields.String(load_default=None, validate=validate.OneOf(["active", "suspended"]))
    q = fields.String(load_default=None, validate=validate.Length(min=1, max=100))


class ImportIn(Schema):
    """`POST /experts/import` as JSON (a multipart upload with a `file` part works too)."""

    filename = fields.String(required=True, validate=validate.Length(min=1, max=200), metadata={"example": "experts.csv"})
    content_base64 = fields.String(required=True, validate=validate.Length(min=1, max=3 * 1024 * 1024))


class ImportCreatedOut(Schema):
    row = fields.Integer()
    username = fields.String()
    expert_id = fields.Integer()
    name = fields.String()
    initial_password = fields.String(allow_none=True, metadata={
        "description": "The generated initial password, shown only here (null when the file gave one)"})


class ImportRejectedOut(Schema):
    row = fields.Integer()
    username = fields.String(allow_none=True)
    field = fields.String()
    message = fields.String()


class ImportOut(Schema):
    created = fields.List(fields.Nested(ImportCreatedOut))
    rejected = fields.List(fields.Nested(ImportRejectedOut))
