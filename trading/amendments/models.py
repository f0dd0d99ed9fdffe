"""Amendments (澄清/修改) and the bidders' confirmations of their bids after them."""
from core.extensions import db
from core.types import UTCDateTime


class Amendment(db.Model):
    __tablename__ = "amendment"

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    summary = db.Column(db.Text, nullable=False)
    notice_id = db.Column(db.ForeignKey("notice.id"))
    published_at = db.Column(UTCDateTime, nullable=False)
    created_by_id = db.Column(db.ForeignKey("user.id"), nullable=False)
    bid_deadline_before = db.Column(UTCDateTime, nullable=False)
    bid_deadline_after = db.Column(UTCDateTime, nullable=False)
    signup_deadline_before = db.Column(UTCDateTime, nullable=False)
    signup_deadline_after = db.Column(UTCDateTime, nullable=False)
    # Whether the minimum clarification period moved the bid deadline later than asked.
    postponed = db.Column(db.Boolean, nullable=False, default=False)

    project = db.relationship("Project")
    notice = db.relationship("Notice")


class BidConfirmation(db.Model):
    """A bidder confirmed that its bid stands after an amendment (sealed like the bid)."""

    __tablename__ = "bid_confirmation"
    __table_args__ = (db.UniqueConstraint("bid_id", "amendment_id", name="uq_bid_confirmation_bid_amendment"),)

    id = db.Column(db.Integer, primary_key=True)
    bid_id = db.Column(db.ForeignKey("bid.id"), nullable=False, index=True)
    amendment_id = db.Column(db.ForeignKey("amendment.id"), nullable=False)
    confirmed_at = db.Column(UTCDateTime, nullable=False)
