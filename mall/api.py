"""JSON API of the mall catalogue: suppliers, categories, products, search and price flags."""
import base64
import binascii

from flask import Blueprint, request

from core.auth import api_roles, api_user
from core.errors import ValidationFailed
from core.imports import MAX_BYTES
from core.openapi import doc
from core.schemas import PageArgs, ReasonIn, load_args, load_json, paginate
from mall import products as ops
from mall import suppliers
from mall.bulk import import_products
from mall.catalogue import category_tree
from mall.schemas import (
    CategoryTreeOut, MyProductQuery, PriceChangeOut, PriceFlagOut, ProductDetailOut, ProductImportIn, ProductImportOut, ProductIn,
    ProductOut, ProductPatch, ProductQuery, SupplierApplyIn, SupplierOut, SupplierQuery,
)

api = Blueprint("mall_api", __name__, url_prefix="/api/v1/mall")


# -- Suppliers --------------------------------------------------------------------------------


@api.post("/suppliers")
@api_roles("bidder")
@doc("Apply to sell in these categories (an approved bidder organisation; again to add categories)",
     SupplierApplyIn, SupplierOut, status=201)
def apply_supplier():
    return SupplierOut().dump(suppliers.apply(api_user(), load_json(SupplierApplyIn())["categories"])), 201


@api.get("/suppliers")
@api_roles("admin", "supervisor")
@doc("List mall suppliers and applications (?status=)", response=SupplierOut, query=SupplierQuery, paginated=True)
def list_suppliers():
    args = load_args(SupplierQuery())
    return paginate(suppliers.search_suppliers(args["status"]), args, SupplierOut().dump)


@api.get("/suppliers/mine")
@api_roles("bidder")
@doc("The caller's organisation as a mall supplier (404 before it applies)", response=SupplierOut)
def my_supplier():
    return SupplierOut().dump(suppliers.my_supplier(api_user()))


@api.get("/suppliers/<int:supplier_id>")
@api_roles("admin", "supervisor", "bidder")
@doc("One supplier; a bidder sees only its own", response=SupplierOut)
def get_supplier(supplier_id):
    return SupplierOut().dump(suppliers.get_supplier(api_user(), supplier_id))


@api.post("/suppliers/<int:supplier_id>/approve")
@api_roles("admin")
@doc("Approve a pending application (or the categories an approved supplier added)", response=SupplierOut)
def approve_supplier(supplier_id):
    return SupplierOut().dump(suppliers.approve(api_user(), supplier_id))


@api.post("/suppliers/<int:supplier_id>/reject")
@api_roles("admin")
@doc("Reject a pending application (or the categories an approved supplier added), with a reason", ReasonIn,
     SupplierOut)
def reject_supplier(supplier_id):
    return SupplierOut().dump(suppliers.reject(api_user(), supplier_id, load_json(ReasonIn())["reason"]))


@api.post("/suppliers/<int:supplier_id>/suspend")
@api_roles("admin")
@doc("Suspend an approved supplier, with a reason: its products go off the shelf", ReasonIn, SupplierOut)
def suspend_supplier(supplier_id):
    return SupplierOut().dump(suppliers.suspend(api_user(), supplier_id, load_json(ReasonIn())["reason"]))


@api.post("/suppliers/<int:supplier_id>/reinstate")
@api_roles("admin")
@doc("Let a suspended supplier sell again", response=SupplierOut)
def reinstate_supplier(supplier_id):
    return SupplierOut().dump(suppliers.reinstate(api_user(), supplier_id))


# -- Catalogue --------------------------------------------------------------------------------


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


def _uploaded_file():
    """(filename, bytes) of a multipart `file` part or of the JSON {filename, content_base64}."""
    upload = request.files.get("file")
    if upload is not None:
        return upload.filename, upload.read(MAX_BYTES + 1)
    data = load_json(ProductImportIn())
    try:
        return data["filename"], base64.b64decode(data["content_base64"], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed({"content_base64": ["is not valid base64"]}) from None


@api.post("/products/import")
@api_roles("bidder")
@doc("Bulk upload of products from a CSV or .xlsx file (columns name, category, brand, model, spec, unit, price, "
     "reference_price, reference_source, stock): valid rows are listed, refused rows reported row by row; "
     "multipart `file` or JSON", ProductImportIn, ProductImportOut)
def import_products_endpoint():
    filename, content = _uploaded_file()
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
