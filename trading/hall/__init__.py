"""The remote opening hall (不见面开标): check-in, the live opening record, confirmations and objections."""


def register(app, registry):
    from core import register_blueprints
    from core.plugins import int_setting
    from trading.hall import api, views
    from trading.hall.operations import NOTIFICATION_KINDS

    registry.add_unique_constraint("uq_hall_attendance_project_org", "already_checked_in",
                                   "Your organisation has already checked in.")
    # Bidders check in from this long before the bid deadline; they confirm the opening record or object to it
    # until this long after the opening.
    registry.add_settings(app, HALL_CHECKIN_MINUTES=int_setting(30), OBJECTION_WINDOW_MINUTES=int_setting(30))
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_notification_kinds(NOTIFICATION_KINDS)
