"""Pages of the public notices (公告): the list with a tab per type, and one notice."""
from flask import Blueprint, render_template

from core.schemas import load_filters
from core.web import paginate
from trading.notices.models import NOTICE_TYPES
from trading.notices.operations import get_notice, search_notices
from trading.notices.schemas import NoticeQuery

web = Blueprint("notices", __name__)


@web.get("/notices")
def notices():
    args = load_filters(NoticeQuery())
    filters = {"type": args["type"], "q": (args["q"] or "").strip() or None}
    return render_template("trading/notices/notices.html", page=paginate(search_notices(**filters)), filters=filters,
                           types=NOTICE_TYPES)


@web.get("/notices/<int:notice_id>")
def notice(notice_id):
    return render_template("trading/notices/notice.html", notice=get_notice(notice_id))
