"""Sealed price competitions (竞价): the purchasing unit posts the need, approved suppliers quote sealed,
the lowest valid quote wins at the close and becomes an order."""
from flask_babel import lazy_gettext as _

# Quotes are guarded for their money and outcome.
QUOTE_FIELDS = ("receipt", "unit_price", "total", "valid", "invalid_reason")


def register(app, registry):
    from flask.cli import AppGroup

    from core import register_blueprints, trail
    from mall.competitions import api, views
    from mall.competitions.cli import close_due_command
    from mall.competitions.models import Competition, Quote
    from mall.competitions.operations import register_scope

    register_blueprints(app, web=[views.web], api=[api.api])
    register_scope()
    trail.watch(Competition, Competition.WATCHED_FIELDS)
    trail.watch(Quote, QUOTE_FIELDS)
    registry.add_nav("mall_competitions.competition_list", _("Competitions"),
                     roles=("purchaser", "bidder", "admin", "supervisor"), order=44)
    group = app.cli.commands.get("mall")
    if group is None:
        group = AppGroup("mall", help="The online mall.")
        app.cli.add_command(group)
    group.add_command(close_due_command)
