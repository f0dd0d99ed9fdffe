"""The blind check (暗标) of the technical part: searched at the opening, decided by the center before the draw.

At the opening every valid bid's technical proposal and technical documents are searched for the terms that
identify its bidder (`text.py`). A match records a pending check (`blind_violation`, the terms and where they
were found); the center confirms it (the bid becomes invalid, `blind_violation`; with too few valid bids left
the procurement fails) or dismisses it with a reason. The expert draw waits until no check is pending, so the
bid codes the panel sees never include a bid the center has still to decide on. No request, no commit.
"""
import base64

from sqlalchemy import select

from core import clock
from core.auth import acts_as_center, require
from core.errors import Conflict, NotFound, ValidationFailed, message
from core.extensions import db
from core.trail import record_event
from trading.blind.models import BLIND_CHECK_LIFECYCLE, BlindCheck
from trading.blind.operations.text import identifying_terms, violations
from trading.tender.operations import center_project, get_project, invalidate_bid

TECHNICAL = "technical"
MAX_REASON = 2000


def technical_part(payload):
    """The sealed documents of an unsealed bid's technical part, the only ones the panel sees (a document sealed
    before parts existed counts as commercial: it is never shown to the panel)."""
    return [d for d in payload.get("documents", []) if d.get("part") == TECHNICAL]


def technical_documents(payload):
    """The technical documents of an unsealed bid, [{name, content}]."""
    return [{"name": d["name"], "content": base64.b64decode(d["content_base64"])} for d in technical_part(payload)]


def scan_bid(project, bid, payload):
    """At the opening: search a valid bid's technical part; record a pending check when it names its bidder.
    Returns (the check or None, the names of the technical documents that could not be read as text)."""
    organization = bid.organization
    terms = identifying_terms(organization.name, organization.uscc, bid.price)
    found, unreadable = violations(terms, payload["content"].get("technical_proposal", ""),
                                   technical_documents(payload))
    if not found:
        return None, unreadable
    check = BlindCheck(bid_id=bid.id, project_id=project.id, status="pending", violations=found,
                       found_at=clock.now())
    db.session.add(check)
    db.session.flush()
    record_event(check, "blind_check.found", None, None,
                 {"status": "pending", "bid_id": bid.id, "project_id": project.id, "violations": found})
    return check, unreadable


def checks_of(project):
    return db.session.scalars(
        select(BlindCheck).where(BlindCheck.project_id == project.id).order_by(BlindCheck.found_at, BlindCheck.id)
    ).all()


def pending_checks(project):
    return [check for check in checks_of(project) if check.status == "pending"]


def require_blind_checks_settled(project):
    """The expert draw waits for the center's decision on every bid that names its bidder (409)."""
    pending = pending_checks(project)
    if pending:
        raise Conflict("blind_checks_pending",
                       "%(count)s bids name their bidder in the technical part: confirm or "
                       "dismiss each finding before drawing the experts.", count=len(pending))


def visible_checks(user, project):
    """The project's checks for those who see the opening record; [] for anyone else."""
    if not project.can_view_opening(user):
        return []
    return checks_of(project)


def list_checks(user, project_id):
    project = get_project(project_id, user)
    if not project.can_view_opening(user):
        raise NotFound("no_opening_record", "No opening record is available to you for this project.")
    return project, checks_of(project)


def _reason(reason, required):
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationFailed({"reason": [message("Give the reason for dismissing the warning.")]},
                               "Give the reason for dismissing the warning.", "reason_required")
    if len(reason) > MAX_REASON:
        raise ValidationFailed({"reason": [message("At most %(max)s characters.", max=MAX_REASON)]})
    return reason or None


def decide(actor, project_id, bid_id, confirm, reason=None):
    """The center confirms a pending check (the bid becomes invalid) or dismisses it with a reason."""
    require(acts_as_center(actor), "not_center", "Only the trading center may do this.")
    project = center_project(actor, project_id)
    check = db.session.execute(
        select(BlindCheck).where(BlindCheck.bid_id == bid_id, BlindCheck.project_id == project.id)
    ).scalar_one_or_none()
    if check is None:
        raise NotFound("blind_check_not_found", "No blind-check warning for this bid.")
    reason = _reason(reason, required=not confirm)
    if project.status != "opened":
        raise Conflict("wrong_status", "Blind-check warnings are decided while the project is opened.")
    BLIND_CHECK_LIFECYCLE.change(
        check, "confirmed" if confirm else "dismissed", actor, "blind_check.decided",
        {"reason": reason, "decided_at": clock.now(), "decided_by_id": getattr(actor, "id", None)},
        {"reason": reason, "bid_id": check.bid_id, "project_id": project.id})
    if confirm:
        invalidate_bid(project, check.bid, actor, "blind_violation")
    return check
