"""Bid deposits (domain.md: Deposits): recorded at the opening from the sealed bids (withdrawn ones included), or
at a cancellation; checked by the center (a missing or short deposit makes the bid invalid); released by the
result notice, the contract's signing, the failure or cancellation, or the withdrawal, and then due back within 5
working days; refunded by the center, a late refund owing interest. No request, no commit."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import false, select

from core import clock
from core.auth import acts_as_center, is_bidder, oversees, require
from core.errors import N_, Amount, Code, Conflict, NotFound, ValidationFailed, message
from core.extensions import db
from core.lifecycle import lock_row
from core.models import User
from core.notifications import notify, page_link
from core.timeutil import to_local
from core.trail import record_event
from trading.calendar.operations import estimated_between, working_day_after
from trading.deposits.models import DEPOSIT_LIFECYCLE, Deposit, late_interest
from trading.tender.models import Bid
from trading.tender.operations import get_project, invalidate_bid
from trading.tender.operations.bid_sealing import deposit_short, unseal_bid, unseal_deposit

# MOF Order 87 §38: a deposit is given back within 5 working days of what releases it (law-level).
REFUND_WORKING_DAYS = 5
MAX_NOTE = 500
MAX_REFERENCE = 100
LEGACY = object()  # a bid sealed before bids recorded their deposit

NOTIFICATION_KINDS = {
    "deposits.checked": (
        N_("Your deposit for %(code)s: %(status)s"),
        N_("The center checked your deposit of %(amount)s for project %(code)s “%(title)s”: %(status)s. %(note)s")),
    "deposits.released": (
        N_("Your deposit for %(code)s is due back by %(due)s"),
        N_("Your deposit of %(amount)s for project %(code)s “%(title)s” is released (%(why)s) and will be given "
           "back by %(due)s.")),
    "deposits.refunded": (
        N_("Your deposit for %(code)s was given back"),
        N_("The center gave back your deposit of %(amount)s for project %(code)s on %(on)s (reference "
           "%(reference)s). Days late: %(late)s; interest owed: %(interest)s.")),
    "deposits.refund_due": (
        N_("Deposit refunds due tomorrow for %(code)s"),
        N_("%(count)s deposits of project %(code)s “%(title)s” must be given back by %(due)s.")),
}


def deposit_link(deposit):
    return page_link("trading_deposits.deposit", deposit_id=deposit.id)


def refund_due_on(released_on):
    """(the last day to give the deposit back, whether the count crossed a year with no holiday schedule)."""
    due = working_day_after(released_on, REFUND_WORKING_DAYS)
    return due, estimated_between(released_on, due)


def annual_rate():
    return current_app.config["DEPOSIT_LATE_ANNUAL_RATE"]


def interest_on(deposit, today):
    """The interest a refund made (or still owed) `today` owes."""
    return late_interest(deposit.amount, annual_rate(), deposit.days_late(today))


# -- Reading --------------------------------------------------------------------------------------------------------

def get_deposit(user, deposit_id, lock=False):
    """A deposit its bidder, the center and the supervisor read; 404 for anyone else."""
    deposit = db.session.get(Deposit, deposit_id)
    if deposit is None or not deposit.can_view(user):
        raise NotFound("deposit_not_found", "Deposit not found.")
    return lock_row(deposit) if lock else deposit


def search_deposits(user, status=None, project_id=None, today=None):
    """Select statement of the deposits `user` may read (a bidder its own, the center and the supervisor all),
    by refund status (pending, due, overdue, refunded, none)."""
    today = today or clock.today()
    stmt = select(Deposit)
    if is_bidder(user):
        stmt = stmt.where(Deposit.organization_id == user.organization_id)
    elif not oversees(user):
        stmt = stmt.where(false())
    owed = Deposit.status.in_(("declared", "confirmed"))
    stmt = stmt.where(*{
        None: (), "pending": (owed, Deposit.refund_due_on.is_(None)),
        "due": (owed, Deposit.refund_due_on >= today), "overdue": (owed, Deposit.refund_due_on < today),
        "refunded": (Deposit.status == "refunded",), "none": (Deposit.status == "missing",),
    }[status])
    if project_id is not None:
        stmt = stmt.where(Deposit.project_id == project_id)
    # What is still owed first, the earliest due first; then the refunded.
    return stmt.order_by(Deposit.status == "refunded", Deposit.refund_due_on.is_(None), Deposit.refund_due_on,
                         Deposit.project_id, Deposit.id)


def project_deposits(user, project_id):
    """(project, its deposits) for the center and the supervisor; 404 for anyone else."""
    project = get_project(project_id, user)
    if not oversees(user):
        raise NotFound("not_found", "Project not found.")
    return project, db.session.scalars(select(Deposit).where(Deposit.project_id == project.id)
                                       .order_by(Deposit.id)).all()


def unchecked(project):
    """The deposits of the project's valid bids the center has not checked yet."""
    return db.session.scalars(select(Deposit).join(Bid, Bid.id == Deposit.bid_id).where(
        Deposit.project_id == project.id, Deposit.status == "declared", Bid.valid.is_(True))).all()


