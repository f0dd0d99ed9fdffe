"""API input and output of the public notices."""
from marshmallow import Schema, fields

from core import validators as validate
from core.schemas import MAX_PAGE, LocalDateTime
from trading.notices.models import NOTICE_TYPES


class NoticeQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    type = fields.String(load_default=None, validate=validate.OneOf(NOTICE_TYPES))
    project_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    q = fields.String(load_default=None, validate=validate.Length(max=100))


class NoticeOut(Schema):
    id = fields.Integer()
    type = fields.String()
    project_id = fields.Integer()
    project_code = fields.Function(lambda notice: notice.project.code)
    title = fields.String()
    body = fields.String()
    data = fields.Dict(allow_none=True)
    published_at = LocalDateTime()
