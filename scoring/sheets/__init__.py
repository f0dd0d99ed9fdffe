"""Blind score sheets (暗标评审): the panel scores the valid bids by code; the center returns a sheet."""
from flask_babel import lazy_gettext as _


def register(app, registry):
    from core import CONCURRENT_CHANGE, register_blueprints
    from scoring.sheets import api, views
    from scoring.sheets.models import ScoreSheet

    registry.add_unique_constraint("uq_score_sheet_member_id", "conflict", CONCURRENT_CHANGE)
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.watch(ScoreSheet, ScoreSheet.WATCHED_FIELDS)
    registry.add_labels({"empty": _("Not started"), "returned": _("Returned for correction"),
                         "scoring": _("Scoring"), "score_sheet": _("score sheet")})
