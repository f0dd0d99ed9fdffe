"""API input and output of red flags."""
from marshmallow import Schema, fields

from audit.flags.models import FLAG_STATUSES, SEVERITIES
from audit.flags.operations import MAX_REASON
from audit.flags.operations.rules import SEVERITY
from core import validators as validate
from core.schemas import ID, LocalDateTime, PageArgs


class FlagQuery(PageArgs):
    code = fields.String(load_default=None, validate=validate.OneOf(sorted(SEVERITY)))
    status = fields.String(load_default=None, validate=validate.OneOf(FLAG_STATUSES))
    severity = fields.String(load_default=None, validate=validate.OneOf(SEVERITIES))
    project_id = fields.Integer(load_default=None, validate=ID)


class SubjectOut(Schema):
    type = fields.String(attribute="subject_type", required=True,
                         metadata={"enum": ["project", "blind_check", "mall_order", "organization", "product"]})
    id = fields.Integer(attribute="subject_id", required=True)
    key = fields.String(attribute="subject_key", required=True)


class FlagOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    severity = fields.String(required=True, metadata={"enum": list(SEVERITIES)})
    status = fields.String(required=True, metadata={"enum": list(FLAG_STATUSES)})
    subject = fields.Function(lambda f: SubjectOut().dump(f), metadata={"type": "object"}, required=True)
    project_id = fields.Integer(allow_none=True, required=True)
    purchaser_id = fields.Integer(allow_none=True, required=True)
    detail = fields.Dict(required=True, metadata={"description": "the figures that raised the flag"})
    detected_at = LocalDateTime(required=True)
    resolved_at = LocalDateTime(allow_none=True, required=True)
    reason = fields.String(allow_none=True, required=True)
    dismissed_at = LocalDateTime(allow_none=True, required=True)


class DismissIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=MAX_REASON))
