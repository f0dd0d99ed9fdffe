"""Budget lines: the center manages them; orders and competitions reserve on them, payments
spend, cancellations release. No request, no commit.

Every change of `reserved` or `spent` is one conditional UPDATE (`... WHERE amount - reserved -
spent >= :x`), so `reserved + spent <= amount` holds however many orders run at once: the row
lock the UPDATE takes is held to the end of the transaction, which also serialises the line's
trail chain.
"""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core import clock
from core.auth import acts_as_center, is_purchaser, require
from core.errors import Amount, Conflict, DomainError, NotFound, ValidationFailed, message
from core.extensions import db
from core.lifecycle import update_where
from core.models import Organization
from core.trail import record_event
from mall.budgets.models import BudgetLine


def get_budget(user, budget_id, lock=False):
    """A budget line the user may see (its purchasing unit, the center, the supervisor); 404 otherwise."""
    budget = db.session.get(BudgetLine, budget_id, with_for_update=True if lock else None)
    if budget is None or not budget.can_view(user):
        raise NotFound("budget_not_found", "Budget line not found.")
    return budget


def budgets_for(user, organization_id=None, year=None):
    """Select statement of the budget lines the user may see: its own unit's, or all for the center."""
    stmt = select(BudgetLine)
    if is_purchaser(user):
        stmt = stmt.where(BudgetLine.organization_id == user.organization_id)
    elif organization_id is not None:
        stmt = stmt.where(BudgetLine.organization_id == organization_id)
    if year is not None:
        stmt = stmt.where(BudgetLine.year == year)
    return stmt.order_by(BudgetLine.year.desc(), BudgetLine.code, BudgetLine.id)


def create_budget(actor, data):
    """The center opens a budget line for a purchasing unit and year."""
    require(acts_as_center(actor), "not_center", "Only the trading center may do this.")
    org = db.session.get(Organization, data["organization_id"])
    if org is None or org.kind != "purchaser":
        raise ValidationFailed({"organization_id": [message("must be a purchasing unit")]})
    budget = BudgetLine(organization_id=org.id, year=data["year"], code=data["code"], name=data["name"],
                        amount=data["amount"], reserved=0, spent=0, created_at=clock.now())
    try:
        with db.session.begin_nested():
            db.session.add(budget)
            db.session.flush()
    except IntegrityError:
        raise Conflict("duplicate_budget_code", "The unit already has a budget line %(line)s for %(year)s.",
                       line=data["code"], year=str(data["year"])) from None
    record_event(budget, "budget.created", actor, after=budget.recorded_state() | {
        "organization_id": org.id, "year": budget.year, "code": budget.code, "name": budget.name})
    return budget


def update_budget(actor, budget_id, data):
    """The center changes a line's amount or name; the amount never below what is reserved and spent."""
    require(acts_as_center(actor), "not_center", "Only the trading center may do this.")
    budget = get_budget(actor, budget_id, lock=True)
    db.session.refresh(budget)
    committed = budget.reserved + budget.spent
    if "amount" in data and data["amount"] < committed:
        raise ValidationFailed({"amount": [message(
            "must be at least %(committed)s, what is already reserved and spent", committed=Amount(committed))]},
            "The amount cannot go below what is reserved and spent.", "amount_below_committed")
    before = {k: getattr(budget, k) for k in ("amount", "name") if k in data}
    for key in before:
        setattr(budget, key, data[key])
    db.session.flush()
    record_event(budget, "budget.updated", actor, before, {k: getattr(budget, k) for k in before})
    return budget


def _changed(budget, actor, action, subject, before):
    record_event(budget, action, actor, before, budget.recorded_state() | subject)


def reserve(budget, amount, actor, subject):
    """Reserve `amount` on the line, or refuse (422 insufficient_budget) saying by how much it falls short.

    `subject` names what reserves it ({"order": code} or {"competition": code}) in the trail."""
    available = BudgetLine.amount - BudgetLine.reserved - BudgetLine.spent
    if not update_where(budget, available >= amount, BudgetLine.WATCHED_FIELDS,
                        reserved=BudgetLine.reserved + amount):
        db.session.refresh(budget)
        raise DomainError(
            "insufficient_budget",
            "Budget line %(line)s has %(available)s available; this needs %(needed)s, %(short)s more.",
            line=budget.code, available=Amount(budget.available), needed=Amount(amount),
            short=Amount(amount - budget.available))
    _changed(budget, actor, "budget.reserved", subject | {"change": amount}, {})


def release(budget, amount, actor, subject):
    """Give back a reservation (cancellation, a failed competition, a win below the cap)."""
    _move(budget, amount, actor, subject, "budget.released", reserved=BudgetLine.reserved - amount)


def spend(budget, amount, actor, subject):
    """A payment: the amount moves from reserved to spent."""
    _move(budget, amount, actor, subject, "budget.spent",
          reserved=BudgetLine.reserved - amount, spent=BudgetLine.spent + amount)


def _move(budget, amount, actor, subject, action, **values):
    # The callers' status checks make a mismatch unreachable short of a bug.
    if not update_where(budget, BudgetLine.reserved >= amount, BudgetLine.WATCHED_FIELDS, **values):
        raise Conflict("budget_inconsistent", "Budget line %(line)s does not hold this reservation.",
                       line=budget.code)
    _changed(budget, actor, action, subject | {"change": amount}, {})
