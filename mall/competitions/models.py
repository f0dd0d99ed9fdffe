"""Competitions and their sealed quotes."""
import hashlib

from core.auth import acts_as_center
from core.extensions import db
from core.lifecycle import Lifecycle
from core.types import Money, UTCDateTime

COMPETITION_STATUSES = ("open", "awarded", "failed")
COMPETITION_LIFECYCLE = Lifecycle("competition", {"open": ("awarded", "failed")})


class Competition(db.Model):
    """A quick sealed price competition (竞价): quotes are sealed until close."""

    __tablename__ = "mall_competition"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(30), nullable=False, unique=True)
    status = db.Column(db.String(20), nullable=False, default="open", index=True)
    purchaser_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    budget_id = db.Column(db.ForeignKey("budget_line.id"), nullable=False, index=True)
    created_by_id = db.Column(db.ForeignKey("user.id"))
    title = db.Column(db.String(200), nullable=False)
    category_code = db.Column(db.ForeignKey("mall_category.code"), nullable=False, index=True)
    quantity = db.Column(db.Integer, nullable=False)
    spec = db.Column(db.String(2000), nullable=False)
    budget_amount = db.Column(Money(), nullable=False)  # the price cap, reserved on the budget line
    closes_at = db.Column(UTCDateTime, nullable=False, index=True)
    # The competition's Fernet key, wrapped by the master key (core.sealing).
    sealed_key = db.Column(db.Text, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False)
    closed_at = db.Column(UTCDateTime)
    failed_reason = db.Column(db.String(40))
    winning_quote_id = db.Column(db.Integer)

    purchaser = db.relationship("Organization")
    budget = db.relationship("BudgetLine")

    WATCHED_FIELDS = ("status", "budget_amount", "closes_at")

    def recorded_state(self):
        return {name: getattr(self, name) for name in self.WATCHED_FIELDS}

    def is_owned_by(self, user):
        return user is not None and user.role == "purchaser" and user.organization_id == self.purchaser_id

    @property
    def is_closed(self):
        return self.closed_at is not None

    def accepts_quotes(self, now):
        return self.status == "open" and now < self.closes_at

    def is_due(self, now):
        return self.status == "open" and now >= self.closes_at

    def can_close(self, user, now):
        return (self.is_owned_by(user) or acts_as_center(user)) and self.is_due(now)


class Quote(db.Model):
    """A supplier's sealed quote; closing fills the record columns."""

    __tablename__ = "mall_quote"
    __table_args__ = (db.UniqueConstraint("competition_id", "organization_id", name="uq_mall_quote_supplier"),)

    id = db.Column(db.Integer, primary_key=True)
    competition_id = db.Column(db.ForeignKey("mall_competition.id"), nullable=False, index=True)
    organization_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    ciphertext = db.Column(db.LargeBinary, nullable=False)
    receipt = db.Column(db.String(64), nullable=False)
    submitted_at = db.Column(UTCDateTime, nullable=False)
    # The record of the close.
    unit_price = db.Column(Money())
    total = db.Column(Money())
    product_id = db.Column(db.Integer)
    valid = db.Column(db.Boolean)
    invalid_reason = db.Column(db.String(40))

    competition = db.relationship("Competition")
    organization = db.relationship("Organization")

    @property
    def ciphertext_sha256(self):
        """The sealed content's hash: the trail records it, so a ciphertext swapped behind its back is found."""
        return hashlib.sha256(self.ciphertext).hexdigest() if self.ciphertext is not None else None
