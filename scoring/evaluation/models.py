"""A project's evaluation record: the ranking, candidates, publicity and award."""
from core.extensions import db
from core.lifecycle import Lifecycle
from core.types import Money, UTCDateTime

# Back to scoring (a new round) or to evaluated (the award annulled): an upheld complaint (trading.challenges).
EVALUATION_LIFECYCLE = Lifecycle("evaluation", {"scoring": ("evaluated",), "evaluated": ("awarded", "scoring"),
                                                "awarded": ("evaluated", "scoring")})


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
    awarded_at = db.Column(UTCDateTime, index=True)  # the savings report and its figures by day read by date

    project = db.relationship("Project", backref=db.backref("evaluation_record", uselist=False))
    award_bid = db.relationship("Bid")

    WATCHED_FIELDS = ("status", "award_bid_id", "award_amount", "savings", "savings_rate")
