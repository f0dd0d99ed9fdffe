"""The opening hall's records: bidders' check-ins and confirmations, objections and their answers."""
from core.extensions import db
from core.types import UTCDateTime


class HallAttendance(db.Model):
    """One participating organisation in the opening hall: its check-in and its confirmation."""

    __tablename__ = "hall_attendance"
    __table_args__ = (db.UniqueConstraint("project_id", "organization_id", name="uq_hall_attendance_project_org"),)

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    organization_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    checked_in_at = db.Column(UTCDateTime)
    checked_in_by_id = db.Column(db.ForeignKey("user.id"))
    confirmed_at = db.Column(UTCDateTime)
    confirmed_by_id = db.Column(db.ForeignKey("user.id"))

    organization = db.relationship("Organization")
    checked_in_by = db.relationship("User", foreign_keys=[checked_in_by_id])
    confirmed_by = db.relationship("User", foreign_keys=[confirmed_by_id])


class OpeningObjection(db.Model):
    """An objection (异议) to the opening record, and the center's answer."""

    __tablename__ = "opening_objection"

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    organization_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    raised_by_id = db.Column(db.ForeignKey("user.id"), nullable=False)
    text = db.Column(db.Text, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False)
    answer = db.Column(db.Text)
    answered_by_id = db.Column(db.ForeignKey("user.id"))
    answered_at = db.Column(UTCDateTime)

    organization = db.relationship("Organization")
    raised_by = db.relationship("User", foreign_keys=[raised_by_id])
    answered_by = db.relationship("User", foreign_keys=[answered_by_id])
