"""The PRC working-day calendar and the opening calendar (开标日程)."""
from flask_babel import lazy_gettext as _


def register(app, registry):
    from core import register_blueprints
    from trading.calendar import views

    register_blueprints(app, web=[views.web])
    registry.add_nav("trading_schedule.calendar", _("Opening calendar"), order=12)
