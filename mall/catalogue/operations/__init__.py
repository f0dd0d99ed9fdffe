"""The catalogue's products: listing, price changes with their history, search, price monitoring and
delisting of stale products. Plain functions taking the acting user; no request, no commit."""
from datetime import timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from core import clock
from core.auth import acts_as_center, is_bidder, oversees, require
from core.errors import Amount, DomainError, NotFound, message
from core.extensions import db
from core.models import Organization
from core.trail import record_event
from mall.catalogue.models import Category, PriceChange, Product
from mall.catalogue.operations import search, synonyms
from mall.catalogue.operations.categories import get_category, with_descendants
from mall.suppliers import operations as suppliers

FLAG_CODE = "mall_price_above_reference"
CENT = Decimal("0.01")
SORTS = ("relevance", "price", "-price")
PRICE_FIELDS = ("price", "reference_price")
# What a supplier may change with PATCH.
EDITABLE = ("price", "reference_price", "reference_source", "stock", "on_shelf")


def _check_price(price, reference_price):
    """A listed price may never exceed the reference price (equal is allowed)."""
    if price > reference_price:
        raise DomainError("price_above_reference",
                          "The price %(price)s is above the reference price %(reference)s.",
                          {"price": [message("may not exceed the reference price %(reference)s",
                                             reference=Amount(reference_price))]},
                          price=Amount(price), reference=Amount(reference_price))


def _index_text(product):
    category = db.session.get(Category, product.category_code)
    return search.index_text(product.name, product.brand, product.model, product.spec,
                             category.name if category else None, groups=synonyms.word_groups())


def reindex_batches(size=500):
    """The ids of every product, `size` at a time (the re-indexing's batches)."""
    ids = db.session.scalars(select(Product.id).order_by(Product.id)).all()
    return [ids[start:start + size] for start in range(0, len(ids), size)]


def reindex(product_ids):
    """Index the products again (their search_text) with the current synonym groups; returns how many."""
    products = db.session.scalars(select(Product).where(Product.id.in_(product_ids))).all()
    for product in products:
        product.search_text = _index_text(product)
    db.session.flush()
    return len(products)


def _recorded(product):
    return {"price": product.price, "reference_price": product.reference_price, "stock": product.stock,
            "on_shelf": product.on_shelf}


def create_product(actor, data):
    """List a product: the caller's organisation must be an approved supplier of its category."""
    require(is_bidder(actor), message="Only mall suppliers list products.")
    get_category(data["category"])
    organization = db.session.get(Organization, actor.organization_id)
    require(suppliers.may_sell(organization, data["category"]), "not_a_supplier",
            "Your organisation is not an approved mall supplier of this category.")
    _check_price(data["price"], data["reference_price"])
    now = clock.now()
    product = Product(
        supplier_id=organization.id, category_code=data["category"], name=data["name"],
        brand=data.get("brand"), model=data.get("model"), spec=data.get("spec"), unit=data["unit"],
        price=data["price"], reference_price=data["reference_price"], reference_source=data.get("reference_source"),
        stock=data["stock"], on_shelf=data.get("on_shelf", True), created_at=now, updated_at=now,
    )
    product.search_text = _index_text(product)
    db.session.add(product)
    db.session.flush()
    db.session.add(PriceChange(product_id=product.id, old_price=None, new_price=product.price,
                               old_reference_price=None, new_reference_price=product.reference_price,
                               changed_at=now, changed_by_id=actor.id))
    record_event(product, "product.listed", actor, after=_recorded(product) | {
        "name": product.name, "category": product.category_code, "reference_source": product.reference_source})
    db.session.flush()
    return product


def visible(actor, product):
    """Listed products are public; a product off the shelf or of a supplier that may not sell is seen
    by its supplier, the center and supervisors only."""
    if actor is not None and (oversees(actor) or actor.organization_id == product.supplier_id):
        return True
    return product.on_shelf and suppliers.may_sell(product.supplier)


def get_product(actor, product_id, lock=False):
    stmt = select(Product).where(Product.id == product_id)
    product = db.session.scalar(stmt.with_for_update() if lock else stmt)
    if product is None or not visible(actor, product):
        raise NotFound("not_found", "Product not found.")
    return product


def update_product(actor, product_id, data):
    """Its supplier changes the price, reference price, stock or shelf state; price changes are kept."""
    require(is_bidder(actor), message="Only the product's supplier changes it.")
    product = get_product(actor, product_id, lock=True)
    require(product.supplier_id == actor.organization_id, message="Only the product's supplier changes it.")
    changes = {k: v for k, v in data.items() if k in EDITABLE and getattr(product, k) != v}
    if not changes:
        return product
    if changes.get("on_shelf"):
        require(suppliers.may_sell(product.supplier, product.category_code), "not_a_supplier",
                "Your organisation may not sell in this category now: the product stays off the shelf.")
    new_price = changes.get("price", product.price)
    new_reference = changes.get("reference_price", product.reference_price)
    _check_price(new_price, new_reference)
    before = {k: getattr(product, k) for k in changes}
    now = clock.now()
    if any(k in changes for k in PRICE_FIELDS):
        db.session.add(PriceChange(product_id=product.id, old_price=product.price, new_price=new_price,
                                   old_reference_price=product.reference_price, new_reference_price=new_reference,
                                   changed_at=now, changed_by_id=actor.id))
    for name, value in changes.items():
        setattr(product, name, value)
    product.updated_at = now
    db.session.flush()
    record_event(product, "product.updated", actor, before, changes)
    return product


