"""Score sheets: a panel member's scores per bid code and criterion."""
from core.extensions import db
from core.lifecycle import Lifecycle
from core.types import UTCDateTime

# A sheet is saved as a draft, submitted, and may be returned by the center for correction and resubmitted.
SHEET_LIFECYCLE = Lifecycle("score_sheet", {"draft": ("submitted",), "submitted": ("returned",),
                                            "returned": ("submitted",)})


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
