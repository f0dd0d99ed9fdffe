"""The online mall: suppliers approved per category, the catalogue, search and price monitoring."""
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


plugin = Plugin("mall", setup)
