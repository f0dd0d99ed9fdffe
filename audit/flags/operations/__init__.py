"""Red flags (domain.md: Audit): raised on the other modules' events (registry.on_event), recomputed by
`flask audit flags --rebuild` with the same rules (`rules.py`), resolved by the event that ends them, dismissed
by the supervisor with a reason. Every change is in the flag's own chain of the trail: its history.
No request, no commit.
"""
from flask import current_app
from sqlalchemy import or_, select

from audit.flags.models import FLAG_LIFECYCLE, RedFlag
from audit.flags.operations import rules
from core import clock
from core.auth import is_supervisor, oversees, require
from core.errors import NotFound, ValidationFailed, message
from core.extensions import db
from core.lifecycle import lock_row
from core.models import Event
from core.trail import record_event
from mall.catalogue import operations as catalogue
from mall.orders.models import Order
from scoring.evaluation.models import ProjectEvaluation
from trading.blind.models import BlindCheck
from trading.challenges.models import Challenge, Complaint
from trading.contracts.models import Contract
from trading.deposits.models import Deposit
from trading.tender.models import Project

MAX_REASON = 2000


def apply(findings):
    """Bring the flags of `findings` ({(code, key): Finding or None}) in line; returns the changes made, as
    [(action, code, key)] (flag.raised, flag.updated, flag.reopened, flag.resolved)."""
    changes = []
    now = clock.now()
    for (code, key), finding in findings.items():
        flag = db.session.execute(select(RedFlag).where(RedFlag.code == code, RedFlag.subject_key == key)
                                  ).scalar_one_or_none()
        if finding is None:
            if flag is not None and flag.status == "open":
                FLAG_LIFECYCLE.change(flag, "resolved", None, "flag.resolved", {"resolved_at": now})
                changes.append(("flag.resolved", code, key))
            continue
        if flag is None:
            flag = RedFlag(code=code, severity=rules.SEVERITY[code], subject_key=key, status="open",
                           detected_at=now, **finding._asdict())
            db.session.add(flag)
            db.session.flush()
            record_event(flag, "flag.raised", None, None, {
                "status": "open", "code": code, "severity": flag.severity, "subject": key,
                "detail": finding.detail, "project_id": finding.project_id})
            changes.append(("flag.raised", code, key))
            continue
        if flag.detail != finding.detail:
            record_event(flag, "flag.updated", None, {"detail": flag.detail}, {"detail": finding.detail})
            flag.detail = finding.detail
            changes.append(("flag.updated", code, key))
        if flag.status == "resolved":
            FLAG_LIFECYCLE.change(flag, "open", None, "flag.reopened", {"resolved_at": None})
            changes.append(("flag.reopened", code, key))
    return changes


# -- The events that raise and end flags (registered in audit/flags/__init__.py) --------------------------------

def on_project_event(project, event):
    apply(rules.project_findings(project))


def on_bid_event(bid, event):
    apply(rules.opening_findings(bid.project))


def on_evaluation_event(record):
    """The flags of an evaluated or awarded project, and of its unit's repeat winners (audit/flags/tasks.py runs
    this after the evaluation's commit)."""
    apply(rules.project_findings(record.project))
    if record.awarded_at is not None:
        apply(rules.repeat_winner_findings(record.project.purchaser_id, rules.award_year(record)))


def on_blind_check_event(check, event):
    apply(rules.blind_findings(check))


def on_order_event(order, event):
    apply(rules.reference_findings(order))


def on_product_event(product, event):
    apply(rules.product_price_findings(catalogue.same_model_ids(product)))


def on_contract_event(contract, event):
    apply(rules.contract_findings(contract, clock.today()))


def contract_clock(contract_id):
    """One contract's clocks as they stand today (the scheduled duty, audit/flags/tasks.py)."""
    contract = lock_row(db.session.get(Contract, contract_id))
    apply(rules.contract_findings(contract, clock.today()))


def on_deposit_event(deposit, event):
    apply(rules.deposit_findings(deposit, clock.today()))


def deposit_clock(deposit_id):
    """One deposit's refund clock as it stands today (the scheduled duty, audit/flags/tasks.py)."""
    apply(rules.deposit_findings(lock_row(db.session.get(Deposit, deposit_id)), clock.today()))


def on_challenge_event(challenge, event):
    apply(rules.challenge_findings(challenge, clock.today()))


def on_complaint_event(complaint, event):
    apply(rules.complaint_findings(complaint, clock.today()))


def challenge_clock(challenge_id):
    """One challenge's reply clock as it stands today (the scheduled duty, audit/flags/tasks.py)."""
    apply(rules.challenge_findings(lock_row(db.session.get(Challenge, challenge_id)), clock.today()))


def complaint_clock(complaint_id):
    """One complaint's decision clock as it stands today (the scheduled duty, audit/flags/tasks.py)."""
    apply(rules.complaint_findings(lock_row(db.session.get(Complaint, complaint_id)), clock.today()))


def on_split_order_refused(facts):
    """A refused direct order (core.refusals), after its request rolled back."""
    previous = db.session.execute(select(RedFlag).where(
        RedFlag.code == "split_order_suspected", RedFlag.subject_key == rules.split_order_key(facts))
    ).scalar_one_or_none()
    apply(rules.split_order_findings(facts, previous))


