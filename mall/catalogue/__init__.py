"""The mall catalogue: the category tree, products under a reference-price cap with their price history,
Chinese keyword search, price monitoring and bulk upload."""
from flask_babel import lazy_gettext as _


def register(app, registry):
    from celery.schedules import crontab

    from core import register_blueprints
    from core.plugins import decimal_setting, int_setting
    from mall.catalogue import api, cli, seed, tasks, views
    from mall.catalogue.models import Product, SynonymList
    from mall.catalogue.operations.categories import category_label
    from mall.catalogue.operations.search import load_dictionary

    # A listed price this much above the lowest price of the same brand and model elsewhere is flagged;
    # products unsold and unchanged for more days than MALL_STALE_DAYS are delisted every night (`celery beat`, or
    # `flask mall delist-stale` once).
    registry.add_settings(app, MALL_PRICE_OUTLIER_RATIO=decimal_setting("0.30"), MALL_STALE_DAYS=int_setting(180))
    register_blueprints(app, web=[views.web, cli.cli], api=[api.api])
    registry.add_object_page("product", "mall.product", "product_id")
    # Orders change stock too: they record it in the product's chain.
    registry.watch(Product, Product.WATCHED_FIELDS)
    registry.add_labels({"mall_price_above_reference": _("Price above reference"),
                         "above_reference": _("Above its reference price"),
                         "above_lowest_elsewhere": _("Far above the same model elsewhere")})
    registry.add_nav_group("mall", _("Purchasing"), order=50)
    registry.add_nav("mall.catalogue", _("Mall"), order=30)
    registry.add_nav("mall.price_flags", _("Price flags"), roles=("admin", "supervisor"), order=63, group="mall")
    registry.add_panel("mall/catalogue/_synonyms_panel.html", views.synonyms_panel, order=70)
    registry.watch(SynonymList, SynonymList.WATCHED_FIELDS)
    registry.on_event("synonyms.saved", tasks.queue_reindex)
    registry.add_labels({"synonyms.saved": _("Search synonyms saved"), "groups": _("Groups"),
                         "text": _("Text")})
    registry.add_seed_step(seed.seed_mall, order=70)
    load_dictionary()
    app.add_template_global(category_label, "category_label")
    registry.add_schedule("delist stale products", tasks.delist_stale, crontab(hour=3, minute=0))
    registry.add_labels({"mall.delist_stale": _("Delisting stale products"),
                         "mall.reindex_search": _("Indexing the catalogue again with the search synonyms")})