def require_deposits_checked(project):
    """The expert draw waits for the center's check of every valid bid's deposit (409)."""
    count = len(unchecked(project))
    if count:
        raise Conflict("deposits_unchecked", "%(count)s deposits of valid bids are not checked yet: confirm each "
                       "against the bank statement or the guarantee's issuer before drawing the experts.", count=count)


# -- Recording at the opening or the cancellation ----------------------------------------------------------------

def record_deposits(project, payloads=None):
    """The deposit of each bid as sealed in it (the opened bids' content in `payloads`, bid id → payload, the
    withdrawn ones' deposit record sealed on its own); a bid declaring none or too little is recorded `missing`.
    Each bid's deposit is recorded once."""
    payloads = payloads or {}
    now = clock.now()
    known = set(db.session.scalars(select(Deposit.bid_id).where(Deposit.project_id == project.id)))
    bids = db.session.scalars(select(Bid).where(Bid.project_id == project.id,
                                                Bid.status.in_(("submitted", "withdrawn")))
                              .order_by(Bid.id)).all()
    recorded = []
    for bid in bids:
        if bid.id in known:
            continue
        payload = payloads.get(bid.id)
        declared = (payload["content"].get("deposit", LEGACY) if payload is not None
                    else unseal_deposit(project, bid.deposit_ciphertext))
        if declared is LEGACY:  # sealed before bids recorded their deposit: the asked amount, for the check to decide
            declared, status = ({"amount": project.deposit}, "declared") if project.deposit > 0 else (None, None)
        elif declared is None and (bid.status == "withdrawn" or project.deposit <= 0):
            status = None  # nothing given, nothing asked
        else:
            status = "missing" if bid.status == "submitted" and deposit_short(project.deposit, declared) else "declared"
        if status is None:
            continue
        declared = declared or {}
        deposit = Deposit(project_id=project.id, bid_id=bid.id, organization_id=bid.organization_id,
                          method=declared.get("method"), amount=declared.get("amount"),
                          reference=declared.get("reference"), issuer=declared.get("issuer"), required=project.deposit,
                          status=status, created_at=now, refund_due_estimated=False, reminded=False)
        db.session.add(deposit)
        db.session.flush()
        record_event(deposit, "deposit.recorded", None, after={
            "status": status, "project_id": project.id, "bid_id": bid.id, "method": deposit.method,
            "amount": deposit.amount, "reference": deposit.reference, "issuer": deposit.issuer,
            "required": project.deposit})
        recorded.append(deposit)
    return recorded


