"""Pages of the mall catalogue: the catalogue and a product, listing and bulk upload, and price flags."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from core.auth import is_bidder, page_roles, page_user
from core.errors import DomainError
from core.imports import MAX_BYTES
from core.schemas import load_filters
from core.web import handle_form, paginate, render_form, upload_page
from mall.catalogue import operations as ops
from mall.catalogue.forms import ProductEditForm, ProductForm, SynonymsForm
from mall.catalogue.operations import synonyms
from mall.catalogue.operations.categories import all_categories, category_name, category_tree, with_descendants
from mall.catalogue.operations.imports import COLUMNS, import_products
from mall.catalogue.operations.search import parse_groups
from mall.catalogue.schemas import ProductIn, ProductPatch, ProductQuery, SynonymsIn
from mall.suppliers import operations as suppliers

web = Blueprint("mall", __name__)


def category_choices(codes=None):
    """(code, "code name") of the categories (only `codes` when given), tree order."""
    choices = []
    for category in all_categories():
        if codes is None or category.code in codes:
            choices.append((category.code, f"{category.code} {category_name(category)}"))
    return sorted(choices)


@web.get("/mall")
def catalogue():
    filters = load_filters(ProductQuery())
    stmt = ops.search_products(filters["q"], filters["category"], filters["min_price"], filters["max_price"],
                               filters["sort"])
    return render_template("mall/catalogue/catalogue.html", page=paginate(stmt, count_cap=ops.MATCH_CAP), filters=filters,
                           tree=category_tree(),
                           names={c.code: category_name(c) for c in all_categories()})


def _product_page(product, form=None):
    user = page_user()
    own = is_bidder(user) and user.organization_id == product.supplier_id
    if own and form is None:
        form = ProductEditForm(formdata=None, obj=product)
    return render_form("mall/catalogue/product.html", form or ProductEditForm(formdata=None), product=product, own=own,
                       history=ops.price_history(product), compare=ops.comparison(product),
                       category_label=category_name(product.category))


@web.get("/mall/products/<int:product_id>")
def product(product_id):
    try:
        item = ops.get_product(page_user(), product_id)
    except DomainError:
        abort(404)
    return _product_page(item)


@web.post("/mall/products/<int:product_id>")
@page_roles("bidder")
def update_product(product_id):
    form = ProductEditForm()
    if handle_form(form, ProductPatch(), lambda d: ops.update_product(page_user(), product_id, d)) is None:
        try:
            item = ops.get_product(page_user(), product_id)
        except DomainError:
            abort(404)
        return _product_page(item, form)
    flash(_("Product updated."), "success")
    return redirect(url_for("mall.product", product_id=product_id))


def _selling_categories(user):
    """The codes the user's organisation is approved for, with their subcategories."""
    supplier = suppliers.supplier_of(user.organization)
    return {c for code in (supplier.approved_codes if supplier else ()) for c in with_descendants(code)}


@web.route("/mall/supplier/products/new", methods=["GET", "POST"])
@page_roles("bidder")
def new_product():
    user = page_user()
    form = ProductForm()
    form.category.choices = category_choices(_selling_categories(user))
    created = handle_form(form, ProductIn(), lambda d: ops.create_product(user, d))
    if created is None:
        return render_form("mall/catalogue/product_form.html", form)
    flash(_("Product listed."), "success")
    return redirect(url_for("mall.product", product_id=created.id))


@web.route("/mall/supplier/import", methods=["GET", "POST"])
@page_roles("bidder")
def import_page():
    return upload_page("mall/catalogue/import.html", lambda name, content: import_products(page_user(), name, content),
                       MAX_BYTES, columns=COLUMNS)


@web.get("/admin/mall/price-flags")
@page_roles("admin", "supervisor")
def price_flags():
    return render_template("mall/catalogue/price_flags.html", flags=ops.price_flags_for(page_user()))


def synonyms_panel(user):
    """The center's dashboard: the search synonyms, with a link to edit them."""
    return {"groups": len(parse_groups(synonyms.current_text()))}


def _synonyms_page(form):
    row = synonyms.stored()
    return render_form("mall/catalogue/synonyms.html", form, row=row,
                       groups=parse_groups(synonyms.current_text()))


@web.get("/admin/mall/synonyms")
@page_roles("admin")
def synonym_list():
    return _synonyms_page(SynonymsForm(formdata=None, text=synonyms.current_text()))


@web.post("/admin/mall/synonyms")
@page_roles("admin")
def save_synonyms():
    form = SynonymsForm()
    if handle_form(form, SynonymsIn(), lambda data: synonyms.save_synonyms(page_user(), data["text"])) is None:
        return _synonyms_page(form)
    flash(_("The search synonyms are saved; the catalogue is being indexed again with them."), "success")
    return redirect(url_for("mall.synonym_list"))
