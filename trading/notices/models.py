"""Public notices (公告), typed: tender, change, candidates, result, failed."""
from core.extensions import db
from core.types import UTCDateTime

NOTICE_TYPES = ("tender", "change", "candidates", "result", "failed", "contract", "complaint_decision")


class Notice(db.Model):
    __tablename__ = "notice"

    id = db.Column(db.Integer, primary_key=True)
    type = db.Column(db.String(20), nullable=False, index=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    title = db.Column(db.String(300), nullable=False)
    body = db.Column(db.Text, nullable=False)
    # Structured content (deadlines, candidates...), JSON-safe.
    data = db.Column(db.JSON)
    published_at = db.Column(UTCDateTime, nullable=False, index=True)

    project = db.relationship("Project")
