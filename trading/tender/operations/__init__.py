"""The tender lifecycle: register, submit, publish, sign up, bid, open. No request, no commit.

Every operation checks who may act (403, or 404 for what the caller may not see) before the
project's status (409); status changes go through PROJECT_LIFECYCLE.
"""
from dataclasses import replace
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from core import clock, sealing
from core.auth import acts_as_center, is_bidder, is_purchaser, oversees, require
from core.codes import next_code
from core.errors import Code, Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from core.extensions import db
from core.ids import new_random_id
from core.notifications import notify
from core.tasks import after_commit, anchor
from core.timeutil import to_local
from core.trail import record_event
from trading.notices.operations import publish_failed_notice, publish_tender_notice
from trading.tender.models import CATEGORY_CODES, PROJECT_LIFECYCLE, Bid, Project, Signup, project_scope
from trading.tender.operations import rules
from trading.tender.operations.bid_sealing import (
    bid_content, deposit_short, receipt_for, seal_bid, seal_deposit, unseal_bid,
)
from trading.tender.operations.notifications import opening_recipients, project_link
from trading.tender.operations.suspension import require_not_suspended

EDITABLE_FIELDS = (
    "title", "description", "category", "method", "budget", "ceiling_price", "deposit",
    "signup_deadline", "bid_deadline", "evaluation", "responsible_person", "responsible_phone",
)


def _config(name):
    return current_app.config[name]


def entry_problems(project):
    """The figures and deadlines, checked whenever a draft is saved."""
    return rules.merge(
        rules.money_problems(project.budget, project.ceiling_price, project.deposit, _config("MAX_DEPOSIT_RATIO")),
        rules.deadline_problems(project.signup_deadline, project.bid_deadline),
        rules.sme_problems(project.category, project.evaluation.sme_deduction),
    )


def registration_problems(project, now=None):
    """The rules checked at submit (and again at publish); with `now`, deadlines already past too."""
    return rules.merge(
        entry_problems(project),
        rules.evaluation_problems(project.evaluation, project.method, project.budget, _config("LARGE_PROJECT_BUDGET")),
        rules.past_deadline_problems(project.signup_deadline, project.bid_deadline, now) if now else {},
    )


def get_project(project_id, user, lock=False, shared=False):
    """A project the user may see; 404 otherwise (so its existence is not revealed).

    `lock` takes the row exclusively (state changes, opening); `shared` lets bids run in
    parallel while still waiting for an opening in progress.
    """
    lock_mode = {"read": True} if shared else (True if lock else None)
    project = db.session.get(Project, project_id, with_for_update=lock_mode)
    if project is None or not project.can_view(user):
        raise NotFound("not_found", "Project not found.")
    return project


def _check_entry(project):
    project.deposit = project.deposit or Decimal("0.00")
    if project.evaluation.sme_deduction is None:  # not given: the category's default
        project.evaluation = replace(project.evaluation, sme_deduction=rules.default_sme_deduction(project.category))
    problems = entry_problems(project)
    if problems:
        raise ValidationFailed(problems)


def create_project(actor, data):
    """A purchaser registers a project (进场登记) as a draft."""
    require(is_purchaser(actor), "not_purchaser", "Only a purchasing unit registers projects.")
    now = clock.now()
    project = Project(
        **{k: data.get(k) for k in EDITABLE_FIELDS},
        status="draft",
        purchaser_id=actor.organization_id,
        created_by_id=actor.id,
        created_at=now,
        sealed_key=sealing.new_scope_key(),
    )
    project.responsible_person = project.responsible_person or actor.label
    _check_entry(project)
    project.code = next_code(f"{to_local(now).year}-{CATEGORY_CODES[project.category]}")
    db.session.add(project)
    db.session.flush()
    record_event(project, "project.created", actor, after=project.recorded_state() | {
        "code": project.code, "title": project.title})
    return project


def _own_project(actor, project_id, lock=True):
    project = get_project(project_id, actor, lock=lock)
    require(project.is_owned_by(actor), "not_owner", "Only the purchasing unit that registered the project may do this.")
    return project


def get_own_draft(actor, project_id, lock=False):
    """The actor's own draft, the only kind of project that can be edited."""
    project = _own_project(actor, project_id, lock=lock)
    if not project.can_edit(actor):
        raise Conflict("wrong_status", "Only a draft can be edited; this project is %(status)s.",
                       status=Code(project.status))
    return project


