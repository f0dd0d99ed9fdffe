"""Mall suppliers and the categories each is approved for."""
from core import clock
from core.extensions import db
from core.types import UTCDateTime

SUPPLIER_STATUSES = ("pending", "approved", "rejected", "suspended")


class Supplier(db.Model):
    """A bidder organisation's application to sell in the mall, decided by the center."""

    __tablename__ = "mall_supplier"

    id = db.Column(db.Integer, primary_key=True)
    organization_id = db.Column(db.ForeignKey("organization.id"), nullable=False, unique=True)
    status = db.Column(db.String(20), nullable=False, default="pending", index=True)
    reason = db.Column(db.String(500))  # of a rejection or suspension
    created_at = db.Column(UTCDateTime, nullable=False, default=clock.now)
    decided_at = db.Column(UTCDateTime)
    # Ratings by purchasers after acceptance (1-5): the public score is rating_total / rating_count.
    rating_count = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    rating_total = db.Column(db.Integer, nullable=False, default=0, server_default="0")

    organization = db.relationship("Organization")
    categories = db.relationship(
        "SupplierCategory", cascade="all, delete-orphan", order_by="SupplierCategory.category_code",
        back_populates="supplier",
    )

    WATCHED_FIELDS = ("status",)

    @property
    def rating(self):
        """The average rating, or None before the first one."""
        if not self.rating_count:
            return None
        from decimal import Decimal

        return (Decimal(self.rating_total) / self.rating_count).quantize(Decimal("0.1"))

    @property
    def approved_codes(self):
        return sorted(c.category_code for c in self.categories if c.approved_at is not None)

    @property
    def pending_codes(self):
        return sorted(c.category_code for c in self.categories if c.approved_at is None)


class SupplierCategory(db.Model):
    """A category a supplier applied for; approved when `approved_at` is set."""

    __tablename__ = "mall_supplier_category"

    supplier_id = db.Column(db.ForeignKey("mall_supplier.id"), primary_key=True)
    category_code = db.Column(db.ForeignKey("mall_category.code"), primary_key=True, index=True)
    approved_at = db.Column(UTCDateTime)

    supplier = db.relationship("Supplier", back_populates="categories")
    category = db.relationship("Category")
