"""Sealed price competitions (竞价): the purchasing unit posts the need, approved suppliers quote sealed,
the lowest valid quote wins at the close and becomes an order."""
from flask_babel import lazy_gettext as _

# Quotes are guarded for their money and outcome.
QUOTE_FIELDS = ("receipt", "ciphertext_sha256", "unit_price", "total", "valid", "invalid_reason")


def register(app, registry):
    from flask.cli import AppGroup
    from sqlalchemy import select

    from core import CONCURRENT_CHANGE, register_blueprints
    from core.plugins import decimal_setting, int_setting
    from mall.competitions import api, tasks, views
    from mall.competitions.cli import close_due_command
    from mall.competitions.models import Competition, Quote
    from mall.competitions.operations import NOTIFICATION_KINDS

    registry.add_unique_constraint("uq_mall_competition_code", "conflict", CONCURRENT_CHANGE)
    registry.add_unique_constraint("uq_mall_quote_supplier", "conflict", CONCURRENT_CHANGE)

    registry.add_settings(app, MALL_COMPETITION_LIMIT=decimal_setting("1000000"), MIN_VALID_QUOTES=int_setting(3))

    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_notification_kinds(NOTIFICATION_KINDS)
    # Quote events stay out of public counts until their competition is closed.
    registry.add_sealed_scope("competition", lambda: select(Competition.id).where(Competition.closed_at.is_not(None)))
    registry.watch(Competition, Competition.WATCHED_FIELDS)
    registry.watch(Quote, QUOTE_FIELDS)
    registry.add_nav("mall_competitions.competition_list", _("Competitions"),
                     roles=("purchaser", "bidder", "admin", "supervisor"), order=44, group="mall")
    group = app.cli.commands.get("mall")
    if group is None:
        group = AppGroup("mall", help="The online mall.")
        app.cli.add_command(group)
    group.add_command(close_due_command)
    registry.add_schedule("close due competitions", tasks.close_due, 60.0)
    registry.add_labels({"mall.close_due": _("Closing due competitions")})