def update_project(actor, project_id, data):
    """Edit a draft."""
    project = get_own_draft(actor, project_id, lock=True)
    before = {k: getattr(project, k) for k in data if k in EDITABLE_FIELDS}
    for key in before:
        setattr(project, key, data[key])
    _check_entry(project)
    record_event(project, "project.updated", actor, before, {k: getattr(project, k) for k in before})
    return project


def _refuse_broken_rules(problems):
    if problems:
        raise ValidationFailed(problems, "The project breaks registration rules.", "registration_rules")


def submit_project(actor, project_id):
    """draft → submitted (进场登记), checking every registration rule."""
    project = _own_project(actor, project_id)
    if project.status == "draft":
        _refuse_broken_rules(registration_problems(project, clock.now()))
    return PROJECT_LIFECYCLE.change(project, "submitted", actor, "project.submitted",
                                    {"submitted_at": clock.now()})


def _reason(reason):
    if not reason or not reason.strip():
        raise ValidationFailed({"reason": ["a reason is required"]})
    return reason.strip()


def center_project(actor, project_id):
    """A project the center acts on: 403 for anyone else, before anything about the project."""
    require(acts_as_center(actor), "not_center", "Only the trading center may do this.")
    return get_project(project_id, actor, lock=True)


def return_project(actor, project_id, reason):
    """The center sends a submitted project back to its purchaser for correction."""
    project = center_project(actor, project_id)
    reason = _reason(reason)
    if project.status != "submitted":
        raise Conflict("wrong_status", "Only a submitted project can be returned; this one is %(status)s.",
                       status=Code(project.status))
    PROJECT_LIFECYCLE.change(project, "draft", actor, "project.returned", {"closed_reason": reason}, {"reason": reason})
    notify(project.purchaser, "project.returned", project_link(project), code=project.code, title=project.title,
           reason=reason)
    return project


def publish_project(actor, project_id):
    """submitted → published (公告): the registration rules again, plus the time rules."""
    project = center_project(actor, project_id)
    if project.status != "submitted":
        raise Conflict("wrong_status", "Only a submitted project can be published; this one is %(status)s.",
                       status=Code(project.status))
    now = clock.now()
    _refuse_broken_rules(rules.merge(
        registration_problems(project),
        rules.publish_time_problems(project.method, project.bid_deadline, project.signup_deadline, now,
                                    _config("MIN_BID_DAYS"), _config("MIN_RESPONSE_WORKING_DAYS")),
    ))
    PROJECT_LIFECYCLE.change(project, "published", actor, "project.published",
                             {"published_at": now, "closed_reason": None})
    publish_tender_notice(project)
    notify(project.purchaser, "project.published", project_link(project), code=project.code, title=project.title)
    return project


def cancel_project(actor, project_id, reason):
    """Cancel before opening: the purchaser its draft or submitted project, the center up to opening."""
    project = get_project(project_id, actor, lock=True)
    require(project.may_cancel(actor), "not_owner", "Only the purchasing unit or the center may cancel this project.")
    if not project.can_cancel(actor):
        raise Conflict("wrong_status", "A %(status)s project cannot be cancelled by you.", status=Code(project.status))
    reason = _reason(reason)
    was_public = project.is_public
    PROJECT_LIFECYCLE.change(project, "cancelled", actor, "project.cancelled", {"closed_reason": reason},
                             {"reason": reason})
    if was_public:
        publish_failed_notice(project, reason)
    return project


def check_bidder_org(actor):
    org = actor.organization if is_bidder(actor) else None
    if org is None or org.kind != "bidder":
        raise Forbidden("not_a_bidder", "Only bidder organisations can take part.")
    if not org.is_approved:
        raise Forbidden("organization_not_approved", "Your organisation has not been approved by the trading center yet.")
    if org.is_blacklisted():
        if org.blacklist_reason:
            raise DomainError("blacklisted", "Your organisation is blacklisted until %(date)s: %(reason)s",
                              date=org.blacklisted_until.isoformat(), reason=org.blacklist_reason)
        raise DomainError("blacklisted", "Your organisation is blacklisted until %(date)s.",
                          date=org.blacklisted_until.isoformat())
    return org


def open_for_bidding(project_id, actor):
    """The project, locked for share: opening takes it exclusively, so no bid slips past it."""
    project = get_project(project_id, actor, shared=True)
    if project.status != "published":
        raise Conflict("not_accepting_bids", "This project is not open for bidding.")
    return project


