"""Blind score sheets (暗标评审): the panel scores the valid bids by code; the center returns a sheet."""
from flask_babel import lazy_gettext as _


def register(app, registry):
    from core import register_blueprints, trail
    from scoring.sheets import api, views
    from scoring.sheets.models import ScoreSheet

    register_blueprints(app, web=[views.web], api=[api.api])
    trail.watch(ScoreSheet, ScoreSheet.WATCHED_FIELDS)
    registry.add_labels({"empty": _("Not started"), "returned": _("Returned for correction"),
                         "scoring": _("Scoring")})
