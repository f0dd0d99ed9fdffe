"""Mall suppliers: who may sell, and in which categories."""
from sqlalchemy import select

from core import clock
from core.extensions import db
from mall.models import Supplier, SupplierCategory


def supplier_of(organization):
    """The organisation's supplier record, or None."""
    if organization is None:
        return None
    return db.session.scalar(select(Supplier).where(Supplier.organization_id == organization.id))


def may_sell(organization, category_code=None):
    """An approved organisation, not blacklisted today, approved as a supplier (for that category)."""
    if organization is None or not organization.is_approved or organization.is_blacklisted(clock.today()):
        return False
    supplier = supplier_of(organization)
    if supplier is None or supplier.status != "approved":
        return False
    if category_code is None:
        return True
    return db.session.scalar(select(SupplierCategory.approved_at).where(
        SupplierCategory.supplier_id == supplier.id, SupplierCategory.category_code == category_code)) is not None
