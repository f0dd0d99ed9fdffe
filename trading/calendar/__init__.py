"""The PRC working-day calendar the center keeps (a year's holidays and make-up working days) and the opening
calendar (开标日程)."""
from flask_babel import lazy_gettext as _

LABELS = {
    "calendar.year_set": _("Working-day calendar entered"), "calendar_year": _("working-day calendar"),
    "days_sha256": _("Days (SHA-256)"), "holidays": _("Holidays"), "workdays": _("Make-up working days"),
    "notice": _("Notice"), "year": _("Year"),
    "weekday.0": _("Monday"), "weekday.1": _("Tuesday"), "weekday.2": _("Wednesday"), "weekday.3": _("Thursday"),
    "weekday.4": _("Friday"), "weekday.5": _("Saturday"), "weekday.6": _("Sunday"),
}


def register(app, registry):
    from core import register_blueprints
    from trading.calendar import api, views
    from trading.calendar.models import CalendarYear

    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_labels(LABELS)
    registry.watch(CalendarYear, CalendarYear.WATCHED_FIELDS)
    registry.add_unique_constraint("uq_calendar_year_year", "conflict", "The calendar of this year was just saved.")
    registry.add_nav("trading_schedule.calendar", _("Opening calendar"), order=12)
    registry.add_nav("trading_schedule.working_day_years", _("Working-day calendar"), roles=("admin", "supervisor"),
                     order=66, group="administration")
