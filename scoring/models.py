"""The expert pool: experts with specialty codes and an employer (the draw excludes conflicts)."""
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

    user = db.relationship("User", backref=db.backref("expert", uselist=False))
    specialties = db.relationship(
        "ExpertSpecialty", cascade="all, delete-orphan", order_by="ExpertSpecialty.code"
    )

    @property
    def specialty_codes(self):
        return [s.code for s in self.specialties]


class ExpertSpecialty(db.Model):
    __tablename__ = "expert_specialty"

    expert_id = db.Column(db.ForeignKey("expert.id"), primary_key=True)
    code = db.Column(db.String(20), primary_key=True, index=True)
