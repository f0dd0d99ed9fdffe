"""The remote opening hall (不见面开标): check-in, the live opening record, confirmations and objections."""
from flask_babel import lazy_gettext as _


def register(app, registry):
    from core import register_blueprints
    from core.plugins import int_setting
    from trading.hall import api, views
    from trading.hall.operations import NOTIFICATION_KINDS
    from trading.hall.tasks import OPENING_RECORD, render_opening_record, store_opening_records

    registry.add_unique_constraint("uq_hall_attendance_project_org", "already_checked_in",
                                   "Your organisation has already checked in.")
    # Bidders check in from this long before the bid deadline; they confirm the opening record or object to it
    # until this long after the opening.
    registry.add_settings(app, HALL_CHECKIN_MINUTES=int_setting(30), OBJECTION_WINDOW_MINUTES=int_setting(30))
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_notification_kinds(NOTIFICATION_KINDS)
    registry.add_document(OPENING_RECORD, render_opening_record, "application/pdf")
    registry.add_schedule("store the opening records", store_opening_records, 60)
    registry.add_labels({OPENING_RECORD: _("Opening record"),
                         "trading.store_opening_records": _("Storing the opening records")})
