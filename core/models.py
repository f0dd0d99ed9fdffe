"""Accounts, organisations, credit and the audit trail tables."""
from decimal import Decimal

from flask import current_app
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from core import clock
from core.extensions import db
from core.types import UTCDateTime

ROLES = ("admin", "purchaser", "bidder", "expert", "supervisor")
ORG_KINDS = ("purchaser", "bidder", "center", "supervisor")
GRADE_SCORES = {"A": 100, "B": 80, "C": 60, "D": 0}
CREDIT_RECORD_KINDS = ("deduction", "bonus")


class Organization(db.Model):
    __tablename__ = "organization"
    __table_args__ = (
        # A rejected application never holds its USCC: the real company can still register it.
        db.Index("uq_organization_uscc_held", "uscc", unique=True,
                 sqlite_where=db.text("status != 'rejected'"), postgresql_where=db.text("status != 'rejected'")),
    )

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False)
    uscc = db.Column(db.String(18), nullable=False)
    kind = db.Column(db.String(20), nullable=False)
    status = db.Column(db.String(20), nullable=False, default="pending")
    contact_name = db.Column(db.String(100))
    contact_phone = db.Column(db.String(40))
    credit_score = db.Column(db.Integer)
    credit_grade = db.Column(db.String(1))
    credit_note = db.Column(db.String(500))
    blacklisted_until = db.Column(db.Date)
    blacklist_reason = db.Column(db.String(500))
    created_at = db.Column(UTCDateTime, nullable=False, default=clock.now)
    approved_at = db.Column(UTCDateTime)
    rejection_reason = db.Column(db.String(500))  # shown to the applicant until it resubmits

    credit_records = db.relationship(
        "CreditRecord", back_populates="organization", order_by="CreditRecord.id"
    )

    @property
    def is_approved(self):
        return self.status == "approved"

    @property
    def is_rejected(self):
        return self.status == "rejected"

    def is_blacklisted(self, on_date=None):
        """Blacklisted through blacklisted_until, inclusive."""
        on_date = on_date or clock.today()
        return self.blacklisted_until is not None and on_date <= self.blacklisted_until

    @property
    def credit_is_public(self):
        """Approved bidders have a public credit page; an application still pending stays private."""
        return self.is_approved and self.kind == "bidder"

    def base_credit_score(self):
        if self.credit_score is not None:
            return self.credit_score
        if self.credit_grade is not None:
            return GRADE_SCORES[self.credit_grade]
        return current_app.config["DEFAULT_CREDIT_SCORE"]

    def _active_records(self, kind, on_date):
        on_date = on_date or clock.today()
        return [r for r in self.credit_records if r.kind == kind and r.is_active(on_date)]

    def active_deductions(self, on_date=None):
        return self._active_records("deduction", on_date)

    def active_bonuses(self, on_date=None):
        return self._active_records("bonus", on_date)

    def credit_deducted(self, on_date=None):
        """The points of the active deductions."""
        return sum((r.points for r in self.active_deductions(on_date)), Decimal(0))

    def credit_bonus(self, on_date=None):
        """The points of the active bonuses, at most CREDIT_BONUS_CAP in all."""
        bonus = sum((r.points for r in self.active_bonuses(on_date)), Decimal(0))
        return min(Decimal(current_app.config["CREDIT_BONUS_CAP"]), bonus)

    def effective_credit_score(self, on_date=None):
        """Base score plus the capped active bonuses minus the active deductions, kept within 0..100."""
        score = Decimal(self.base_credit_score()) + self.credit_bonus(on_date) - self.credit_deducted(on_date)
        return max(Decimal(0), min(Decimal(100), score))


class CreditRecord(db.Model):
    """A credit record: a deduction (bad conduct) lowers the score, a bonus (an excellent performance rating)
    raises it, from valid_from (when set) until expires_on. Records without a source are the center's."""

    __tablename__ = "credit_record"

    id = db.Column(db.Integer, primary_key=True)
    organization_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    kind = db.Column(db.String(10), nullable=False, default="deduction", server_default="deduction")
    points = db.Column(db.Numeric(5, 2), nullable=False)  # a positive magnitude: the kind says which way it counts
    reason = db.Column(db.String(500), nullable=False)
    valid_from = db.Column(db.Date)
    expires_on = db.Column(db.Date, nullable=False)
    # What gave the record (e.g. a contract's performance rating), when not the center: its kind, its
    # reference (a contract number) and its page on the site.
    source_kind = db.Column(db.String(20))
    source_ref = db.Column(db.String(100))
    source_link = db.Column(db.String(300))
    created_at = db.Column(UTCDateTime, nullable=False, default=clock.now)
    created_by_id = db.Column(db.ForeignKey("user.id"))

    organization = db.relationship("Organization", back_populates="credit_records")

    def is_active(self, on_date=None):
        """Counts on on_date: from valid_from (when set) up to the day before expires_on."""
        on_date = on_date or clock.today()
        return (self.valid_from is None or self.valid_from <= on_date) and on_date < self.expires_on

    @property
    def source(self):
        """{kind, reference, link}: kind "center" for a record the center entered."""
        return {"kind": self.source_kind or "center", "reference": self.source_ref, "link": self.source_link}


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(64), nullable=False, unique=True)
    password_hash = db.Column(db.String(255), nullable=False)
    role = db.Column(db.String(20), nullable=False)
    display_name = db.Column(db.String(100))
    organization_id = db.Column(db.ForeignKey("organization.id"), index=True)
    active = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=clock.now)

    organization = db.relationship("Organization")

    # The token of the page login session this object was loaded for (core.sessions).
    login_session_token = None

    def get_id(self):
        """What Flask-Login keeps in the session cookie: the login session's token, not the user id,
        so that deleting the login session (logout, password change) ends the cookie too."""
        return self.login_session_token

    @property
    def is_active(self):
        return self.active

    @property
    def application_rejected(self):
        """The user's organisation applied and was rejected: it may only correct its application."""
        return self.organization is not None and self.organization.is_rejected

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @classmethod
    def of_role(cls, role):
        """SQL condition: the accounts of this role."""
        return cls.role == role

    def has_role(self, *roles):
        return self.role in roles

    @property
    def label(self):
        return self.display_name or self.username


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    expires_at = db.Column(UTCDateTime, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=clock.now)

    user = db.relationship("User")


