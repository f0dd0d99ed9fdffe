"""The remote opening hall (不见面开标): check-in, the live opening record, confirmations and objections."""


def register(app, registry):
    from core import register_blueprints
    from trading.hall import api, views

    register_blueprints(app, web=[views.web], api=[api.api])