def price_history(product):
    return list(db.session.scalars(select(PriceChange).where(PriceChange.product_id == product.id)
                                   .order_by(PriceChange.changed_at.desc(), PriceChange.id.desc())))


def listed(resolved=False):
    """Select of the products shown in the catalogue: on the shelf, of suppliers that may sell.
    `resolved`: the suppliers are looked up first and given as a list of ids (a search over many
    products then filters with the list instead of joining the suppliers for every product)."""
    sellers = suppliers.selling_organizations()
    if resolved:
        sellers = list(db.session.scalars(sellers))
    return select(Product).where(Product.on_shelf.is_(True), Product.supplier_id.in_(sellers))


# A keyword search works on its first MATCH_CAP matches (in the index's order): it ranks them or sorts
# them by price. Ranking or sorting every match of a common word (打印机: one product in ten of a large
# catalogue) reads every matching row and took seconds. Totals are counted up to MATCH_CAP too: a total of
# MATCH_CAP means "MATCH_CAP or more" (the schema says so); more words or a category narrow the search.
MATCH_CAP = 1_000


def search_products(q=None, category=None, min_price=None, max_price=None, sort=None, supplier_id=None):
    """Select of the listed products matching the filters; a category includes its subcategories.
    With keywords: the first MATCH_CAP matches, ranked best first (or sorted by price)."""
    return _catalogue_search(q, category, min_price, max_price, sort, supplier_id)[0]


def search_page(q=None, category=None, min_price=None, max_price=None, sort=None, page=1, per_page=50):
    """(the products of one page of the catalogue search, in order; the total, counted up to MATCH_CAP)."""
    stmt, matches, ordered = _catalogue_search(q, category, min_price, max_price, sort)
    offset = (page - 1) * per_page
    if ordered is None:
        items = list(db.session.scalars(stmt.limit(per_page).offset(offset)))
        total = db.session.scalar(select(func.count()).select_from(matches.limit(MATCH_CAP).subquery()))
        return items, total
    # Keywords: the page's ids and the total in one query over the found matches, then those products only.
    rows = db.session.execute(ordered.limit(per_page).offset(offset)).all()
    total = rows[0].found_total if rows else db.session.scalar(select(func.count()).select_from(matches.subquery()))
    products = {p.id: p for p in db.session.scalars(
        select(Product).where(Product.id.in_([row.id for row in rows]))
        .options(joinedload(Product.supplier), joinedload(Product.category)))}
    return [products[row.id] for row in rows], total


def _catalogue_search(q=None, category=None, min_price=None, max_price=None, sort=None, supplier_id=None):
    """(select of the products in the page order, select of the ids to count for the total, and with
    keywords a select of (id, found_total) in the page order, else None)."""
    terms = search.query(q, synonyms.word_groups())
    dialect = db.session.get_bind().dialect.name
    # With keywords on PostgreSQL the full-text index narrows the products and the other filters are checked
    # on its matches: written as expressions no index covers, so that the planner does not AND the bitmap
    # of a whole category or price range (a quarter of the catalogue) with the search's, which cost more
    # than the search itself.
    unindexed = bool(terms) and dialect == "postgresql"
    category_code = Product.category_code.concat("") if unindexed else Product.category_code
    price = Product.price + 0 if unindexed else Product.price
    stmt = listed(resolved=True)
    if category:
        stmt = stmt.where(category_code.in_(with_descendants(category)))
    if min_price is not None:
        stmt = stmt.where(price >= min_price)
    if max_price is not None:
        stmt = stmt.where(price <= max_price)
    if supplier_id is not None:
        stmt = stmt.where(Product.supplier_id == supplier_id)
    loads = (selectinload(Product.supplier), selectinload(Product.category))
    if not terms:
        matches = stmt.with_only_columns(Product.id)
        order = {"price": Product.price.asc(), "-price": Product.price.desc()}.get(sort, Product.updated_at.desc())
        # Without keywords: the latest changed first.
        return stmt.order_by(order, Product.id.asc()).options(*loads), matches, None
    stmt, score = search.apply(stmt, Product, terms, dialect)
    # The first MATCH_CAP matches with what they are sorted by, found once; sorted on these columns only.
    found = (stmt.with_only_columns(Product.id, Product.price, score.label("score")).limit(MATCH_CAP)
             .cte("found"))
    order = ({"price": found.c.price.asc(), "-price": found.c.price.desc()}.get(sort, found.c.score.desc()),
             found.c.id.asc())
    ordered = select(found.c.id, func.count().over().label("found_total")).order_by(*order)
    products = select(Product).join(found, found.c.id == Product.id).order_by(*order).options(*loads)
    return products, select(found.c.id), ordered