class LoginSession(db.Model):
    """A page login: the session cookie carries its token; only the token's SHA-256 is stored.
    Logging out deletes the row, so a copied cookie stops working."""

    __tablename__ = "login_session"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(UTCDateTime, nullable=False)
    last_seen_at = db.Column(UTCDateTime, nullable=False)

    user = db.relationship("User")


class Event(db.Model):
    """One state change in the tamper-evident trail.

    Events form one hash chain per object (chain_key, e.g. "project:5"), so unrelated
    writes never wait for each other; anchors hash the chain heads (those that moved since the previous
    anchor) to catch deleted tails.
    """

    __tablename__ = "event"
    __table_args__ = (
        db.UniqueConstraint("chain_key", "seq", name="uq_event_chain_seq"),
        # The trail browser lists events oldest first: a page reads the index, not a sort of the whole trail.
        db.Index("ix_event_created_at_id", "created_at", "id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    chain_key = db.Column(db.String(80), nullable=False)
    seq = db.Column(db.Integer, nullable=False)
    action = db.Column(db.String(80), nullable=False)
    object_type = db.Column(db.String(40), nullable=False)
    object_id = db.Column(db.Integer, nullable=False)
    actor_id = db.Column(db.Integer)
    actor_label = db.Column(db.String(100))
    before = db.Column(db.JSON)
    after = db.Column(db.JSON)
    # "kind:id" (e.g. "project:5"): the event would reveal something sealed, so it stays out of
    # public counts until that scope is revealed (see core.plugins.Registry.add_sealed_scope).
    sealed_scope = db.Column(db.String(80), index=True)
    created_at = db.Column(UTCDateTime, nullable=False)
    prev_hash = db.Column(db.String(64), nullable=False)
    hash = db.Column(db.String(64), nullable=False)


# A project's timeline and the trail browser's project filter (core.trail_browser) also read the events that
# record the project's id in their `after`: indexed by that expression, as the filter writes it (migration 0014).
db.Index("ix_event_after_project_id", Event.after["project_id"].as_string())


class TrailHead(db.Model):
    """Each chain's last event, kept by a database trigger on every event inserted (migration 0013), and
    the last of its heads an anchor has named: an anchor names the heads that changed since."""

    __tablename__ = "trail_head"
    __table_args__ = (
        # The heads no anchor has named yet: what the next anchor reads.
        db.Index("ix_trail_head_pending", "chain_key", postgresql_where=db.text("pending"),
                 sqlite_where=db.text("pending")),
    )

    chain_key = db.Column(db.String(80), primary_key=True)
    seq = db.Column(db.Integer, nullable=False)
    hash = db.Column(db.String(64), nullable=False)
    anchored_seq = db.Column(db.Integer)
    # The head moved since an anchor last named it (set by the trigger, cleared by the anchor). Kept apart
    # from `anchored_seq != seq` so that the database knows how few such heads there are.
    pending = db.Column(db.Boolean, nullable=False, default=True)


class TrailAnchor(db.Model):
    """A hash over the chain heads changed since the previous anchor, chained to it and signed (Ed25519):
    folded from the first, the anchors name every chain's head as it stood at the last of them.

    `heads` stays private (its size would count sealed sign-ups and bids); outsiders get
    `heads_hash`, `hash` and `signature`.
    """

    __tablename__ = "trail_anchor"

    id = db.Column(db.Integer, primary_key=True)
    created_at = db.Column(UTCDateTime, nullable=False)
    heads = db.Column(db.JSON, nullable=False)
    heads_hash = db.Column(db.String(64), nullable=False)
    # One successor per anchor: the anchors form a single chain.
    prev_hash = db.Column(db.String(64), nullable=False, unique=True)
    hash = db.Column(db.String(64), nullable=False)
    signature = db.Column(db.String(100), nullable=False)


class CodeSequence(db.Model):
    """Counters for human-readable codes such as 2026-GC-0001."""

    __tablename__ = "code_sequence"

    prefix = db.Column(db.String(40), primary_key=True)
    last = db.Column(db.Integer, nullable=False, default=0)
