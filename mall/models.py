"""The mall catalogue: categories, suppliers approved per category, products and their price history."""
from sqlalchemy import Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.types import TypeDecorator

from core import clock
from core.extensions import db
from core.types import Money, UTCDateTime

SUPPLIER_STATUSES = ("pending", "approved", "rejected", "suspended")

# The SQLite full-text table of the product search (and its shadow tables) is made by the migration,
# not by a model: schema comparisons skip it.
db.metadata.info.setdefault("unmanaged_tables", set()).add("mall_product_fts")


class SearchVector(TypeDecorator):
    """PostgreSQL's tsvector; on SQLite an unused text column (SQLite searches its FTS5 table)."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(TSVECTOR() if dialect.name == "postgresql" else Text())


class Category(db.Model):
    """A node of the category tree (e.g. 办公设备 → 打印机); leaves hold products."""

    __tablename__ = "mall_category"

    code = db.Column(db.String(20), primary_key=True)
    name = db.Column(db.String(100), nullable=False)  # Chinese
    name_en = db.Column(db.String(100), nullable=False)
    parent_code = db.Column(db.ForeignKey("mall_category.code"), index=True)
    position = db.Column(db.Integer, nullable=False, default=0)

    parent = db.relationship("Category", remote_side=[code], back_populates="children")
    children = db.relationship("Category", back_populates="parent", order_by="Category.position")


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


class Product(db.Model):
    """A catalogue item of one supplier organisation."""

    __tablename__ = "mall_product"
    __table_args__ = (
        db.Index("ix_mall_product_brand_model", "brand", "model"),
        db.Index("ix_mall_product_listing", "on_shelf", "price"),
        # A category's products by price (browsing a category sorted by price, or in a price range).
        db.Index("ix_mall_product_category_price", "category_code", "price"),
        # PostgreSQL's full-text index of the search (SQLite: the FTS5 table mall_product_fts).
        db.Index("ix_mall_product_search", "search_vector", postgresql_using="gin"),
    )

    id = db.Column(db.Integer, primary_key=True)
    supplier_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    category_code = db.Column(db.ForeignKey("mall_category.code"), nullable=False, index=True)
    name = db.Column(db.String(200), nullable=False)
    brand = db.Column(db.String(100))
    model = db.Column(db.String(100))
    spec = db.Column(db.String(500))
    unit = db.Column(db.String(20), nullable=False)
    price = db.Column(Money(), nullable=False)
    reference_price = db.Column(Money(), nullable=False)
    reference_source = db.Column(db.String(200))  # where the reference comes from (maker, shop, URL)
    stock = db.Column(db.Integer, nullable=False, default=0)
    on_shelf = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=clock.now)
    # Indexed: the catalogue without keywords lists the latest changed first.
    updated_at = db.Column(UTCDateTime, nullable=False, default=clock.now, index=True)
    last_sold_at = db.Column(UTCDateTime)  # set by the orders when an order is placed
    # jieba-segmented tokens, space separated (mall.search): the full-text index covers this column.
    search_text = db.Column(db.Text, nullable=False, default="")
    # PostgreSQL: the tsvector of search_text, generated and stored (ranking reads it instead of parsing
    # search_text again for every match). SQLite leaves it empty. Never loaded with the product.
    search_vector = db.deferred(db.Column(SearchVector(), db.Computed(
        "to_tsvector('simple'::regconfig, search_text)", persisted=True)))

    supplier = db.relationship("Organization")
    category = db.relationship("Category")
    price_changes = db.relationship("PriceChange", order_by="PriceChange.id", back_populates="product")

    WATCHED_FIELDS = ("price", "reference_price", "stock")


class PriceChange(db.Model):
    """One change of a product's price or reference price (the price history)."""

    __tablename__ = "mall_price_change"

    id = db.Column(db.Integer, primary_key=True)
    product_id = db.Column(db.ForeignKey("mall_product.id"), nullable=False, index=True)
    old_price = db.Column(Money())  # None for the first listing
    new_price = db.Column(Money(), nullable=False)
    old_reference_price = db.Column(Money())
    new_reference_price = db.Column(Money(), nullable=False)
    changed_at = db.Column(UTCDateTime, nullable=False, default=clock.now)
    changed_by_id = db.Column(db.ForeignKey("user.id"))

    product = db.relationship("Product", back_populates="price_changes")
    changed_by = db.relationship("User")
