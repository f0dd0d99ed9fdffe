"""Typed public notices (公告): tender, change, candidates, result, failed, contract; the list and one notice."""
from flask_babel import lazy_gettext as _

LABELS = {"notice_tender": _("Tender notice"), "notice_change": _("Change notice"),
          "notice_candidates": _("Candidates notice"), "notice_result": _("Result notice"),
          "notice_failed": _("Termination notice")}


def register(app, registry):
    from core import register_blueprints
    from trading.notices import api, views
    from trading.notices.operations import project_notices

    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_labels(LABELS)
    registry.add_nav("notices.notices", _("Notices"), order=12)
    app.add_template_global(project_notices)
