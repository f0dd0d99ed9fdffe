"""The savings report: budget, deal amount, savings and rate by channel, category, method, unit and month."""
from flask_babel import lazy_gettext as _

LABELS = {
    "tender": _("Tender"), "mall_direct": _("Mall direct order"), "mall_competition": _("Mall competition"),
    "channel": _("Channel"), "category": _("Category"), "method": _("Method"), "purchaser": _("Purchasing unit"),
    "month": _("Month"), "year": _("Year"),
}


def register(app, registry):
    from audit.savings import api, models, views  # noqa: F401 (the model's table)
    from audit.savings.cli import savings_command
    from audit.savings.operations.daily import EVENT_HANDLERS
    from audit.savings.operations.workbook import SAVINGS_WORKBOOK, render_savings_workbook
    from core import register_blueprints

    registry.add_labels(LABELS | {SAVINGS_WORKBOOK: _("Savings workbook")})
    registry.add_document(SAVINGS_WORKBOOK, render_savings_workbook,
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    for action, handler in EVENT_HANDLERS.items():
        registry.on_event(action, handler)
    app.cli.commands["audit"].add_command(savings_command)
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_nav("audit_savings.report", _("Savings"), roles=("admin", "supervisor"), order=78,
                     group="supervision")
