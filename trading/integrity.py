"""What the trail must know about trading: when sealed events are revealed, which fields it guards."""
from sqlalchemy import select

from core import trail
from trading.models import Bid, Project

# Money and outcomes: verification fails, naming the object, when a row differs from its chain.
BID_FIELDS = ("status", "receipt", "price", "valid", "invalid_reason", "abnormally_low", "credit_score")


def project_scope(project):
    """The sealed scope of a project's sign-ups and bids: revealed when the project is opened."""
    return f"project:{project.id}"


def register():
    trail.register_sealed_scope("project", lambda: select(Project.id).where(Project.opened_at.is_not(None)))
    # The deadlines too, from the first event that records them (an edit or an amendment).
    trail.watch(Project, Project.WATCHED_FIELDS + ("signup_deadline", "bid_deadline"))
    trail.watch(Bid, BID_FIELDS)
