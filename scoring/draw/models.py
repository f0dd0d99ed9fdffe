"""Draws (each with its committed seed) and the panel members they invited."""
from sqlalchemy.ext.hybrid import hybrid_property

from core.extensions import db
from core.lifecycle import Lifecycle
from core.types import UTCDateTime

# A drawn member is invited and answers; a reserve is invited when a member declines (补抽 draws anew).
PANEL_LIFECYCLE = Lifecycle("panel_member", {"invited": ("accepted", "declined"), "reserve": ("invited",)})


class Draw(db.Model):
    """One round of the verifiable expert draw for a project.

    The seed's SHA-256 (`seed_commitment`) is recorded in the trail before the draw, the seed after
    it; `eligible_ids` is the eligible list (sorted by expert id) the draw ran on, so anyone can
    re-run it (scoring.draw.operations.draw_order). `evaluation_at` and `evaluation_place` are when and
    where the evaluation takes place, as the center stated them at the draw (its invitations say them).
    """

    __tablename__ = "expert_draw"
    __table_args__ = (db.UniqueConstraint("project_id", "round", name="uq_draw_project_round"),)

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    round = db.Column(db.Integer, nullable=False)
    seed = db.Column(db.String(128), nullable=False)
    seed_commitment = db.Column(db.String(64), nullable=False)
    eligible_ids = db.Column(db.JSON, nullable=False)
    members_wanted = db.Column(db.Integer, nullable=False)
    reserves_wanted = db.Column(db.Integer, nullable=False)
    drawn_at = db.Column(UTCDateTime, nullable=False)
    drawn_by_id = db.Column(db.ForeignKey("user.id"))
    evaluation_at = db.Column(UTCDateTime)
    evaluation_place = db.Column(db.String(200))

    project = db.relationship("Project")
    drawn_by = db.relationship("User")
    members = db.relationship("PanelMember", order_by="PanelMember.position", viewonly=True)


class PanelMember(db.Model):
    """A drawn expert: a panel member (invited → accepted or declined) or a reserve.

    A reserve replacing a declined member becomes a member (`replaces_id`); `label` (E1, E2, …)
    names the expert in the result before the award publishes the names.
    """

    __tablename__ = "panel_member"
    __table_args__ = (db.UniqueConstraint("project_id", "expert_id", name="uq_panel_project_expert"),)

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.ForeignKey("project.id"), nullable=False, index=True)
    expert_id = db.Column(db.ForeignKey("expert.id"), nullable=False, index=True)
    draw_id = db.Column(db.ForeignKey("expert_draw.id"), nullable=False)
    position = db.Column(db.Integer, nullable=False)  # order within its draw
    role = db.Column(db.String(20), nullable=False)  # member | reserve
    status = db.Column(db.String(20), nullable=False)  # invited | accepted | declined | reserve | released
    label = db.Column(db.String(10))
    replaces_id = db.Column(db.ForeignKey("panel_member.id"))
    decline_reason = db.Column(db.String(500))
    invited_at = db.Column(UTCDateTime)
    responded_at = db.Column(UTCDateTime)

    expert = db.relationship("Expert")
    draw = db.relationship("Draw")
    project = db.relationship("Project")
    sheet = db.relationship("ScoreSheet", back_populates="member", uselist=False)

    @hybrid_property
    def is_member(self):
        """A seat on the panel (a reserve waits for one); in SQL too: `where(PanelMember.is_member)`."""
        return self.role == "member"

    @property
    def sheet_status(self):
        """Its score sheet's status, "empty" before the first save."""
        return self.sheet.status if self.sheet else "empty"
