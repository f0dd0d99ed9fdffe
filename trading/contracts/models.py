"""After the award: the contract (合同) from the award notice to the last payment, its supplements (补充合同),
acceptance and site inspections (履约验收, with the performance rating), payments, and the signed files."""
from decimal import Decimal

from core.auth import oversees
from core.extensions import db
from core.lifecycle import Lifecycle
from core.types import Money, UTCDateTime

# awaiting_signature: awarded, waiting for the signed contract; signed: recorded, its notice published; accepted: a
# passed acceptance; acceptance_failed: the last acceptance failed (the supplier puts it right, the unit accepts again);
# paid: accepted and paid in full.
# annulled: the award withdrawn before signing (an upheld complaint, trading.challenges); the next award reopens it.
CONTRACT_LIFECYCLE = Lifecycle("contract", {
    "awaiting_signature": ("signed", "annulled"),
    "annulled": ("awaiting_signature",),
    "signed": ("accepted", "acceptance_failed"),
    "acceptance_failed": ("accepted",),
    "accepted": ("paid",),
})
CONTRACT_STATUSES = ("awaiting_signature", "signed", "accepted", "acceptance_failed", "paid", "annulled")
RATINGS = ("excellent", "good", "fair", "poor")
ACCEPTANCE_RESULTS = ("passed", "failed")
CHECK_KINDS = ("acceptance", "inspection")
SUPPLEMENT_SHARE = Decimal("0.10")  # GPL §49: supplements add at most 10% of the original amount


class ContractFile(db.Model):
    """A signed file the purchasing unit uploaded (the contract, a supplement, an acceptance report), kept with its
    SHA-256."""

    __tablename__ = "contract_file"

    id = db.Column(db.Integer, primary_key=True)
    contract_id = db.Column(db.ForeignKey("contract.id"), nullable=False, index=True)
    purpose = db.Column(db.String(12), nullable=False)  # contract | supplement | acceptance | inspection
    name = db.Column(db.String(200), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    content = db.deferred(db.Column(db.LargeBinary, nullable=False))
    uploaded_at = db.Column(UTCDateTime, nullable=False)
    uploaded_by_id = db.Column(db.ForeignKey("user.id"), nullable=False)


class Contract(db.Model):
    __tablename__ = "contract"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(30), nullable=False, unique=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, unique=True)
    bid_id = db.Column(db.ForeignKey("bid.id"), nullable=False)
    supplier_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    purchaser_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    status = db.Column(db.String(20), nullable=False, index=True)
    award_amount = db.Column(Money(), nullable=False)
    awarded_at = db.Column(UTCDateTime, nullable=False)  # the award notice's date
    sign_due_on = db.Column(db.Date, nullable=False, index=True)
    # The signed contract, as recorded.
    signed_on = db.Column(db.Date)
    amount = db.Column(Money())
    performance_bond = db.Column(Money())
    recorded_at = db.Column(UTCDateTime)
    recorded_by_id = db.Column(db.ForeignKey("user.id"))
    publish_due_on = db.Column(db.Date)
    published_late = db.Column(db.Boolean, nullable=False, default=False)
    # A deadline computed in a year with no holiday schedule counted Monday to Friday.
    publish_due_estimated = db.Column(db.Boolean, nullable=False, default=False)
    notice_id = db.Column(db.ForeignKey("notice.id"))
    supplements_total = db.Column(Money(), nullable=False, default=0)
    paid_total = db.Column(Money(), nullable=False, default=0)
    accepted_on = db.Column(db.Date)
    payment_due_on = db.Column(db.Date, index=True)
    # The reminders sent the day before a deadline (each once).
    sign_reminded = db.Column(db.Boolean, nullable=False, default=False)
    payment_reminded = db.Column(db.Boolean, nullable=False, default=False)

    project = db.relationship("Project", backref=db.backref("contract", uselist=False))
    supplier = db.relationship("Organization", foreign_keys=[supplier_id])
    purchaser = db.relationship("Organization", foreign_keys=[purchaser_id])
    files = db.relationship("ContractFile", order_by="ContractFile.id")
    supplements = db.relationship("ContractSupplement", order_by="ContractSupplement.id", back_populates="contract")
    checks = db.relationship("ContractCheck", order_by="ContractCheck.id", back_populates="contract")
    payments = db.relationship("ContractPayment", order_by="ContractPayment.id", back_populates="contract")

    WATCHED_FIELDS = ("status", "amount", "performance_bond", "signed_on", "supplements_total", "paid_total",
                      "published_late", "accepted_on", "payment_due_on")

    @property
    def signed_file(self):
        return next((f for f in self.files if f.purpose == "contract"), None)

    @property
    def total(self):
        """What may be paid in all: the contract amount and its supplements."""
        return (self.amount or 0) + self.supplements_total

    @property
    def supplement_limit(self):
        return (self.amount * SUPPLEMENT_SHARE).quantize(Decimal("0.01"))

    @property
    def unpaid(self):
        return self.total - self.paid_total

    def is_owned_by(self, user):
        """The purchasing unit that signs, accepts and pays."""
        return user is not None and user.role == "purchaser" and user.organization_id == self.purchaser_id

    def is_supplier(self, user):
        return user is not None and user.role == "bidder" and user.organization_id == self.supplier_id

    def can_view(self, user):
        """The parties, the center and the supervisor (the public reads the contract notice)."""
        return oversees(user) or self.is_owned_by(user) or self.is_supplier(user)

    def can_record(self, user):
        return self.is_owned_by(user)


