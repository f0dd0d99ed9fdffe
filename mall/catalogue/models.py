"""The mall catalogue: categories, products and their price history."""
from sqlalchemy import Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.types import TypeDecorator

from core import clock
from core.extensions import db
from core.types import Money, UTCDateTime

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
    # jieba-segmented tokens, space separated (mall.catalogue.operations.search): the full-text index covers this column.
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


class SynonymList(db.Model):
    """The catalogue search's synonyms as the center keeps them: one group of words per line (one row)."""

    __tablename__ = "mall_synonym_list"

    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.Text, nullable=False)
    updated_at = db.Column(UTCDateTime, nullable=False)
    updated_by_id = db.Column(db.ForeignKey("user.id"))

    WATCHED_FIELDS = ("text",)

    def recorded_state(self):
        return {"text": self.text}
