"""The blind check of a bid's technical part (暗标): what the opening found, and the center's decision."""
from core.auth import acts_as_center
from core.extensions import db
from core.lifecycle import Lifecycle
from core.types import UTCDateTime

# pending: found at the opening, waiting for the center; confirmed: the bid is invalid; dismissed: with a reason.
BLIND_CHECK_LIFECYCLE = Lifecycle("blind_check", {"pending": ("confirmed", "dismissed")})


class BlindCheck(db.Model):
    """A bid whose technical part names its bidder: the matches ({kind, term, place, page}) and the decision."""

    __tablename__ = "blind_check"

    id = db.Column(db.Integer, primary_key=True)
    bid_id = db.Column(db.ForeignKey("bid.id"), nullable=False, unique=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    status = db.Column(db.String(12), nullable=False)
    violations = db.Column(db.JSON, nullable=False)
    found_at = db.Column(UTCDateTime, nullable=False)
    reason = db.Column(db.Text)
    decided_at = db.Column(UTCDateTime)
    decided_by_id = db.Column(db.ForeignKey("user.id"))

    # The opening record shows the check's status with each bid (`bid.blind_check`).
    bid = db.relationship("Bid", backref=db.backref("blind_check", uselist=False))
    decided_by = db.relationship("User")

    WATCHED_FIELDS = ("status", "violations", "reason")

    def can_decide(self, user):
        """The center decides a pending warning while the project is opened (before the draw)."""
        return (user is not None and acts_as_center(user) and self.status == "pending"
                and self.bid.project.status == "opened")
