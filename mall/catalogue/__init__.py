"""The mall catalogue: the category tree, products under a reference-price cap with their price history,
Chinese keyword search, price monitoring and bulk upload."""
from flask_babel import lazy_gettext as _


def register(app, registry):
    from core import register_blueprints, trail
    from mall.catalogue import api, cli, seed, views
    from mall.catalogue.models import Product

    register_blueprints(app, web=[views.web, cli.cli], api=[api.api])
    # Orders change stock too: they record it in the product's chain.
    trail.watch(Product, Product.WATCHED_FIELDS)
    registry.add_labels({"mall_price_above_reference": _("Price above reference"),
                         "above_reference": _("Above its reference price"),
                         "above_lowest_elsewhere": _("Far above the same model elsewhere")})
    registry.add_nav("mall.catalogue", _("Mall"), order=30)
    registry.add_nav("mall.price_flags", _("Price flags"), roles=("admin", "supervisor"), order=63)
    registry.add_seed_step(seed.seed_mall, order=70)
