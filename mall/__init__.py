"""The online mall: suppliers approved per category, the catalogue, search and price monitoring;
budget lines, direct orders and competitions (竞价)."""
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _

from core.plugins import Plugin


def setup(app, registry):
    from core import register_blueprints
    from mall import api, cli, integrity, models, seed, views  # noqa: F401  (models: the tables)

    register_blueprints(app, web=[views.web, cli.cli], api=[api.api])
    integrity.register()
    registry.add_labels({"mall_price_above_reference": _("Price above reference"),
                         "above_reference": _("Above its reference price"),
                         "above_lowest_elsewhere": _("Far above the same model elsewhere")})
    registry.add_nav("mall.catalogue", _("Mall"), order=30)
    registry.add_nav("mall.supplier_console", _("Supplier console"), roles=("bidder",), order=35)
    registry.add_nav("mall.admin_suppliers", _("Mall suppliers"), roles=("admin", "supervisor"), order=62)
    registry.add_nav("mall.price_flags", _("Price flags"), roles=("admin", "supervisor"), order=63)
    registry.add_seed_step(seed.seed_mall, order=70)

    setup_orders(app, registry)


def setup_orders(app, registry):
    """Budgets, orders and competitions (mall.order_*)."""
    from core import register_blueprints
    from mall import order_api, order_integrity, order_views
    from mall.order_cli import close_due_command
    from mall.order_labels import ORDER_LABELS
    from mall.order_seed import seed_orders

    register_blueprints(app, web=[order_views.web], api=[order_api.api])
    order_integrity.register()
    registry.add_labels(ORDER_LABELS)
    registry.add_nav("mall_orders.cart", _("Cart"), roles=("purchaser",), order=42)
    registry.add_nav("mall_orders.order_list", _("Mall orders"), roles=("purchaser", "bidder", "admin", "supervisor"),
                     order=43)
    registry.add_nav("mall_orders.competition_list", _("Competitions"),
                     roles=("purchaser", "bidder", "admin", "supervisor"), order=44)
    registry.add_nav("mall_orders.budget_lines", _("Budgets"), roles=("purchaser", "admin", "supervisor"), order=45)
    registry.add_seed_step(seed_orders, order=75)
    group = app.cli.commands.get("mall")
    if group is None:
        group = AppGroup("mall", help="The online mall.")
        app.cli.add_command(group)
    group.add_command(close_due_command)


plugin = Plugin("mall", setup)