def sign_up(actor, project_id):
    """An approved, non-blacklisted bidder signs up before signup_deadline."""
    org = check_bidder_org(actor)
    project = open_for_bidding(project_id, actor)
    now = clock.now()
    if not project.accepts_signups(now):
        raise Conflict("signup_closed", "Sign-up for this project has closed.")
    if db.session.scalar(select(Signup.id).where(Signup.project_id == project.id, Signup.organization_id == org.id)):
        raise Conflict("already_signed_up", "Your organisation has already signed up for this project.")
    signup = Signup(id=new_random_id(Signup), project_id=project.id, organization_id=org.id, created_at=now)
    db.session.add(signup)
    db.session.flush()
    record_event(signup, "signup.created", actor, after={"project_id": project.id}, sealed_scope=project_scope(project))
    return signup


def my_signup(actor, project):
    if not is_bidder(actor):
        return None
    return db.session.scalar(
        select(Signup).where(Signup.project_id == project.id, Signup.organization_id == actor.organization_id)
    )


def bidder_signups(organization_id):
    """An organisation's own sign-ups, newest first."""
    return db.session.execute(
        select(Signup).where(Signup.organization_id == organization_id).order_by(Signup.id.desc())
    ).scalars().all()


def own_signup(actor, project, lock=True):
    signup = my_signup(actor, project)
    if signup is None:
        raise Forbidden("not_signed_up", "Sign up for the project before bidding.")
    if lock:
        signup = db.session.get(Signup, signup.id, with_for_update=True, populate_existing=True)
    return signup


def bid_time(project):
    """The one clock reading that both decides the deadline and is recorded on the bid."""
    now = clock.now()
    if not project.accepts_bids(now):
        raise Conflict("deadline_passed", "The bid deadline has passed; no bid is accepted after it.")
    return now


def submit_bid(actor, project_id, price, technical_proposal, documents=(), sme=False, deposit=None):
    """Store a sealed bid, replacing an earlier one; return the bid with its receipt. `sme`: the bidder declares
    itself a small or micro enterprise (sealed with the price); `deposit`: its deposit record {method, amount,
    reference, issuer} (sealed too, and kept sealed on its own should the bid be withdrawn)."""
    check_bidder_org(actor)
    project = open_for_bidding(project_id, actor)
    now = bid_time(project)
    signup = own_signup(actor, project)
    documents = list(documents)
    content = bid_content(project, signup.organization, price, technical_proposal, documents, sme, deposit)
    receipt = receipt_for(content)
    bid = signup.bid
    before = {"status": bid.status, "receipt": bid.receipt} if bid else None
    if bid is None:
        bid = Bid(id=new_random_id(Bid), signup=signup, project_id=project.id, organization_id=signup.organization_id)
        db.session.add(bid)
    bid.status = "submitted"
    bid.ciphertext = seal_bid(project, content, documents)
    bid.deposit_ciphertext = seal_deposit(project, content["deposit"])
    bid.receipt = receipt
    bid.sealed_documents = content["documents"]  # not stored: shown once with the receipt
    bid.submitted_at = now
    bid.withdrawn_at = None
    db.session.flush()
    record_event(bid, "bid.submitted", actor, before, {"status": "submitted", "receipt": receipt},
                 sealed_scope=project_scope(project))
    return bid


def withdraw_bid(actor, project_id):
    """Withdraw before the deadline: the sealed content is erased, but for the deposit record (sealed on its own),
    which the opening reads to give the deposit back."""
    require(is_bidder(actor), "not_a_bidder", "Only bidder organisations can take part.")
    project = open_for_bidding(project_id, actor)
    now = bid_time(project)
    signup = own_signup(actor, project)
    bid = signup.bid
    if bid is None or bid.status != "submitted":
        raise Conflict("no_bid", "You have no bid to withdraw.")
    before = {"status": bid.status, "receipt": bid.receipt}
    bid.status = "withdrawn"
    bid.ciphertext = None
    bid.withdrawn_at = now
    record_event(bid, "bid.withdrawn", actor, before, {"status": "withdrawn"}, sealed_scope=project_scope(project))
    return bid


def is_abnormally_low(price, other_prices, ratio):
    """More than `ratio` below the average of the other valid bids."""
    if not other_prices:
        return False
    average = sum(other_prices, Decimal(0)) / len(other_prices)
    return price < average * (1 - ratio)


