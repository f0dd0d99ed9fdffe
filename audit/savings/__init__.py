"""The savings report: budget, deal amount, savings and rate by channel, category, method, unit and month."""
from flask_babel import lazy_gettext as _

LABELS = {
    "tender": _("Tender"), "mall_direct": _("Mall direct order"), "mall_competition": _("Mall competition"),
    "channel": _("Channel"), "category": _("Category"), "method": _("Method"), "purchaser": _("Purchasing unit"),
    "month": _("Month"), "year": _("Year"),
}


def register(app, registry):
    from audit.savings import api, views
    from core import register_blueprints

    registry.add_labels(LABELS)
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_nav("audit_savings.report", _("Savings"), roles=("admin", "supervisor"), order=78)
