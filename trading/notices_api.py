"""JSON API of the public notices (公告)."""
from flask import Blueprint
from marshmallow import Schema, fields

from core import validators as validate
from core.openapi import doc
from core.schemas import MAX_PAGE, LocalDateTime, load_args, paginate
from trading.notices import NOTICE_TYPES, get_notice, search_notices

api = Blueprint("notices_api", __name__, url_prefix="/api/v1")


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


@api.get("/notices")
@doc("Public notices (公告), newest first; ?type=&project_id=&q= (title or project code)", response=NoticeOut,
     query=NoticeQuery, paginated=True)
def list_notices():
    args = load_args(NoticeQuery())
    return paginate(search_notices(args["type"], args["project_id"], args["q"]), args, NoticeOut().dump)


@api.get("/notices/<int:notice_id>")
@doc("One public notice", response=NoticeOut)
def show_notice(notice_id):
    return NoticeOut().dump(get_notice(notice_id))
