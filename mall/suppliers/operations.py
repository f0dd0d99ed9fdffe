"""Mall suppliers: an approved bidder organisation applies for categories, the center decides.

Plain functions taking the acting user; no request, no commit. `may_sell` is the one check of
whether an organisation may sell now (in a category): orders and competitions use it too.
"""
from sqlalchemy import select

from core import clock
from core.auth import acts_as_center, is_bidder, oversees, require
from core.errors import N_, Code, Conflict, Forbidden, NotFound, ValidationFailed
from core.extensions import db
from core.lifecycle import Lifecycle
from core.models import Organization
from core.notifications import notify, page_link
from core.trail import record_event
from mall.catalogue.models import Product
from mall.catalogue.operations.categories import ancestors_cte, get_category
from mall.suppliers.models import Supplier, SupplierCategory

SUPPLIER_LIFECYCLE = Lifecycle("supplier", {
    "pending": ("approved", "rejected"),
    "rejected": ("pending",),  # applies again
    "approved": ("suspended",),
    "suspended": ("approved",),  # reinstated
})
# The notifications this feature sends: kind -> (title, body), English templates (core.notifications).
NOTIFICATION_KINDS = {
    "supplier.approved": (N_("Mall supplier application approved"),
                          N_("The trading center approved %(organization)s as a mall supplier for: %(categories)s.")),
    "supplier.rejected": (N_("Mall supplier application rejected"),
                          N_("The trading center rejected the mall supplier application of %(organization)s: %(reason)s")),
    "supplier.suspended": (N_("Mall supplier suspended"),
                           N_("The trading center suspended %(organization)s as a mall supplier; its products are off the "
                              "shelf: %(reason)s")),
    "supplier.reinstated": (N_("Mall supplier reinstated"),
                            N_("The trading center reinstated %(organization)s as a mall supplier; put your products back "
                               "on the shelf.")),
}


def supplier_of(organization):
    """The organisation's supplier record, or None."""
    if organization is None:
        return None
    return db.session.scalar(select(Supplier).where(Supplier.organization_id == organization.id))


def may_sell(organization, category_code=None):
    """An approved organisation, not blacklisted today, approved as a supplier (for that category, or
    for a category above it). One statement: the supplier's status, its categories and the category's
    ancestors are read together."""
    if organization is None or not organization.is_approved or organization.is_blacklisted(clock.today()):
        return False
    if category_code is None:
        supplier = supplier_of(organization)
        return supplier is not None and supplier.status == "approved"
    return db.session.scalar(
        select(SupplierCategory.category_code).join(Supplier)
        .where(Supplier.organization_id == organization.id, Supplier.status == "approved",
               SupplierCategory.approved_at.is_not(None),
               SupplierCategory.category_code.in_(select(ancestors_cte(category_code).c.code)))
        .limit(1)) is not None


def selling_organizations():
    """Select of the ids of organisations that may sell today (for listing queries)."""
    today = clock.today()
    return (select(Organization.id).join(Supplier, Supplier.organization_id == Organization.id)
            .where(Organization.status == "approved", Supplier.status == "approved",
                   (Organization.blacklisted_until.is_(None)) | (Organization.blacklisted_until < today)))


def search_suppliers(status=None):
    stmt = select(Supplier).order_by(Supplier.created_at.desc(), Supplier.id.desc())
    if status:
        stmt = stmt.where(Supplier.status == status)
    return stmt


def get_supplier(actor, supplier_id):
    """The center and supervisors see every supplier; a bidder only its own (others: not found)."""
    supplier = db.session.get(Supplier, supplier_id)
    if supplier is None or not (oversees(actor)
                                or (is_bidder(actor) and actor.organization_id == supplier.organization_id)):
        raise NotFound("not_found", "Supplier not found.")
    return supplier


def my_supplier(actor):
    """The caller's organisation's supplier record (404 before it applies)."""
    require(is_bidder(actor), message="Only bidder organisations are mall suppliers.")
    supplier = db.session.scalar(select(Supplier).where(Supplier.organization_id == actor.organization_id))
    if supplier is None:
        raise NotFound("not_found", "Your organisation has not applied to be a mall supplier.")
    return supplier


def _state(supplier):
    return {"status": supplier.status, "categories": supplier.approved_codes, "pending": supplier.pending_codes}


