"""The expert pool: experts with specialty codes and an employer, and their declared conflicts."""
from core.extensions import db


class Expert(db.Model):
    """An evaluation expert of the pool; one per expert account."""

    __tablename__ = "expert"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id"), nullable=False, unique=True)
    name = db.Column(db.String(100), nullable=False)
    employer_uscc = db.Column(db.String(18), index=True)
    employer_name = db.Column(db.String(200))
    active = db.Column(db.Boolean, nullable=False, default=True)
    # The pool status (EXPERT_LIFECYCLE in scoring.pool.operations); `active` mirrors it for the draw's query.
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
