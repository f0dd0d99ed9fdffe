"""Challenges (质疑) of a signed-up supplier and the complaints (投诉) that follow them, with their evidence files.

The challenger of a challenge on the documents is sealed like a sign-up until the opening; the challenger is never
shown to the other suppliers."""
from core.auth import acts_as_center, is_bidder, oversees
from core.extensions import db
from core.lifecycle import Lifecycle
from core.types import UTCDateTime

SUBJECTS = ("documents", "process", "result")
CHALLENGE_STATUSES = ("awaiting_reply", "answered")
CHALLENGE_LIFECYCLE = Lifecycle("challenge", {"awaiting_reply": ("answered",)})
DECISIONS = ("dismissed", "upheld")
CONSEQUENCES = ("re_evaluate", "re_tender", "award_annulled")
COMPLAINT_STATUSES = ("awaiting_decision", "decided")
COMPLAINT_LIFECYCLE = Lifecycle("complaint", {"awaiting_decision": ("decided",)})


class ChallengeFile(db.Model):
    """A PDF attached to a challenge (its evidence), to its reply or to its complaint, kept with its SHA-256."""

    __tablename__ = "challenge_file"

    id = db.Column(db.Integer, primary_key=True)
    challenge_id = db.Column(db.ForeignKey("challenge.id"), nullable=False, index=True)
    purpose = db.Column(db.String(12), nullable=False)  # challenge | reply | complaint
    name = db.Column(db.String(200), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    content = db.deferred(db.Column(db.LargeBinary, nullable=False))
    uploaded_at = db.Column(UTCDateTime, nullable=False)
    uploaded_by_id = db.Column(db.ForeignKey("user.id"), nullable=False)


class Challenge(db.Model):
    __tablename__ = "challenge"

    id = db.Column(db.Integer, primary_key=True)  # random: the count of challenges is not revealed
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    subject = db.Column(db.String(12), nullable=False)  # documents | process | result
    text = db.Column(db.Text, nullable=False)
    # The challenger: sealed until the opening for a challenge on the documents, never shown to other suppliers.
    challenger_user_id = db.Column(db.ForeignKey("user.id"), nullable=False)
    challenger_organization_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    submitted_at = db.Column(UTCDateTime, nullable=False)
    status = db.Column(db.String(20), nullable=False, index=True)
    reply_due_on = db.Column(db.Date, nullable=False, index=True)
    # A deadline counted through a year with no holiday schedule (Monday to Friday).
    reply_due_estimated = db.Column(db.Boolean, nullable=False, default=False)
    complaint_due_on = db.Column(db.Date, nullable=False)  # 15 working days after the reply deadline
    complaint_due_estimated = db.Column(db.Boolean, nullable=False, default=False)
    reply = db.Column(db.Text)
    replied_at = db.Column(UTCDateTime)
    replied_by_id = db.Column(db.ForeignKey("user.id"))
    # The reminders sent the day before a deadline (each once).
    reply_reminded = db.Column(db.Boolean, nullable=False, default=False)
    complaint_reminded = db.Column(db.Boolean, nullable=False, default=False)

    project = db.relationship("Project")
    challenger = db.relationship("User", foreign_keys=[challenger_user_id])
    challenger_organization = db.relationship("Organization")
    files = db.relationship("ChallengeFile", order_by="ChallengeFile.id")
    complaint = db.relationship("Complaint", back_populates="challenge", uselist=False)

    WATCHED_FIELDS = ("status", "reply_due_on", "reply")

    def files_for(self, purpose):
        return [f for f in self.files if f.purpose == purpose]

    def is_made_by(self, user):
        return is_bidder(user) and user.organization_id == self.challenger_organization_id

    def may_reply(self, user):
        """The purchasing unit that owns the project, or the center on its behalf."""
        return acts_as_center(user) or self.project.is_owned_by(user)

    def can_view(self, user):
        """The challenger, the purchasing unit, the center and the supervisor; nobody else learns of it."""
        return self.is_made_by(user) or oversees(user) or self.project.is_owned_by(user)

    def challenger_sealed(self):
        """A challenge on the documents names nobody before the opening, like a sign-up."""
        return self.subject == "documents" and self.project.opened_at is None

    def shows_challenger_to(self, user):
        return self.is_made_by(user) or (self.can_view(user) and not self.challenger_sealed())

    def is_pending_result_challenge(self):
        return self.subject == "result" and self.status == "awaiting_reply"


class Complaint(db.Model):
    __tablename__ = "complaint"

    id = db.Column(db.Integer, primary_key=True)
    challenge_id = db.Column(db.ForeignKey("challenge.id"), nullable=False, unique=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    text = db.Column(db.Text, nullable=False)
    submitted_at = db.Column(UTCDateTime, nullable=False)
    submitted_by_id = db.Column(db.ForeignKey("user.id"), nullable=False)
    status = db.Column(db.String(20), nullable=False, index=True)
    decision_due_on = db.Column(db.Date, nullable=False, index=True)
    decision_due_estimated = db.Column(db.Boolean, nullable=False, default=False)
    suspended_until = db.Column(UTCDateTime)
    suspension_reason = db.Column(db.String(500))
    decision = db.Column(db.String(12))  # dismissed | upheld
    consequence = db.Column(db.String(20))  # re_evaluate | re_tender | award_annulled
    decision_text = db.Column(db.Text)
    decided_at = db.Column(UTCDateTime)
    decided_by_id = db.Column(db.ForeignKey("user.id"))
    notice_id = db.Column(db.ForeignKey("notice.id"))
    redraft_project_id = db.Column(db.ForeignKey("project.id"))  # the copy drafted for a re-tender
    decision_reminded = db.Column(db.Boolean, nullable=False, default=False)

    challenge = db.relationship("Challenge", back_populates="complaint")
    project = db.relationship("Project", foreign_keys=[project_id])

    WATCHED_FIELDS = ("status", "decision_due_on", "suspended_until", "decision", "consequence")

    def can_view(self, user):
        return self.challenge.can_view(user)

    def is_suspended(self, now):
        return self.suspended_until is not None and now < self.suspended_until
