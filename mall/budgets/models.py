"""Budget lines with their amount, reserved and spent money."""
from decimal import Decimal

from core import clock
from core.auth import oversees
from core.extensions import db
from core.types import Money, UTCDateTime


class BudgetLine(db.Model):
    """A purchasing unit's budget for a year: orders reserve on it, payments move to spent."""

    __tablename__ = "budget_line"
    __table_args__ = (
        db.UniqueConstraint("organization_id", "year", "code", name="uq_budget_line_org_year_code"),
        db.CheckConstraint("reserved >= 0 AND spent >= 0 AND reserved + spent <= amount",
                           name="within_amount"),
    )

    id = db.Column(db.Integer, primary_key=True)
    organization_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    year = db.Column(db.Integer, nullable=False)
    code = db.Column(db.String(40), nullable=False)
    name = db.Column(db.String(200), nullable=False)
    amount = db.Column(Money(), nullable=False)
    reserved = db.Column(Money(), nullable=False, default=Decimal("0.00"))
    spent = db.Column(Money(), nullable=False, default=Decimal("0.00"))
    created_at = db.Column(UTCDateTime, nullable=False, default=clock.now)

    organization = db.relationship("Organization")

    WATCHED_FIELDS = ("amount", "reserved", "spent")

    @property
    def available(self):
        return self.amount - self.reserved - self.spent

    def recorded_state(self):
        return {name: getattr(self, name) for name in self.WATCHED_FIELDS}

    def is_owned_by(self, user):
        return user is not None and user.role == "purchaser" and user.organization_id == self.organization_id

    def can_view(self, user):
        return self.is_owned_by(user) or oversees(user)
