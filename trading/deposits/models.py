"""Bid deposits (保证金, MOF Order 87 §33, §38): what each bidder declared inside its sealed bid, the center's check
after the opening, and the refund that falls due 5 working days after the event that releases it."""
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.auth import oversees
from core.extensions import db
from core.lifecycle import Lifecycle
from core.types import Money, UTCDateTime

# A bank transfer to the center's deposit account, or an electronic guarantee (电子保函).
METHODS = ("transfer", "guarantee")
# declared: read from the sealed bid, waiting for the center's check; confirmed: found in the bank statement or with
# the guarantee's issuer; missing: not found, short, or never declared (the bid is invalid: deposit_missing);
# refunded: returned (or the guarantee released).
DEPOSIT_LIFECYCLE = Lifecycle("deposit", {
    "declared": ("confirmed", "missing", "refunded"),
    "confirmed": ("refunded",),
})
CHECK_RESULTS = ("confirmed", "missing")
# What releases a deposit; its refund falls due REFUND_WORKING_DAYS working days after it.
RELEASES = ("result", "contract", "failed", "cancelled", "withdrawn")
REFUND_STATUSES = ("pending", "due", "overdue", "refunded", "none")
CENT = Decimal("0.01")


def late_interest(principal, annual_rate, days_late):
    """The interest a late refund owes: principal × annual rate × days late / 365, to the cent (half up)."""
    if days_late <= 0:
        return Decimal("0.00")
    return (principal * annual_rate * days_late / 365).quantize(CENT, ROUND_HALF_UP)


class Deposit(db.Model):
    """One bidder's deposit for one project, known from the opening (or the cancellation) on."""

    __tablename__ = "deposit"

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    bid_id = db.Column(db.ForeignKey("bid.id"), nullable=False, unique=True)
    organization_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    # As declared in the sealed bid; method and amount are empty when the bid declared none.
    method = db.Column(db.String(12))
    amount = db.Column(Money())
    reference = db.Column(db.String(100))
    issuer = db.Column(db.String(200))
    required = db.Column(Money(), nullable=False)  # the project's deposit when the bid was opened
    status = db.Column(db.String(12), nullable=False, index=True)
    check_note = db.Column(db.String(500))
    checked_at = db.Column(UTCDateTime)
    checked_by_id = db.Column(db.ForeignKey("user.id"))
    # The refund: due REFUND_WORKING_DAYS working days after its release.
    released_by = db.Column(db.String(12))
    released_on = db.Column(db.Date)
    refund_due_on = db.Column(db.Date, index=True)
    # A due date counted through a year with no holiday schedule, Monday to Friday.
    refund_due_estimated = db.Column(db.Boolean, nullable=False, default=False)
    refunded_on = db.Column(db.Date)
    refund_reference = db.Column(db.String(100))
    late_days = db.Column(db.Integer)
    interest = db.Column(Money())
    refunded_by_id = db.Column(db.ForeignKey("user.id"))
    created_at = db.Column(UTCDateTime, nullable=False)
    reminded = db.Column(db.Boolean, nullable=False, default=False)  # the reminder the day before the refund is due

    project = db.relationship("Project")
    bid = db.relationship("Bid", backref=db.backref("deposit", uselist=False))
    organization = db.relationship("Organization")

    WATCHED_FIELDS = ("status", "amount", "refund_due_on", "refunded_on", "late_days", "interest")

    def recorded_state(self):
        return {name: getattr(self, name) for name in self.WATCHED_FIELDS}

    @property
    def owed(self):
        """Money the center holds and must give back: declared or confirmed, not yet refunded."""
        return self.status in ("declared", "confirmed")

    def days_late(self, today: date):
        """Calendar days past the due date, up to the refund (or today while it is owed)."""
        if self.refund_due_on is None or self.status == "missing":
            return 0
        end = self.refunded_on if self.refunded_on is not None else today
        return max((end - self.refund_due_on).days, 0)

    def refund_status(self, today: date):
        """pending (nothing has released it yet), due, overdue, refunded, or none (nothing to refund)."""
        if self.status == "refunded":
            return "refunded"
        if self.status == "missing":
            return "none"
        if self.refund_due_on is None:
            return "pending"
        return "overdue" if today > self.refund_due_on else "due"

    def can_view(self, user):
        return user is not None and (oversees(user) or user.organization_id == self.organization_id)
