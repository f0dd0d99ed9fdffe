"""Mall suppliers: an approved bidder organisation applies for categories, the center decides."""
from flask_babel import lazy_gettext as _


def register(app, registry):
    from core import register_blueprints
    from mall.suppliers import api, views
    from mall.suppliers.models import Supplier
    from mall.suppliers.operations import NOTIFICATION_KINDS

    registry.add_unique_constraint("uq_mall_supplier_organization_id", "already_applied",
                                   "Your organisation has already applied for these categories.")
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_notification_kinds(NOTIFICATION_KINDS)
    registry.watch(Supplier, Supplier.WATCHED_FIELDS)
    registry.add_nav("mall_suppliers.supplier_console", _("Supplier console"), roles=("bidder",), order=35,
                     group="mall")
    registry.add_nav("mall_suppliers.admin_suppliers", _("Mall suppliers"), roles=("admin", "supervisor"), order=62,
                     group="mall")
