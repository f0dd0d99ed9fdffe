"""The supervisor's desk (监管驾驶舱), its start page, and the center's annual statistics."""
from flask_babel import lazy_gettext as _

LABELS = {
    "overdue.deposits": _("Deposit refunds"), "overdue.challenges": _("Challenge replies"),
    "overdue.complaints": _("Complaint decisions"), "overdue.contracts": _("Contracts"),
    "overdue.payments": _("Payments"),
}


def register(app, registry):
    from audit.desk import api, views
    from core import register_blueprints

    registry.add_labels(LABELS)
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_nav("audit_desk.desk_page", _("Supervision desk"), roles=("supervisor",), order=5)
    registry.add_nav("audit_desk.statistics", _("Annual statistics"), roles=("admin",), order=77, group="supervision")
    registry.start_pages.update(supervisor="audit_desk.desk_page")
