"""Red flags: a code, a severity, the subject and the figures that raised it, and what became of it."""
from core.auth import is_supervisor
from core.extensions import db
from core.lifecycle import Lifecycle
from core.types import UTCDateTime

# open: raised; resolved: the event that ends it happened (it opens again if the condition returns);
# dismissed: by the supervisor, with a reason, for good.
FLAG_LIFECYCLE = Lifecycle("red_flag", {"open": ("resolved", "dismissed"), "resolved": ("open", "dismissed")})
FLAG_STATUSES = ("open", "resolved", "dismissed")
SEVERITIES = ("high", "medium", "low")


class RedFlag(db.Model):
    __tablename__ = "red_flag"
    __table_args__ = (db.UniqueConstraint("code", "subject_key", name="uq_red_flag_code_subject"),)

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(40), nullable=False, index=True)
    severity = db.Column(db.String(10), nullable=False)
    # What the flag is about: "project:5", "mall_order:7", "blind_check:3", "repeat_winner:<unit>:<year>:<org>".
    subject_key = db.Column(db.String(80), nullable=False)
    subject_type = db.Column(db.String(40), nullable=False)
    subject_id = db.Column(db.Integer, nullable=False)
    project_id = db.Column(db.ForeignKey("project.id"), index=True)
    purchaser_id = db.Column(db.ForeignKey("organization.id"), index=True)
    detail = db.Column(db.JSON, nullable=False)
    status = db.Column(db.String(12), nullable=False, index=True)
    detected_at = db.Column(UTCDateTime, nullable=False, index=True)
    resolved_at = db.Column(UTCDateTime)
    reason = db.Column(db.Text)
    dismissed_at = db.Column(UTCDateTime)
    dismissed_by_id = db.Column(db.ForeignKey("user.id"))

    project = db.relationship("Project")
    purchaser = db.relationship("Organization")
    dismissed_by = db.relationship("User")

    WATCHED_FIELDS = ("status", "detail", "reason")

    def can_dismiss(self, user):
        """The supervisor dismisses a flag, with a reason; the center reads flags but decides none."""
        return is_supervisor(user) and self.status != "dismissed"