EVENT_HANDLERS = {
    "project.opened": on_project_event, "project.failed": on_project_event, "bid.invalidated": on_bid_event,
    "blind_check.found": on_blind_check_event, "blind_check.decided": on_blind_check_event,
    "order.placed": on_order_event,
    "product.listed": on_product_event, "product.updated": on_product_event, "product.delisted": on_product_event,
    **{action: on_contract_event for action in (
        "contract.created", "contract.signed", "contract.supplemented", "contract.accepted", "contract.payment_added",
        "contract.paid")},
    "deposit.refunded": on_deposit_event,
    "challenge.replied": on_challenge_event, "complaint.decided": on_complaint_event,
}


# -- Rebuild ------------------------------------------------------------------------------------------------------

def rebuild(batch=500):
    """Recompute every flag from the data; returns {action: count} of the changes (none when the flags already
    agree with the data). Dismissed flags stay dismissed. Subjects are read by id, `batch` at a time."""
    changes = []
    for project in _in_batches(Project, select(Project.id).where(Project.opened_at.is_not(None)), batch):
        changes += apply(rules.project_findings(project))
    groups = set()
    for record in db.session.scalars(select(ProjectEvaluation).where(ProjectEvaluation.awarded_at.is_not(None))):
        groups.add((record.project.purchaser_id, rules.award_year(record)))
    for purchaser_id, year in sorted(groups):
        changes += apply(rules.repeat_winner_findings(purchaser_id, year))
    for check in _in_batches(BlindCheck, select(BlindCheck.id), batch):
        changes += apply(rules.blind_findings(check))
    today = clock.today()
    for contract in _in_batches(Contract, select(Contract.id), batch):
        changes += apply(rules.contract_findings(contract, today))
    for deposit in _in_batches(Deposit, select(Deposit.id).where(Deposit.refund_due_on.is_not(None)), batch):
        changes += apply(rules.deposit_findings(deposit, today))
    for challenge in _in_batches(Challenge, select(Challenge.id), batch):
        changes += apply(rules.challenge_findings(challenge, today))
    for complaint in _in_batches(Complaint, select(Complaint.id), batch):
        changes += apply(rules.complaint_findings(complaint, today))
    # Only the direct orders whose savings rate could pass the threshold, and those already flagged, are read.
    flagged = select(RedFlag.subject_id).where(RedFlag.code == "mall_reference_inflated")
    candidates = select(Order.id).where(Order.channel == "direct", or_(_inflation_condition(), Order.id.in_(flagged)))
    for order in _in_batches(Order, candidates, batch):
        changes += apply(rules.reference_findings(order))
    # The products the mall's price check flags now, and those flagged before.
    flagged = db.session.scalars(select(RedFlag.subject_id).where(RedFlag.code == "mall_price_above_reference"))
    product_ids = sorted({c["product"].id for c in catalogue.price_flags()} | set(flagged))
    for start in range(0, len(product_ids), batch):
        changes += apply(rules.product_price_findings(product_ids[start:start + batch]))
    counts = {}
    for action, _, _ in changes:
        counts[action] = counts.get(action, 0) + 1
    return counts


def _in_batches(model, ids, batch):
    """The rows of `model` whose ids `ids` selects, in id order, `batch` at a time."""
    ids = db.session.scalars(ids.order_by(model.id)).all()
    for start in range(0, len(ids), batch):
        yield from db.session.scalars(select(model).where(model.id.in_(ids[start:start + batch])).order_by(model.id))


def _inflation_condition():
    """savings / (total + savings) > MALL_REFERENCE_INFLATED_RATE, without a division."""
    threshold = current_app.config["MALL_REFERENCE_INFLATED_RATE"]
    return Order.savings > (Order.total + Order.savings) * threshold


# -- Reading and dismissing ---------------------------------------------------------------------------------------

def search_flags(user, code=None, status=None, severity=None, project_id=None):
    """Select statement of the flags, newest first, for the center and the supervisor."""
    require(oversees(user), "not_allowed", "Red flags are read by the trading center and the supervisor.")
    stmt = select(RedFlag)
    for column, value in ((RedFlag.code, code), (RedFlag.status, status), (RedFlag.severity, severity),
                          (RedFlag.project_id, project_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt.order_by(RedFlag.detected_at.desc(), RedFlag.id.desc())


def get_flag(user, flag_id):
    require(oversees(user), "not_allowed", "Red flags are read by the trading center and the supervisor.")
    flag = db.session.get(RedFlag, flag_id)
    if flag is None:
        raise NotFound("flag_not_found", "Red flag not found.")
    return flag


def dismiss(actor, flag_id, reason):
    """The supervisor dismisses a flag with a reason; it stays in the list and in its history."""
    require(is_supervisor(actor), "not_supervisor", "Only the supervisor dismisses red flags.")
    flag = get_flag(actor, flag_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": [message("Give the reason for dismissing the flag.")]},
                               "Give the reason for dismissing the flag.", "reason_required")
    if len(reason) > MAX_REASON:
        raise ValidationFailed({"reason": [message("At most %(max)s characters.", max=MAX_REASON)]})
    FLAG_LIFECYCLE.change(flag, "dismissed", actor, "flag.dismissed",
                          {"reason": reason, "dismissed_at": clock.now(), "dismissed_by_id": actor.id},
                          {"reason": reason})
    return flag


def flag_events(flag):
    """The flag's history: its own chain of the trail."""
    return db.session.scalars(select(Event).where(Event.chain_key == f"red_flag:{flag.id}")
                              .order_by(Event.seq)).all()
