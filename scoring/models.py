"""The expert pool: experts with specialty codes and an employer (the draw excludes conflicts)."""
from core.extensions import db
from core.types import Money, UTCDateTime


class Expert(db.Model):
    """An evaluation expert of the pool; one per expert account."""

    __tablename__ = "expert"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id"), nullable=False, unique=True)
    name = db.Column(db.String(100), nullable=False)
    employer_uscc = db.Column(db.String(18), index=True)
    employer_name = db.Column(db.String(200))
    active = db.Column(db.Boolean, nullable=False, default=True)
    # The pool status (EXPERT_LIFECYCLE in scoring.pool); `active` mirrors it for the draw's query.
    status = db.Column(db.String(20), nullable=False, default="active", server_default="active", index=True)
    suspension_reason = db.Column(db.String(500))
    # The record: the draw and the evaluation count these.
    panels_served = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    declines = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    deviation_warnings = db.Column(db.Integer, nullable=False, default=0, server_default="0")

    user = db.relationship("User", backref=db.backref("expert", uselist=False))
    specialties = db.relationship(
        "ExpertSpecialty", cascade="all, delete-orphan", order_by="ExpertSpecialty.code"
    )

    conflicts = db.relationship(
        "ExpertConflict", cascade="all, delete-orphan", order_by="ExpertConflict.id", back_populates="expert"
    )

    @property
    def specialty_codes(self):
        return [s.code for s in self.specialties]


class ExpertSpecialty(db.Model):
    __tablename__ = "expert_specialty"

    expert_id = db.Column(db.ForeignKey("expert.id"), primary_key=True)
    code = db.Column(db.String(20), primary_key=True, index=True)


class ExpertConflict(db.Model):
    """A conflict of interest the expert declared with an organisation (by USCC): the draw excludes
    the expert from that organisation's projects."""

    __tablename__ = "expert_conflict"
    __table_args__ = (db.UniqueConstraint("expert_id", "uscc"),)

    id = db.Column(db.Integer, primary_key=True)
    expert_id = db.Column(db.ForeignKey("expert.id"), nullable=False, index=True)
    uscc = db.Column(db.String(18), nullable=False, index=True)
    note = db.Column(db.String(500))

    expert = db.relationship("Expert", back_populates="conflicts")


class Draw(db.Model):
    """One round of the verifiable expert draw for a project.

    The seed's SHA-256 (`seed_commitment`) is recorded in the trail before the draw, the seed after
    it; `eligible_ids` is the eligible list (sorted by expert id) the draw ran on, so anyone can
    re-run it (scoring.draw.draw_order).
    """

    __tablename__ = "expert_draw"
    __table_args__ = (db.UniqueConstraint("project_id", "round", name="uq_draw_project_round"),)

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    round = db.Column(db.Integer, nullable=False)
    seed = db.Column(db.String(128), nullable=False)
    seed_commitment = db.Column(db.String(64), nullable=False)
    eligible_ids = db.Column(db.JSON, nullable=False)
    members_wanted = db.Column(db.Integer, nullable=False)
    reserves_wanted = db.Column(db.Integer, nullable=False)
    drawn_at = db.Column(UTCDateTime, nullable=False)
    drawn_by_id = db.Column(db.ForeignKey("user.id"))

    project = db.relationship("Project")
    drawn_by = db.relationship("User")
    members = db.relationship("PanelMember", order_by="PanelMember.position", viewonly=True)


class PanelMember(db.Model):
    """A drawn expert: a panel member (invited → accepted or declined) or a reserve.

    A reserve replacing a declined member becomes a member (`replaces_id`); `label` (E1, E2, …)
    names the expert in the result before the award publishes the names.
    """

    __tablename__ = "panel_member"
    __table_args__ = (db.UniqueConstraint("project_id", "expert_id", name="uq_panel_project_expert"),)

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    expert_id = db.Column(db.ForeignKey("expert.id"), nullable=False, index=True)
    draw_id = db.Column(db.ForeignKey("expert_draw.id"), nullable=False)
    position = db.Column(db.Integer, nullable=False)  # order within its draw
    role = db.Column(db.String(20), nullable=False)  # member | reserve
    status = db.Column(db.String(20), nullable=False)  # invited | accepted | declined | reserve | released
    label = db.Column(db.String(10))
    replaces_id = db.Column(db.ForeignKey("panel_member.id"))
    decline_reason = db.Column(db.String(500))
    invited_at = db.Column(UTCDateTime)
    responded_at = db.Column(UTCDateTime)

    expert = db.relationship("Expert")
    draw = db.relationship("Draw")
    project = db.relationship("Project")
    sheet = db.relationship("ScoreSheet", back_populates="member", uselist=False)


class ScoreSheet(db.Model):
    """An expert's blind score sheet: criteria × bid codes, a comment per bid; draft, then submitted.

    `scores` maps a bid code to its list of criterion values (numbers with up to 2 decimals, or
    null in a draft); `comments` maps a bid code to the expert's comment.
    """

    __tablename__ = "score_sheet"

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    member_id = db.Column(db.ForeignKey("panel_member.id"), nullable=False, unique=True)
    status = db.Column(db.String(20), nullable=False, default="draft")  # draft | submitted | returned
    scores = db.Column(db.JSON, nullable=False, default=dict)
    comments = db.Column(db.JSON, nullable=False, default=dict)
    updated_at = db.Column(UTCDateTime, nullable=False)
    submitted_at = db.Column(UTCDateTime)
    returned_reason = db.Column(db.String(500))
    returned_at = db.Column(UTCDateTime)

    member = db.relationship("PanelMember", back_populates="sheet")

    WATCHED_FIELDS = ("status", "scores")


class ProjectEvaluation(db.Model):
    """A project's evaluation: the blind bid codes, the stored result, the candidates and the award."""

    __tablename__ = "project_evaluation"

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, unique=True)
    status = db.Column(db.String(20), nullable=False, default="scoring")  # scoring | evaluated | awarded
    # Bid code (B01, …) → bid id, for the valid bids of the opening.
    bid_codes = db.Column(db.JSON, nullable=False)
    result = db.Column(db.JSON)
    evaluated_at = db.Column(UTCDateTime)
    publicity_ends_at = db.Column(UTCDateTime)
    award_bid_id = db.Column(db.ForeignKey("bid.id"))
    award_amount = db.Column(Money())
    savings = db.Column(Money())
    savings_rate = db.Column(db.Numeric(7, 4))
    award_reason = db.Column(db.String(500))
    awarded_at = db.Column(UTCDateTime)

    project = db.relationship("Project", backref=db.backref("evaluation_record", uselist=False))
    award_bid = db.relationship("Bid")

    WATCHED_FIELDS = ("status", "award_bid_id", "award_amount", "savings", "savings_rate")
