"""The blind technical part (暗标): the opening searches it for what names the bidder; the center confirms
(the bid becomes invalid) or dismisses each warning before the expert draw."""
from flask_babel import lazy_gettext as _

LABELS = {
    "blind_violation": _("Technical part names the bidder"),
    "technical_proposal": _("Technical proposal"),
    "short_name": _("Name without legal form"), "price": _("Bid price"),
}


def register(app, registry):
    from core import register_blueprints
    from trading.blind import api, views
    from trading.blind.models import BlindCheck
    from trading.blind.operations import visible_checks

    registry.add_unique_constraint("uq_blind_check_bid_id", "conflict",
                                   "This bid has already been checked; reload the page.")
    registry.watch(BlindCheck, BlindCheck.WATCHED_FIELDS)
    registry.add_labels(LABELS)
    register_blueprints(app, web=[views.web], api=[api.api])
    app.add_template_global(visible_checks, "blind_checks")
