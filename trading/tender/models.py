"""Tender projects, sign-ups and sealed bids, and a project's evaluation settings as one value (Decimals
inside, JSON outside: the API schema loads it, the form fills it, the registration rules check it, the
project row stores it)."""
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import JSON
from sqlalchemy.types import TypeDecorator

from core import clock
from core.auth import acts_as_center
from core.extensions import db
from core.lifecycle import Lifecycle
from core.types import Money, UTCDateTime

PRICE_METHODS = ("lowest", "average_deviation")
WEIGHT_NAMES = ("credit", "technical", "commercial")
DEVIATION_PARAMETERS = ("k", "up_deduction", "down_deduction")


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _number(value):
    """The API's JSON number: integers stay integers."""
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class Weights:
    credit: Decimal
    technical: Decimal
    commercial: Decimal

    def as_dict(self):
        return {name: getattr(self, name) for name in WEIGHT_NAMES}


@dataclass(frozen=True)
class Criterion:
    name: str
    max: Decimal


@dataclass(frozen=True)
class EvaluationSettings:
    weights: Weights
    price_method: str
    technical_criteria: tuple = field(default_factory=tuple)
    panel_size: int = 5
    expert_specialty: str = ""
    trim: bool = True
    k: Decimal = None
    up_deduction: Decimal = None
    down_deduction: Decimal = None
    # The SME price deduction (价格扣除): a small or micro enterprise's price counts this much less in the
    # commercial part; None for a project registered before it existed (no deduction).
    sme_deduction: Decimal = None

    @classmethod
    def from_json(cls, data):
        """From the stored or the API form (numbers or decimal strings)."""
        weights = data.get("weights") or {}
        uses_deviation = data.get("price_method") == "average_deviation"
        return cls(
            weights=Weights(*(_decimal(weights.get(name, 0)) for name in WEIGHT_NAMES)),
            price_method=data.get("price_method"),
            technical_criteria=tuple(Criterion(c["name"], _decimal(c["max"])) for c in data.get("technical_criteria") or ()),
            panel_size=data.get("panel_size"),
            expert_specialty=data.get("expert_specialty"),
            trim=bool(data.get("trim", True)),
            **{name: _decimal(data.get(name)) if uses_deviation else None for name in DEVIATION_PARAMETERS},
            sme_deduction=_decimal(data.get("sme_deduction")),
        )

    def to_json(self):
        """The stored form: every number as a decimal string, so nothing is lost."""
        data = {
            "weights": {name: str(value) for name, value in self.weights.as_dict().items()},
            "price_method": self.price_method,
            "trim": self.trim,
            "technical_criteria": [{"name": c.name, "max": str(c.max)} for c in self.technical_criteria],
            "panel_size": self.panel_size,
            "expert_specialty": self.expert_specialty,
        }
        if self.uses_deviation:
            data.update({name: str(getattr(self, name)) for name in DEVIATION_PARAMETERS})
        if self.sme_deduction is not None:
            data["sme_deduction"] = str(self.sme_deduction)
        return data

    def to_api(self):
        """The API form of api.md: weights, maxima and deductions as numbers, k as a string."""
        data = self.to_json()
        data["weights"] = {name: _number(value) for name, value in self.weights.as_dict().items()}
        data["technical_criteria"] = [{"name": c.name, "max": _number(c.max)} for c in self.technical_criteria]
        if self.uses_deviation:
            data["up_deduction"] = _number(self.up_deduction)
            data["down_deduction"] = _number(self.down_deduction)
        if self.sme_deduction is not None:
            data["sme_deduction"] = _number(self.sme_deduction)
        return data

    @property
    def sme_share(self):
        """The SME price deduction as a number (0 when the project has none)."""
        return self.sme_deduction or Decimal(0)

    @property
    def uses_deviation(self):
        return self.price_method == "average_deviation"

    @property
    def criteria_maxima(self):
        return [c.max for c in self.technical_criteria]


