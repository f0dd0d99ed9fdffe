"""The online mall: suppliers approved per category, the catalogue with search and price monitoring, budget
lines, direct orders and sealed price competitions (竞价)."""
from flask_babel import lazy_gettext as _

from core.plugins import Plugin
from mall import budgets, catalogue, competitions, orders, suppliers

FEATURES = (suppliers, catalogue, budgets, orders, competitions)

# What the trail's actions and recorded fields are called on the pages (core.trail_browser).
ACTION_LABELS = {
    "lines": _("Order lines"),
    "line_total": _("Line total"),
    "reference_price": _("Reference price"),
    "total": _("Order total"),
    "paid_amount": _("Amount paid"),
    "savings": _("Savings"),
    "stock": _("Stock"),
    "budget.created": _("Budget line created"),
    "budget.updated": _("Budget line changed"),
    "competition.closed": _("Competition closed"),
    "competition.created": _("Competition posted"),
    "order.accepted": _("Order accepted"),
    "order.archived": _("Order archived"),
    "order.cancelled": _("Order cancelled"),
    "order.confirmed": _("Order confirmed"),
    "order.paid": _("Order paid"),
    "order.placed": _("Order placed"),
    "order.rated": _("Supplier rated"),
    "order.shipped": _("Order shipped"),
    "product.delisted": _("Product delisted"),
    "product.listed": _("Product listed"),
    "product.stock_released": _("Stock released"),
    "product.stock_reserved": _("Stock reserved"),
    "product.updated": _("Product changed"),
    "quote.opened": _("Quote opened"),
    "quote.submitted": _("Quote sealed"),
    "supplier.applied": _("Supplier application"),
    "supplier.approved": _("Supplier approved"),
    "supplier.categories_approved": _("Categories approved"),
    "supplier.categories_rejected": _("Categories refused"),
    "supplier.reinstated": _("Supplier reinstated"),
    "supplier.rejected": _("Supplier rejected"),
    "supplier.suspended": _("Supplier suspended"),
    "mall_supplier.categories": _("Categories"),
}


def setup(app, registry):
    registry.add_labels(ACTION_LABELS)
    for feature in FEATURES:
        feature.register(app, registry)


plugin = Plugin("mall", setup)
