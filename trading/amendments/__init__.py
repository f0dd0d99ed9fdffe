"""Amendments (澄清/修改) that restore the clarification period, and the bidders' confirmations."""


def register(app, registry):
    from core import register_blueprints
    from core.plugins import int_setting
    from trading.amendments import api, views
    from trading.amendments import operations as amendments
    from trading.amendments.operations import NOTIFICATION_KINDS

    registry.add_unique_constraint("uq_bid_confirmation_bid_amendment", "already_confirmed",
                                   "Your organisation has already confirmed its bid after this amendment.")
    # An amendment leaves at least this long before the bid deadline (postponing it when needed).
    registry.add_settings(app, CLARIFICATION_MIN_DAYS=int_setting(15), CLARIFICATION_MIN_WORKING_DAYS=int_setting(3))
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_notification_kinds(NOTIFICATION_KINDS)
    app.add_template_global(amendments.project_amendments)
    app.add_template_global(amendments.amendments_to_confirm)
    app.add_template_global(amendments.may_amend)