def apply(actor, category_codes):
    """The caller's organisation applies to sell in these categories (or in more categories)."""
    require(is_bidder(actor), message="Only bidder organisations apply to be mall suppliers.")
    organization = db.session.get(Organization, actor.organization_id)
    if organization is None or not organization.is_approved:
        raise Forbidden("organization_not_approved",
                        "Your organisation must be approved by the trading center before it applies.")
    if organization.is_blacklisted(clock.today()):
        raise Forbidden("blacklisted", "Your organisation is blacklisted until %(date)s and cannot sell.",
                        date=organization.blacklisted_until)
    codes = list(dict.fromkeys(category_codes or ()))
    if not codes:
        raise ValidationFailed({"categories": ["choose at least one category"]})
    for index, code in enumerate(codes):
        get_category(code, f"categories.{index}")
    supplier = db.session.scalar(select(Supplier).where(Supplier.organization_id == organization.id)
                                 .with_for_update())
    if supplier is None:
        supplier = Supplier(organization_id=organization.id, status="pending", created_at=clock.now())
        db.session.add(supplier)
        db.session.flush()
        supplier.categories = [SupplierCategory(category_code=c) for c in codes]
        db.session.flush()
        record_event(supplier, "supplier.applied", actor, after=_state(supplier))
        return supplier
    if supplier.status == "suspended":
        raise Conflict("wrong_status", "This cannot be done while the %(object)s is %(status)s.",
                       object=Code("supplier"), status=Code(supplier.status))
    before = _state(supplier)
    known = {c.category_code for c in supplier.categories}
    new = [c for c in codes if c not in known]
    if supplier.status == "rejected":
        supplier.categories = [c for c in supplier.categories if c.approved_at is not None]
        known = {c.category_code for c in supplier.categories}
        new = [c for c in codes if c not in known]
        supplier.categories += [SupplierCategory(category_code=c) for c in new]
        db.session.flush()
        return SUPPLIER_LIFECYCLE.change(supplier, "pending", actor, "supplier.applied",
                                         {"reason": None, "decided_at": None},
                                         before={k: v for k, v in before.items() if k != "status"},
                                         details={k: v for k, v in _state(supplier).items() if k != "status"})
    if not new:
        raise Conflict("already_applied", "Your organisation has already applied for these categories.")
    supplier.categories += [SupplierCategory(category_code=c) for c in new]
    db.session.flush()
    record_event(supplier, "supplier.applied", actor, before, _state(supplier))
    return supplier


def _require_center(actor):
    require(acts_as_center(actor), message="Only the trading center decides on mall suppliers.")


def _locked(supplier_id):
    supplier = db.session.scalar(select(Supplier).where(Supplier.id == supplier_id).with_for_update())
    if supplier is None:
        raise NotFound("not_found", "Supplier not found.")
    return supplier


def _notify(supplier, kind, **params):
    notify([supplier.organization], kind, page_link("mall_suppliers.supplier_console"),
           organization=supplier.organization.name, **params)


def approve(actor, supplier_id):
    """Approve a pending application, or the categories an approved supplier applied for since."""
    _require_center(actor)
    supplier = _locked(supplier_id)
    pending = [c for c in supplier.categories if c.approved_at is None]
    now = clock.now()
    if supplier.status == "approved" and pending:
        before = _state(supplier)
        for c in pending:
            c.approved_at = now
        db.session.flush()
        record_event(supplier, "supplier.categories_approved", actor, before, _state(supplier))
    else:
        for c in pending:
            c.approved_at = now
        SUPPLIER_LIFECYCLE.change(supplier, "approved", actor, "supplier.approved",
                                  {"decided_at": now, "reason": None},
                                  details={"categories": [c.category_code for c in supplier.categories]})
    _notify(supplier, "supplier.approved", categories=", ".join(c.category_code for c in pending))
    return supplier


def _reason(reason):
    if not reason or not reason.strip():
        raise ValidationFailed({"reason": ["a reason is required"]})
    return reason.strip()


def reject(actor, supplier_id, reason):
    """Refuse a pending application (or the categories an approved supplier applied for since)."""
    _require_center(actor)
    reason = _reason(reason)
    supplier = _locked(supplier_id)
    pending = [c for c in supplier.categories if c.approved_at is None]
    if supplier.status == "approved" and pending:
        before = _state(supplier)
        supplier.categories = [c for c in supplier.categories if c.approved_at is not None]
        db.session.flush()
        record_event(supplier, "supplier.categories_rejected", actor, before, _state(supplier) | {"reason": reason})
    else:
        SUPPLIER_LIFECYCLE.change(supplier, "rejected", actor, "supplier.rejected",
                                  {"decided_at": clock.now(), "reason": reason}, details={"reason": reason})
    _notify(supplier, "supplier.rejected", reason=reason)
    return supplier


def take_off_shelf(organization_id, actor, action, reason=None):
    """Every listed product of the organisation goes off the shelf, each change in the trail."""
    products = list(db.session.scalars(select(Product).where(
        Product.supplier_id == organization_id, Product.on_shelf.is_(True)).order_by(Product.id).with_for_update()))
    now = clock.now()
    for product in products:
        product.on_shelf = False
        product.updated_at = now
        record_event(product, action, actor, {"on_shelf": True}, {"on_shelf": False, "reason": reason})
    db.session.flush()
    return len(products)


def suspend(actor, supplier_id, reason):
    """Stop an approved supplier from selling: its products go off the shelf."""
    _require_center(actor)
    reason = _reason(reason)
    supplier = _locked(supplier_id)
    SUPPLIER_LIFECYCLE.change(supplier, "suspended", actor, "supplier.suspended",
                              {"decided_at": clock.now(), "reason": reason}, details={"reason": reason})
    take_off_shelf(supplier.organization_id, actor, "product.delisted", reason)
    _notify(supplier, "supplier.suspended", reason=reason)
    return supplier


def reinstate(actor, supplier_id):
    """A suspended supplier may sell again (it puts its products back on the shelf itself)."""
    _require_center(actor)
    supplier = _locked(supplier_id)
    SUPPLIER_LIFECYCLE.change(supplier, "approved", actor, "supplier.reinstated",
                              {"decided_at": clock.now(), "reason": None}, before={"reason": supplier.reason})
    _notify(supplier, "supplier.reinstated")
    return supplier