def reveal_deposits(project):
    """A project cancelled after publication is never opened: its bids' deposit records alone are read, so the
    center knows whose deposits to give back (the bids themselves stay sealed)."""
    payloads = {}
    for bid in db.session.scalars(select(Bid).where(Bid.project_id == project.id, Bid.status == "submitted")):
        if bid.deposit_ciphertext is None:  # sealed before deposits were recorded apart: read from the bid
            payloads[bid.id] = unseal_bid(project, bid.ciphertext)
    return record_deposits(project, {bid_id: p for bid_id, p in payloads.items() if p is not None})


# -- Releases: what makes a refund fall due ------------------------------------------------------------------------

def release(deposit, why, day):
    """The deposit falls due back REFUND_WORKING_DAYS working days after `day`, released by `why`; once."""
    if not deposit.owed or deposit.released_on is not None:
        return
    due, estimated = refund_due_on(day)
    before = deposit.recorded_state()
    deposit.released_by, deposit.released_on = why, day
    deposit.refund_due_on, deposit.refund_due_estimated = due, estimated
    record_event(deposit, "deposit.released", None, before, {
        **deposit.recorded_state(), "released_by": why, "released_on": day, "refund_due_estimated": estimated})
    project = deposit.project
    notify(deposit.organization, "deposits.released", deposit_link(deposit), code=project.code, title=project.title,
           amount=Amount(deposit.amount), why=Code(f"released_by.{why}"), due=due.isoformat())


def _deposits_of(project, *conditions):
    return db.session.scalars(select(Deposit).where(Deposit.project_id == project.id, *conditions)
                              .order_by(Deposit.id)).all()


def on_project_opened(project, event):
    """A failed opening releases every deposit; otherwise the withdrawn bids' deposits, which the center learns of
    only now."""
    today = clock.today()
    if project.status == "failed":
        on_project_closed(project, event)
        return
    withdrawn = select(Bid.id).where(Bid.project_id == project.id, Bid.status == "withdrawn")
    for deposit in _deposits_of(project, Deposit.bid_id.in_(withdrawn)):
        release(deposit, "withdrawn", today)


def on_project_closed(project, event):
    """The failure or cancellation notice releases every deposit (a cancelled project's are read first)."""
    if project.status == "cancelled":
        reveal_deposits(project)
    why = "cancelled" if project.status == "cancelled" else "failed"
    today = clock.today()
    for deposit in _deposits_of(project):
        release(deposit, "withdrawn" if deposit.bid.status == "withdrawn" else why, today)


def on_awarded(record, event):
    """The result notice releases every deposit but the winner's, which its contract's signing releases."""
    day = to_local(record.awarded_at).date()
    for deposit in _deposits_of(record.project, Deposit.bid_id != record.award_bid_id):
        release(deposit, "withdrawn" if deposit.bid.status == "withdrawn" else "result", day)


def on_contract_signed(contract, event):
    for deposit in _deposits_of(contract.project, Deposit.bid_id == contract.bid_id):
        release(deposit, "contract", contract.signed_on)


# -- The center's check and refund ---------------------------------------------------------------------------------

def _note(value, field="note", limit=MAX_NOTE):
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationFailed({field: [message("At most %(max)s characters.", max=limit)]})
    return value or None


def check_deposit(actor, project_id, bid_id, status, note=None):
    """The center marks a declared deposit `confirmed` (found in the bank statement, or with the guarantee's
    issuer) or `missing`, which makes its bid invalid while the project is being evaluated."""
    require(acts_as_center(actor), "not_center", "Only the trading center may do this.")
    project = get_project(project_id, actor, lock=True)
    deposit = db.session.scalar(select(Deposit).where(Deposit.project_id == project.id, Deposit.bid_id == bid_id))
    if deposit is None:
        raise NotFound("deposit_not_found", "Deposit not found.")
    lock_row(deposit)
    note = _note(note)
    if deposit.status != "declared":
        raise Conflict("deposit_checked", "This deposit is already %(status)s.", status=Code(deposit.status))
    bid = deposit.bid
    if status == "missing" and bid.valid and project.status != "opened":
        raise Conflict("wrong_status", "A deposit is found missing while the project is opened; this one is "
                       "%(status)s.", status=Code(project.status))
    DEPOSIT_LIFECYCLE.change(deposit, status, actor, "deposit.checked",
                             {"check_note": note, "checked_at": clock.now(), "checked_by_id": actor.id},
                             {"check_note": note, "project_id": project.id, "bid_id": bid.id})
    if status == "missing" and bid.valid:
        invalidate_bid(project, bid, actor, "deposit_missing")
    notify(deposit.organization, "deposits.checked", deposit_link(deposit), code=project.code, title=project.title,
           amount=Amount(deposit.amount), status=Code(status), note=note or "")
    return deposit