def open_bids(actor, project_id):
    """At or after bid_deadline: decrypt, check receipts and ceiling, flag low prices, decide."""
    project = center_project(actor, project_id)
    require_not_suspended(project)
    now = clock.now()
    if project.status == "published" and not project.is_due_for_opening(now):
        raise Conflict("too_early", "Bids can be opened only at or after the bid deadline.")
    if project.status != "published":
        raise Conflict("wrong_status", "Only a published project can be opened; this one is %(status)s.",
                       status=Code(project.status))
    bids = db.session.execute(
        select(Bid).where(Bid.project_id == project.id, Bid.status == "submitted").order_by(Bid.submitted_at, Bid.organization_id)
    ).scalars().all()
    payloads = {}
    for bid in bids:
        payloads[bid.id] = _read_bid(project, bid)
        # The credit part of the evaluation uses the score as it stands at opening.
        bid.credit_score = bid.organization.effective_credit_score(clock.today())
    _record_deposits(project, payloads)
    valid = [b for b in bids if b.valid]
    ratio = _config("ABNORMALLY_LOW_RATIO")
    for bid in valid:
        others = [b.price for b in valid if b is not bid]
        bid.abnormally_low = is_abnormally_low(bid.price, others, ratio)
    enough = len(valid) >= _config("MIN_VALID_BIDS")
    PROJECT_LIFECYCLE.change(
        project, "opened" if enough else "failed", actor, "project.opened",
        {"opened_at": now, **({} if enough else {"closed_reason": "insufficient_valid_bids"})},
        {"bids": [{"bid_id": b.id, "price": b.price, "receipt": b.receipt, "valid": b.valid,
                   "invalid_reason": b.invalid_reason} for b in bids]},
    )
    unreadable = _blind_checks(project, valid, payloads) if project.status == "opened" else {}
    for bid in bids:  # each bid's own chain records its opening, so its row can be checked against it
        record_event(bid, "bid.opened", actor, after={
            "price": bid.price, "valid": bid.valid, "invalid_reason": bid.invalid_reason,
            "abnormally_low": bid.abnormally_low, "receipt_ok": bid.receipt_ok, "credit_score": bid.credit_score,
            "sme": bid.sme,
            **({"blind_unreadable": unreadable[bid.id]} if unreadable.get(bid.id) else {}),
        }, sealed_scope=project_scope(project))
    if project.status == "failed":
        publish_failed_notice(project, project.closed_reason)
    after_commit(anchor)  # the events just recorded, anchored once they are committed
    notify(opening_recipients(project, bids), f"project.{project.status}", project_link(project),
           code=project.code, title=project.title)
    return project, bids


def _record_deposits(project, payloads):
    """The deposits of the opened bids and of the withdrawn ones (trading.deposits), before the project's status
    changes, so that its event releases those a failure or a withdrawal releases."""
    from trading.deposits.operations import record_deposits  # deposits build on this module

    record_deposits(project, payloads)


def invalidate_bid(project, bid, actor, reason):
    """After the opening, the bid becomes invalid for `reason` (a confirmed blind violation, a missing deposit):
    the other valid bids' abnormally-low flags are recomputed without it, and the procurement fails when fewer
    valid bids than the minimum remain."""
    record_event(bid, "bid.invalidated", actor, {"valid": bid.valid, "invalid_reason": bid.invalid_reason},
                 {"valid": False, "invalid_reason": reason}, sealed_scope=project_scope(project))
    bid.valid, bid.invalid_reason, bid.abnormally_low = False, reason, False
    valid = db.session.scalars(select(Bid).where(Bid.project_id == project.id, Bid.valid.is_(True))
                               .order_by(Bid.id)).all()
    ratio = _config("ABNORMALLY_LOW_RATIO")
    for other in valid:
        low = is_abnormally_low(other.price, [b.price for b in valid if b is not other], ratio)
        if low != other.abnormally_low:
            record_event(other, "bid.rechecked", actor, {"abnormally_low": other.abnormally_low},
                         {"abnormally_low": low}, sealed_scope=project_scope(project))
            other.abnormally_low = low
    if len(valid) < _config("MIN_VALID_BIDS"):
        PROJECT_LIFECYCLE.change(project, "failed", actor, "project.failed",
                                 {"closed_reason": "insufficient_valid_bids"},
                                 {"closed_reason": "insufficient_valid_bids"})
        publish_failed_notice(project, project.closed_reason)
        bids = db.session.scalars(select(Bid).where(Bid.project_id == project.id, Bid.valid.is_not(None))).all()
        notify(opening_recipients(project, bids), "project.failed", project_link(project),
               code=project.code, title=project.title)


