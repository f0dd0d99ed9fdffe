"""The portal's face: deposit and countdown formatting, datetime inputs, the favicon route."""
from decimal import Decimal

from flask import current_app, send_from_directory
from flask_babel import gettext
from markupsafe import Markup, escape

from core import clock
from core.money import format_money_display
from core.timeutil import isoformat, to_local


def deposit_display(amount):
    """A deposit as shown: ¥20,000.00, or 不收取 (not charged) when there is none."""
    if amount is None or Decimal(amount) == 0:
        return gettext("Not charged")
    return format_money_display(amount)


def remaining_text(moment, now=None):
    """The time left until `moment`, as people read it (days, hours, minutes), or that it has passed."""
    left = int((moment - (now or clock.now())).total_seconds())
    if left <= 0:
        return gettext("Deadline passed")
    days, rest = divmod(left, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return gettext("%(days)s days %(hours)s hours %(minutes)s minutes left", days=days, hours=hours, minutes=minutes)
    return gettext("%(hours)s hours %(minutes)s minutes left", hours=hours, minutes=minutes)


def countdown(moment):
    """A server-rendered countdown that static/js/platform.js refreshes every second."""
    return Markup('<span class="badge text-bg-light border ms-1" data-countdown="{}" data-expired="{}" data-days="{}">{}</span>').format(
        isoformat(moment), gettext("Deadline passed"), gettext(" days "), escape(remaining_text(moment)))


def datetime_input(moment):
    """The value of a datetime-local input (local time), or empty."""
    return "" if moment is None else to_local(moment).strftime("%Y-%m-%dT%H:%M")


def init_app(app):
    app.add_template_filter(deposit_display, "deposit")
    app.add_template_filter(datetime_input, "dt_input")
    app.add_template_global(countdown, "countdown")

    @app.get("/favicon.ico")
    def favicon():
        return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml")
