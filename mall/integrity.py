"""What the trail must know about the mall catalogue: the fields it guards."""
from core import trail
from mall.models import Product, Supplier


def register():
    trail.watch(Supplier, Supplier.WATCHED_FIELDS)
    # Orders change stock too: they record it in the product's chain (M2's operations).
    trail.watch(Product, Product.WATCHED_FIELDS)