def _blind_checks(project, valid, payloads):
    """The blind check of each valid bid's technical part (trading.blind); returns bid id → the names of its
    technical documents that could not be read as text."""
    from trading.blind.operations import scan_bid  # the blind check builds on this module

    return {bid.id: scan_bid(project, bid, payloads[bid.id])[1] for bid in valid}


def _read_bid(project, bid):
    """Decrypt and check a bid at the opening; returns its payload (None when undecryptable)."""
    payload = unseal_bid(project, bid.ciphertext)
    bid.abnormally_low = False
    if payload is None:
        bid.valid, bid.receipt_ok, bid.invalid_reason = False, False, "undecryptable"
        return None
    content = payload["content"]
    bid.price = Decimal(content["price"])
    bid.declared_deposit = content.get("deposit")  # not stored here: trading.deposits records it
    bid.sme = bool(content.get("sme", False))  # bids sealed before the declaration existed: none
    bid.receipt_ok = receipt_for(content) == bid.receipt
    if not bid.receipt_ok:
        bid.valid, bid.invalid_reason = False, "receipt_mismatch"
    elif bid.price > project.ceiling_price:
        bid.valid, bid.invalid_reason = False, "over_ceiling_price"
    elif "deposit" in content and deposit_short(project.deposit, bid.declared_deposit):
        # (a bid sealed before bids recorded their deposit has none in its content: the center's check decides)
        bid.valid, bid.invalid_reason = False, "deposit_missing"
    else:
        bid.valid, bid.invalid_reason = True, None
    return payload


def opening_record(project):
    """The opened bids in order, for those allowed to see them."""
    return db.session.execute(
        select(Bid).where(Bid.project_id == project.id, Bid.valid.is_not(None)).order_by(Bid.submitted_at, Bid.organization_id)
    ).scalars().all()


def projects_due_for_opening():
    """Select statement: published projects whose bid deadline has passed, oldest deadline first."""
    return (
        select(Project)
        .where(Project.status == "published", Project.bid_deadline <= clock.now())
        .order_by(Project.bid_deadline, Project.id)
    )


def reads_everything_submitted(user):
    """The center and the supervisor read every project from `submitted` on (domain.md)."""
    return oversees(user)


def list_projects(user, q=None, status=None, category=None, mine=False):
    """The projects `user` may list: a purchasing unit's own (drafts too) with `mine`; the center and the
    supervisor every project from `submitted` on; anyone else the published ones."""
    if mine and is_purchaser(user):
        return search_projects(q, status, category, user.organization_id, public_only=False)
    if reads_everything_submitted(user):
        return search_projects(q, status, category, public_only=False).where(Project.status != "draft")
    return search_projects(q, status, category)


def my_bid(user, project_id):
    """The caller's bid on the project (404 `no_bid` when its organisation has none)."""
    signup = my_signup(user, get_project(project_id, user))
    if signup is None or signup.bid is None:
        raise NotFound("no_bid", "You have no bid for this project.")
    return signup.bid


def get_opening(user, project_id):
    """(project, its opened bids) for the purchaser, the center, the supervisor and the participating
    bidders; 404 `no_opening_record` for anyone else and before the opening."""
    project = get_project(project_id, user)
    if not project.can_view_opening(user):
        raise NotFound("no_opening_record", "No opening record is available to you for this project.")
    return project, opening_record(project)


def search_projects(q=None, status=None, category=None, purchaser_id=None, public_only=True):
    """Select statement for the project list: title/code search, status and category filters."""
    stmt = select(Project)
    if public_only:
        stmt = stmt.where(Project.published_at.is_not(None))
    if purchaser_id is not None:
        stmt = stmt.where(Project.purchaser_id == purchaser_id)
    if q:
        pattern = f"%{q.strip()}%"
        stmt = stmt.where(Project.title.ilike(pattern) | Project.code.ilike(pattern))
    if status:
        stmt = stmt.where(Project.status == status)
    if category:
        stmt = stmt.where(Project.category == category)
    return stmt.order_by(Project.id.desc())
