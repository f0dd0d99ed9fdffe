"""Direct orders and their items."""
from sqlalchemy.orm import selectinload

from core.auth import acts_as_center, oversees
from core.extensions import db
from core.lifecycle import Lifecycle
from core.types import Money, UTCDateTime

ORDER_STATUSES = ("placed", "confirmed", "shipped", "accepted", "paid", "archived", "cancelled")
ORDER_LIFECYCLE = Lifecycle("order", {
    "placed": ("confirmed", "cancelled"),
    "confirmed": ("shipped", "cancelled"),
    "shipped": ("accepted",),
    "accepted": ("paid",),
    "paid": ("archived",),
})
CHANNELS = ("direct", "competition")


class Order(db.Model):
    """A mall order from one supplier, drawn on one budget line."""

    __tablename__ = "mall_order"
    __table_args__ = (
        # A unit's orders by time: its order list, and the split-order rule's window (direct_spending).
        db.Index("ix_mall_order_purchaser_placed", "purchaser_id", "placed_at"),
    )

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(30), nullable=False, unique=True)
    channel = db.Column(db.String(20), nullable=False)  # direct | competition
    status = db.Column(db.String(20), nullable=False, default="placed", index=True)
    purchaser_id = db.Column(db.ForeignKey("organization.id"), nullable=False)
    supplier_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    budget_id = db.Column(db.ForeignKey("budget_line.id"), nullable=False, index=True)
    competition_id = db.Column(db.ForeignKey("mall_competition.id"), unique=True)
    created_by_id = db.Column(db.ForeignKey("user.id"))
    total = db.Column(Money(), nullable=False)
    savings = db.Column(Money(), nullable=False)
    note = db.Column(db.String(500))
    placed_at = db.Column(UTCDateTime, nullable=False, index=True)
    confirmed_at = db.Column(UTCDateTime)
    shipped_at = db.Column(UTCDateTime)
    # The acceptance note (验收单).
    accepted_at = db.Column(UTCDateTime)
    acceptance_date = db.Column(db.Date)
    acceptance_note = db.Column(db.String(1000))
    accepted_by_id = db.Column(db.ForeignKey("user.id"))
    # The payment.
    paid_at = db.Column(UTCDateTime)
    paid_amount = db.Column(Money())
    payment_date = db.Column(db.Date)
    invoice_number = db.Column(db.String(60))
    payment_reference = db.Column(db.String(100))
    archived_at = db.Column(UTCDateTime)
    cancelled_at = db.Column(UTCDateTime)
    cancel_reason = db.Column(db.String(500))
    rating = db.Column(db.Integer)
    rated_at = db.Column(UTCDateTime)

    purchaser = db.relationship("Organization", foreign_keys=[purchaser_id])
    supplier = db.relationship("Organization", foreign_keys=[supplier_id])
    budget = db.relationship("BudgetLine")
    competition = db.relationship("Competition", foreign_keys=[competition_id])
    accepted_by = db.relationship("User", foreign_keys=[accepted_by_id])
    items = db.relationship("OrderItem", back_populates="order", order_by="OrderItem.id")

    # The trail guards the money and the outcome: the budget line, the savings and every item's prices.
    WATCHED_FIELDS = ("status", "total", "paid_amount", "budget_id", "savings", "lines")

    @classmethod
    def watched_loading(cls):
        """How verification loads orders: with their items (one query a batch, not one an order)."""
        return (selectinload(cls.items),)

    @property
    def lines(self):
        """Each item as the trail records it: product, name, quantity, unit and reference price, line total."""
        return [{"product_id": i.product_id, "name": i.name, "quantity": i.quantity, "unit_price": i.unit_price,
                 "reference_price": i.reference_price, "line_total": i.line_total}
                for i in sorted(self.items, key=lambda i: i.id)]

    def recorded_state(self):
        return {name: getattr(self, name) for name in self.WATCHED_FIELDS}

    def is_purchaser(self, user):
        return user is not None and user.role == "purchaser" and user.organization_id == self.purchaser_id

    def is_supplier(self, user):
        return user is not None and user.role == "bidder" and user.organization_id == self.supplier_id

    def can_view(self, user):
        return self.is_purchaser(user) or self.is_supplier(user) or oversees(user)

    def actions_for(self, user):
        """The steps this user may take now (the pages show these buttons)."""
        steps = []
        if self.is_supplier(user):
            steps += {"placed": ["confirm", "cancel"], "confirmed": ["ship", "cancel"]}.get(self.status, [])
        if self.is_purchaser(user):
            steps += {"placed": ["cancel"], "confirmed": ["cancel"], "shipped": ["accept"],
                      "accepted": ["pay"], "paid": ["archive"]}.get(self.status, [])
        if acts_as_center(user) and self.status == "paid":
            steps.append("archive")
        return steps

    def can_rate(self, user):
        return self.is_purchaser(user) and self.accepted_at is not None and self.status != "cancelled" \
            and self.rating is None


class OrderItem(db.Model):
    __tablename__ = "mall_order_item"

    id = db.Column(db.Integer, primary_key=True)
    order_id = db.Column(db.ForeignKey("mall_order.id"), nullable=False, index=True)
    product_id = db.Column(db.ForeignKey("mall_product.id"), index=True)  # none: a competition without a product
    category_code = db.Column(db.ForeignKey("mall_category.code"), nullable=False, index=True)
    name = db.Column(db.String(200), nullable=False)
    unit = db.Column(db.String(20))
    quantity = db.Column(db.Integer, nullable=False)
    unit_price = db.Column(Money(), nullable=False)
    # The product's reference price at placing: savings = quantity × (reference_price − unit_price).
    reference_price = db.Column(Money(), nullable=False)
    line_total = db.Column(Money(), nullable=False)

    order = db.relationship("Order", back_populates="items")
    product = db.relationship("Product")


class CartItem(db.Model):
    """A product in a purchaser's cart, kept on the server so that the cart outlives the session."""

    __tablename__ = "mall_cart_item"
    __table_args__ = (db.UniqueConstraint("user_id", "product_id", name="uq_mall_cart_item_user_product"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id"), nullable=False, index=True)
    product_id = db.Column(db.ForeignKey("mall_product.id"), nullable=False)
    quantity = db.Column(db.Integer, nullable=False)
    added_at = db.Column(UTCDateTime, nullable=False)

    product = db.relationship("Product")
