"""JSON API of the public notices (公告)."""
from flask import Blueprint

from core.openapi import doc
from core.schemas import load_args, paginate
from trading.notices.operations import get_notice, search_notices
from trading.notices.schemas import NoticeOut, NoticeQuery

api = Blueprint("notices_api", __name__, url_prefix="/api/v1")


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
