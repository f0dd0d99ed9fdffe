"""Amendments (澄清/修改) that restore the clarification period, and the bidders' confirmations."""


def register(app, registry):
    from core import register_blueprints
    from trading.amendments import api, views
    from trading.amendments import operations as amendments

    register_blueprints(app, web=[views.web], api=[api.api])
    app.add_template_global(amendments.project_amendments)
    app.add_template_global(amendments.amendments_to_confirm)
    app.add_template_global(amendments.may_amend)
