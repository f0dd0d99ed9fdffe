"""Questions and their answers; the asker is sealed like the sign-ups."""
from core.extensions import db
from core.types import UTCDateTime


class Question(db.Model):
    __tablename__ = "question"

    id = db.Column(db.Integer, primary_key=True)  # random: the count of questions is not revealed
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    text = db.Column(db.Text, nullable=False)
    # The asker: sealed, shown to nobody but the asker itself.
    asker_user_id = db.Column(db.ForeignKey("user.id"), nullable=False)
    asker_organization_id = db.Column(db.ForeignKey("organization.id"), nullable=False, index=True)
    asked_at = db.Column(UTCDateTime, nullable=False)
    answer = db.Column(db.Text)
    answered_at = db.Column(UTCDateTime)
    answered_by_id = db.Column(db.ForeignKey("user.id"))

    project = db.relationship("Project")
    asker = db.relationship("User", foreign_keys=[asker_user_id])

    def is_asked_by(self, user):
        return user is not None and user.role == "bidder" and user.organization_id == self.asker_organization_id
