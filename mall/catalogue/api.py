"""JSON API of the mall catalogue: categories, products, search, bulk upload and price flags."""
from flask import Blueprint

from core.auth import api_roles, api_user
from core.imports import MAX_BYTES
from core.openapi import doc
from core.schemas import PageArgs, load_args, load_json, paginate, uploaded_file
from mall.catalogue import operations as ops
from mall.catalogue.operations import synonyms
from mall.catalogue.operations.categories import category_tree
from mall.catalogue.operations.imports import import_products, require_lister
from mall.catalogue.operations.search import parse_groups
from mall.catalogue.schemas import (
    CategoryTreeOut,
    MyProductQuery,
    PriceChangeOut,
    PriceFlagOut,
    ProductDetailOut,
    ProductImportIn,
    ProductImportOut,
    ProductIn,
    ProductOut,
    ProductPatch,
    ProductQuery,
    SynonymsIn,
    SynonymsOut,
)

api = Blueprint("mall_api", __name__, url_prefix="/api/v1/mall")


@api.get("/categories")
@doc("The category tree", response=CategoryTreeOut)
def categories():
    return CategoryTreeOut().dump({"items": category_tree()})


@api.get("/products")
@doc("Search the listed products (?q=&category=&min_price=&max_price=&sort=price|-price|relevance); Chinese "
     "keywords are segmented (打印机 finds 彩色激光打印机); a category includes its subcategories",
     response=ProductOut, query=ProductQuery, paginated=True, total=(
         f"Matches counted up to {ops.MATCH_CAP:,}: a total of {ops.MATCH_CAP:,} means {ops.MATCH_CAP:,} or more. A "
         f"keyword search ranks (or sorts by price) its first {ops.MATCH_CAP:,} matches only; more keywords, a "
         "category or a price range narrow it"))
def search_products():
    args = load_args(ProductQuery())
    items, total = ops.search_page(args["q"], args["category"], args["min_price"], args["max_price"], args["sort"],
                                   args["page"], args["per_page"])
    return {"items": ProductOut(many=True).dump(items), "page": args["page"], "per_page": args["per_page"],
            "total": total}


def product_view(product):
    """The product with its price history (newest first) and the comparison of the same brand and model."""
    return ProductOut().dump(product) | {
        "price_history": PriceChangeOut(many=True).dump(ops.price_history(product)),
        "compare": ProductOut(many=True).dump(ops.comparison(product)),
    }


@api.get("/products/<int:product_id>")
@doc("One product with its price history and the same brand and model at other suppliers; off the shelf: its "
     "supplier, the center and supervisors only", response=ProductDetailOut, optional_auth=True)
def get_product(product_id):
    return product_view(ops.get_product(api_user(), product_id))


@api.post("/products")
@api_roles("bidder")
@doc("List a product (an approved supplier of its category); a price above the reference price is refused",
     ProductIn, ProductDetailOut, status=201, errors=(422,))
def create_product():
    return product_view(ops.create_product(api_user(), load_json(ProductIn()))), 201


@api.patch("/products/<int:product_id>")
@api_roles("bidder")
@doc("Change the price, reference price, stock or shelf state (its supplier); price changes are kept",
     ProductPatch(partial=True), ProductDetailOut)
def update_product(product_id):
    return product_view(ops.update_product(api_user(), product_id, load_json(ProductPatch(), partial=True)))


@api.get("/my-products")
@api_roles("bidder")
@doc("The caller's own products, on and off the shelf (?q=&on_shelf=)", response=ProductOut, query=MyProductQuery,
     paginated=True)
def my_products():
    args = load_args(MyProductQuery())
    return paginate(ops.supplier_products(api_user(), args["q"], args["on_shelf"]), args, ProductOut().dump)


@api.post("/products/import")
@api_roles("bidder")
@doc("Bulk upload of products from a CSV or .xlsx file (columns name, category, brand, model, spec, unit, price, "
     "reference_price, reference_source, stock): valid rows are listed, refused rows reported row by row; "
     "multipart `file` or JSON", ProductImportIn, ProductImportOut)
def import_products_endpoint():
    require_lister(api_user())
    filename, content = uploaded_file(ProductImportIn(), MAX_BYTES)
    return ProductImportOut().dump(import_products(api_user(), filename, content))


@api.get("/price-flags")
@api_roles("admin", "supervisor")
@doc("Listed prices above their reference, or far above the same brand and model elsewhere "
     "(mall_price_above_reference)", response=PriceFlagOut, query=PageArgs, paginated=True)
def price_flags():
    args = load_args(PageArgs())
    flags = ops.price_flags_for(api_user())
    start = (args["page"] - 1) * args["per_page"]
    return {"items": [PriceFlagOut().dump(f) for f in flags[start:start + args["per_page"]]], "page": args["page"],
            "per_page": args["per_page"], "total": len(flags)}


def _synonyms_out():
    row = synonyms.stored()
    text = synonyms.current_text()
    return SynonymsOut().dump({"text": text, "groups": parse_groups(text),
                               "updated_at": row.updated_at if row is not None else None})


@api.get("/synonyms")
@doc("The catalogue search's synonyms: the groups of words a search treats as one (public)", response=SynonymsOut)
def get_synonyms():
    return _synonyms_out()


@api.put("/synonyms")
@api_roles("admin")
@doc("The center replaces the search synonyms (one group of at least two words per line)", SynonymsIn, SynonymsOut,
     errors=(422,))
def put_synonyms():
    synonyms.save_synonyms(api_user(), load_json(SynonymsIn())["text"])
    return _synonyms_out()