class EvaluationType(TypeDecorator):
    """A JSON column holding EvaluationSettings."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None or isinstance(value, dict):
            return value
        return value.to_json()

    def process_result_value(self, value, dialect):
        return None if value is None else EvaluationSettings.from_json(value)


CATEGORIES = ("construction", "goods", "services")
# The SME price deduction's range by category (财库〔2020〕46号), its lower end the default; 0 is allowed too, for a
# project reserved for small and micro enterprises.
SME_DEDUCTION_RANGES = {"goods": (Decimal("0.10"), Decimal("0.20")), "services": (Decimal("0.10"), Decimal("0.20")),
                        "construction": (Decimal("0.03"), Decimal("0.05"))}
CATEGORY_CODES = {"construction": "GC", "goods": "HW", "services": "FW"}
METHODS = ("open_tender", "invited_tender", "competitive_negotiation", "inquiry")
STATUSES = ("draft", "submitted", "published", "opened", "evaluated", "awarded", "failed", "cancelled")
PROJECT_LIFECYCLE = Lifecycle("project", {
    "draft": ("submitted", "cancelled"),
    "submitted": ("draft", "published", "cancelled"),  # back to draft: returned by the center
    "published": ("opened", "failed", "cancelled"),
    "opened": ("evaluated", "failed"),
    # Back to opened, to evaluated or to failed: the consequences of an upheld complaint (trading.challenges).
    "evaluated": ("awarded", "opened", "failed"),
    "awarded": ("evaluated", "opened", "failed"),
})
# What each party may cancel: the purchaser before publication, the center up to opening.
CANCELLABLE_BY_OWNER = ("draft", "submitted")
CANCELLABLE_BY_CENTER = ("draft", "submitted", "published")


class Project(db.Model):
    __tablename__ = "project"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(20), nullable=False, unique=True)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text)
    category = db.Column(db.String(20), nullable=False, index=True)
    method = db.Column(db.String(30), nullable=False)
    budget = db.Column(Money(), nullable=False)
    ceiling_price = db.Column(Money(), nullable=False)
    deposit = db.Column(Money(), nullable=False, default=0)
    signup_deadline = db.Column(UTCDateTime, nullable=False)
    bid_deadline = db.Column(UTCDateTime, nullable=False)
    evaluation = db.Column(EvaluationType(), nullable=False)  # EvaluationSettings
    responsible_person = db.Column(db.String(100), nullable=False)
    responsible_phone = db.Column(db.String(40))
    status = db.Column(db.String(20), nullable=False, default="draft", index=True)
    purchaser_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    created_by_id = db.Column(db.ForeignKey("user.id"), nullable=False)
    # The per-project Fernet key, itself encrypted with the application's master key.
    sealed_key = db.Column(db.Text, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=clock.now)
    submitted_at = db.Column(UTCDateTime)
    published_at = db.Column(UTCDateTime)
    opened_at = db.Column(UTCDateTime)
    closed_reason = db.Column(db.String(500))
    # The supervisor suspended the procurement (暂停采购活动) until then, on a complaint (trading.challenges).
    suspended_until = db.Column(UTCDateTime)

    purchaser = db.relationship("Organization")
    created_by = db.relationship("User")

    # The fields that carry money and outcomes: recorded in the trail, reconciled by verification.
    WATCHED_FIELDS = ("status", "budget", "ceiling_price", "deposit")

    def recorded_state(self):
        return {name: getattr(self, name) for name in self.WATCHED_FIELDS}

    @property
    def is_public(self):
        return self.published_at is not None

    def is_owned_by(self, user):
        return user is not None and user.role == "purchaser" and user.organization_id == self.purchaser_id

    def can_view(self, user):
        """Published projects are public; earlier ones only to their purchaser and the center."""
        if self.is_public:
            return True
        if user is None:
            return False
        if self.is_owned_by(user):
            return True
        return (acts_as_center(user) or user.role == "supervisor") and self.status != "draft"

    # Object-level rules: the operations enforce them, the templates ask them.

    def can_edit(self, user):
        """Edit or submit: the owning purchaser, while a draft."""
        return self.is_owned_by(user) and self.status == "draft"

    def can_review(self, user):
        """Publish or return: the center, while submitted."""
        return acts_as_center(user) and self.status == "submitted"

    def may_cancel(self, user):
        """Whether the user is a party who may cancel this project at all."""
        return acts_as_center(user) or self.is_owned_by(user)

    def can_cancel(self, user):
        allowed = CANCELLABLE_BY_CENTER if acts_as_center(user) else CANCELLABLE_BY_OWNER
        return self.may_cancel(user) and self.status in allowed

    def accepts_signups(self, now):
        return self.status == "published" and now < self.signup_deadline

    def accepts_bids(self, now):
        return self.status == "published" and now < self.bid_deadline

    def is_due_for_opening(self, now):
        return self.status == "published" and now >= self.bid_deadline

    def can_open(self, user, now):
        return acts_as_center(user) and self.is_due_for_opening(now)

    def is_suspended(self, now):
        """Nothing proceeds while the supervisor suspends the procurement."""
        return self.suspended_until is not None and now < self.suspended_until

    def can_view_opening(self, user):
        """The opening record: purchaser, center, supervisor and participating bidders, after opening."""
        if self.opened_at is None or user is None:
            return False
        if acts_as_center(user) or user.role == "supervisor" or self.is_owned_by(user):
            return True
        if user.role == "bidder":
            return db.session.query(
                Signup.query.filter_by(project_id=self.id, organization_id=user.organization_id).exists()
            ).scalar()
        return False


class Signup(db.Model):
    __tablename__ = "signup"
    __table_args__ = (db.UniqueConstraint("project_id", "organization_id", name="uq_signup_project_org"),)

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    organization_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    created_at = db.Column(UTCDateTime, nullable=False)

    project = db.relationship("Project")
    organization = db.relationship("Organization")
    bid = db.relationship("Bid", back_populates="signup", uselist=False)


class Bid(db.Model):
    """A sealed bid: content encrypted until opening; opening fills the record columns."""

    __tablename__ = "bid"

    id = db.Column(db.Integer, primary_key=True)
    signup_id = db.Column(db.ForeignKey("signup.id"), nullable=False, unique=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    organization_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    status = db.Column(db.String(20), nullable=False)  # submitted | withdrawn
    ciphertext = db.Column(db.LargeBinary)
    # The deposit record alone, sealed with the same key: kept when the bid is withdrawn, so the center learns at the
    # opening (or the cancellation) whose deposit to give back, and nobody learns it before.
    deposit_ciphertext = db.Column(db.LargeBinary)
    receipt = db.Column(db.String(64))
    submitted_at = db.Column(UTCDateTime)
    withdrawn_at = db.Column(UTCDateTime)
    # The opening record.
    price = db.Column(Money())
    valid = db.Column(db.Boolean)
    invalid_reason = db.Column(db.String(40))
    abnormally_low = db.Column(db.Boolean)
    receipt_ok = db.Column(db.Boolean)
    credit_score = db.Column(db.Numeric(5, 2))  # the bidder's credit score at opening (三合一 credit part)
    sme = db.Column(db.Boolean)  # declared a small or micro enterprise in its sealed commercial part (at opening)

    signup = db.relationship("Signup", back_populates="bid")
    organization = db.relationship("Organization")
    project = db.relationship("Project")


def project_scope(project):
    """The sealed scope of a project's sign-ups and bids: revealed when the project is opened."""
    return f"project:{project.id}"