class ContractSupplement(db.Model):
    __tablename__ = "contract_supplement"

    id = db.Column(db.Integer, primary_key=True)
    contract_id = db.Column(db.ForeignKey("contract.id"), nullable=False, index=True)
    signed_on = db.Column(db.Date, nullable=False)
    amount = db.Column(Money(), nullable=False)
    reason = db.Column(db.Text, nullable=False)
    file_id = db.Column(db.ForeignKey("contract_file.id"), nullable=False)
    recorded_at = db.Column(UTCDateTime, nullable=False)

    contract = db.relationship("Contract", back_populates="supplements")
    file = db.relationship("ContractFile")

    WATCHED_FIELDS = ("amount", "signed_on")


class ContractCheck(db.Model):
    """An acceptance (履约验收: passed or failed) or, for construction, a site inspection, each with the
    supplier's performance rating (履约评价) and its reason."""

    __tablename__ = "contract_check"

    id = db.Column(db.Integer, primary_key=True)
    contract_id = db.Column(db.ForeignKey("contract.id"), nullable=False, index=True)
    kind = db.Column(db.String(12), nullable=False)  # acceptance | inspection
    checked_on = db.Column(db.Date, nullable=False)
    result = db.Column(db.String(8))  # passed | failed (acceptances)
    rating = db.Column(db.String(10), nullable=False)
    reason = db.Column(db.Text, nullable=False)
    file_id = db.Column(db.ForeignKey("contract_file.id"))
    credit_record_id = db.Column(db.ForeignKey("credit_record.id"))
    recorded_at = db.Column(UTCDateTime, nullable=False)

    contract = db.relationship("Contract", back_populates="checks")
    file = db.relationship("ContractFile")
    credit_record = db.relationship("CreditRecord")

    WATCHED_FIELDS = ("kind", "result", "rating", "checked_on")


class ContractPayment(db.Model):
    __tablename__ = "contract_payment"

    id = db.Column(db.Integer, primary_key=True)
    contract_id = db.Column(db.ForeignKey("contract.id"), nullable=False, index=True)
    paid_on = db.Column(db.Date, nullable=False)
    amount = db.Column(Money(), nullable=False)
    reference = db.Column(db.String(100), nullable=False)
    recorded_at = db.Column(UTCDateTime, nullable=False)

    contract = db.relationship("Contract", back_populates="payments")

    WATCHED_FIELDS = ("amount", "paid_on")
