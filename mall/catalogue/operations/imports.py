"""Bulk upload of a supplier's products from a CSV or Excel (.xlsx) file, row by row (core.imports):
each valid row is listed like `POST /api/v1/mall/products`, each refused row is reported with its row
number, field and problem, and nothing of it is kept."""
from core.auth import is_bidder, require
from core.errors import N_
from core.imports import import_rows, read_rows
from core.schemas import load_data
from mall.catalogue.operations import create_product
from mall.catalogue.schemas import ProductIn
from mall.suppliers import operations as suppliers

COLUMNS = ("name", "category", "brand", "model", "spec", "unit", "price", "reference_price", "reference_source",
           "stock")
REQUIRED_COLUMNS = ("name", "category", "unit", "price", "reference_price", "stock")
MISSING_COLUMNS = N_("needs the columns name, category, unit, price, reference_price and stock")


def _row_data(values):
    data = {name: values[name] for name in COLUMNS if values.get(name)}
    if "stock" in data:
        try:
            data["stock"] = int(data["stock"].removesuffix(".0"))  # Excel gives whole numbers as 12.0
        except ValueError:
            pass  # the schema says what is wrong
    return data


def require_lister(actor):
    """Only an approved mall supplier uploads products: checked before the upload itself is read."""
    require(is_bidder(actor) and suppliers.may_sell(actor.organization), "not_a_supplier",
            "Only approved mall suppliers list products.")


def import_products(actor, filename, content):
    """List a product for each valid row of the file; report the rows refused and why."""
    require_lister(actor)
    return import_rows(
        read_rows(filename, content, COLUMNS, REQUIRED_COLUMNS, MISSING_COLUMNS),
        lambda values: create_product(actor, load_data(ProductIn(), _row_data(values))),
        created=lambda number, values, product: {"row": number, "product_id": product.id, "name": product.name},
        rejected=lambda number, values: {"row": number, "name": values.get("name") or None})