def refund_deposit(actor, deposit_id, refunded_on, reference):
    """The center records a refund (or a guarantee's release): the date and the bank reference. A refund after
    its due date owes interest for each day late."""
    require(acts_as_center(actor), "not_center", "Only the trading center may do this.")
    deposit = get_deposit(actor, deposit_id, lock=True)
    if not deposit.owed:
        raise Conflict("deposit_not_owed", "There is nothing to give back: this deposit is %(status)s.",
                       status=Code(deposit.status))
    if deposit.released_on is None:
        raise Conflict("deposit_not_released", "This deposit is not released yet: the result notice, the contract's "
                       "signing, the failure or cancellation, or the bid's withdrawal releases it.")
    reference = (reference or "").strip()
    problems = {}
    if not reference:
        problems["reference"] = [message("Required.")]
    elif len(reference) > MAX_REFERENCE:
        problems["reference"] = [message("At most %(max)s characters.", max=MAX_REFERENCE)]
    if refunded_on > clock.today():
        problems["refunded_on"] = [message("Cannot be in the future.")]
    elif refunded_on < deposit.released_on:
        problems["refunded_on"] = [message(N_("Not before the deposit was released (%(date)s)."),
                                           date=deposit.released_on.isoformat())]
    if problems:
        raise ValidationFailed(problems)
    late = deposit.days_late(refunded_on)
    interest = late_interest(deposit.amount, annual_rate(), late)
    DEPOSIT_LIFECYCLE.change(deposit, "refunded", actor, "deposit.refunded", {
        "refunded_on": refunded_on, "refund_reference": reference, "late_days": late, "interest": interest,
        "refunded_by_id": actor.id,
    }, {"refunded_on": refunded_on, "late_days": late, "interest": interest, "refund_reference": reference,
        "project_id": deposit.project_id})
    project = deposit.project
    notify(deposit.organization, "deposits.refunded", deposit_link(deposit), code=project.code, amount=Amount(
        deposit.amount), on=refunded_on.isoformat(), reference=reference, late=late, interest=Amount(deposit.interest))
    return deposit


# -- Reminders (the scheduled duty) ---------------------------------------------------------------------------------

def reminders_due(today):
    """Ids of the projects with deposits due back tomorrow that the center was not reminded of yet."""
    return db.session.scalars(select(Deposit.project_id).where(
        Deposit.status.in_(("declared", "confirmed")), Deposit.refund_due_on == today + timedelta(days=1),
        Deposit.reminded.is_(False)).distinct().order_by(Deposit.project_id)).all()


def remind(project_id):
    """Remind the center of the project's deposits due back tomorrow, once."""
    tomorrow = clock.today() + timedelta(days=1)
    deposits = [lock_row(d) for d in db.session.scalars(select(Deposit).where(
        Deposit.project_id == project_id, Deposit.status.in_(("declared", "confirmed")),
        Deposit.refund_due_on == tomorrow, Deposit.reminded.is_(False)))]
    if not deposits:
        return None
    for deposit in deposits:
        deposit.reminded = True
    project = deposits[0].project
    center = db.session.scalars(select(User).where(User.of_role("admin"), User.active.is_(True))).all()
    notify(center, "deposits.refund_due", page_link("trading_deposits.deposit_list", status="due"),
           code=project.code, title=project.title, count=len(deposits), due=tomorrow.isoformat())
    return project