def supplier_products(actor, q=None, on_shelf=None):
    """Select of the caller's own products, listed or not (the supplier console)."""
    require(is_bidder(actor), message="Only mall suppliers have products.")
    stmt = select(Product).where(Product.supplier_id == actor.organization_id)
    if on_shelf is not None:
        stmt = stmt.where(Product.on_shelf.is_(on_shelf))
    terms = search.query(q, synonyms.word_groups())
    if terms:
        stmt, _ = search.apply(stmt, Product, terms, db.session.get_bind().dialect.name)
    return stmt.order_by(Product.updated_at.desc(), Product.id.desc())


def comparison(product):
    """The listed products of the same brand and model (other suppliers' too), cheapest first."""
    if not product.brand or not product.model:
        return []
    return list(db.session.scalars(listed().where(Product.brand == product.brand, Product.model == product.model)
                                   .order_by(Product.price, Product.id)))


def _ratio():
    return Decimal(str(current_app.config["MALL_PRICE_OUTLIER_RATIO"]))


def price_flags(product_ids=None):
    """Listed products (of `product_ids`, or all) whose price is above their reference, or more than
    MALL_PRICE_OUTLIER_RATIO above the lowest listed price of the same brand and model at another supplier:
    [{code, severity, subject, detail, detected_at, product, reason, lowest_elsewhere}], computed when read."""
    other = aliased(Product)
    lowest = (select(func.min(other.price)).where(
        other.on_shelf.is_(True), other.supplier_id.in_(suppliers.selling_organizations()),
        other.supplier_id != Product.supplier_id, other.brand == Product.brand, other.model == Product.model)
        .scalar_subquery())
    ratio = _ratio()
    # The database narrows down (SQLite computes with floats: a cent of tolerance), Decimal decides.
    stmt = (listed().add_columns(lowest.label("lowest"))
            .where(or_(Product.price > Product.reference_price,
                       and_(Product.brand.is_not(None), Product.model.is_not(None),
                            Product.price > lowest * (1 + ratio) - CENT)))
            .order_by(Product.updated_at.desc(), Product.id.desc()))
    if product_ids is not None:
        stmt = stmt.where(Product.id.in_(product_ids))
    flags = []
    for product, lowest_price in db.session.execute(stmt):
        above_reference = product.price > product.reference_price
        if not above_reference and not product.price > lowest_price * (1 + ratio):
            continue
        if above_reference:
            detail = message("The price %(price)s is above the reference price %(reference)s.",
                             price=Amount(product.price), reference=Amount(product.reference_price))
        else:
            detail = message("The price %(price)s is more than %(percent)s%% above the lowest price %(lowest)s of "
                             "the same brand and model at another supplier.", price=Amount(product.price),
                             percent=int(ratio * 100), lowest=Amount(lowest_price))
        flags.append({"code": FLAG_CODE, "severity": "warning", "subject": f"product:{product.id}",
                      "detail": detail, "detected_at": product.updated_at, "product": product,
                      "reason": "above_reference" if above_reference else "above_lowest_elsewhere",
                      "lowest_elsewhere": lowest_price})
    return flags


def same_model_ids(product):
    """The ids of the products whose price flags a change of `product` may change: those of its brand and
    model (itself included), or itself alone when it names none."""
    if product.brand is None or product.model is None:
        return [product.id]
    return list(db.session.scalars(select(Product.id).where(Product.brand == product.brand,
                                                            Product.model == product.model).order_by(Product.id)))


def price_flags_for(actor):
    require(oversees(actor),
            message="Only the trading center and supervisors see the price flags.")
    return price_flags()


def delist_stale(actor):
    """Take off the shelf every product unsold and unchanged for more than MALL_STALE_DAYS days;
    return how many."""
    require(acts_as_center(actor), message="Only the trading center delists stale products.")
    days = current_app.config["MALL_STALE_DAYS"]
    cutoff = clock.now() - timedelta(days=days)
    products = list(db.session.scalars(select(Product).where(
        Product.on_shelf.is_(True), Product.updated_at < cutoff,
        or_(Product.last_sold_at.is_(None), Product.last_sold_at < cutoff)).order_by(Product.id).with_for_update()))
    now = clock.now()
    for product in products:
        product.on_shelf = False
        product.updated_at = now
        record_event(product, "product.delisted", actor, {"on_shelf": True},
                     {"on_shelf": False, "reason": f"unsold and unchanged for more than {days} days"})
    db.session.flush()
    return len(products)
