"""After the award (domain.md: After the award): the contract waiting from the award notice, its signing with the
contract notice, supplements within 10%, acceptance and site inspections with the performance rating that reaches
the supplier's credit (两场联动), payments within the total, and the reminders of each deadline. No request, no
commit."""
from datetime import timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import false, or_, select

from core import clock
from core.accounts import record_performance
from core.auth import is_bidder, is_purchaser, oversees, require
from core.errors import N_, Amount, Code, Conflict, DomainError, NotFound, ValidationFailed, message
from core.extensions import db
from core.hashing import sha256_hex
from core.lifecycle import lock_row
from core.money import format_money_display
from core.notifications import notify, page_link
from core.timeutil import to_local
from core.trail import record_event
from trading.calendar.operations import estimated_between, working_day_after
from trading.contracts.models import (
    CONTRACT_LIFECYCLE,
    Contract,
    ContractCheck,
    ContractFile,
    ContractPayment,
    ContractSupplement,
)
from trading.documents.operations import document_problems
from trading.notices.operations import notice_text, publish_notice
from trading.tender.operations.suspension import require_not_suspended

# The contract notice is published within this many working days of signing (law-level, not configurable).
NOTICE_WORKING_DAYS = 2
BOND_LIMIT = Decimal("0.10")  # the performance bond is at most 10% of the amount
MAX_TEXT = 2000
MAX_RATING_REASON = 500  # the reason also becomes the credit record's (core.models.CreditRecord.reason)

NOTIFICATION_KINDS = {
    "contracts.award_notice": (
        N_("Award notice for %(code)s"),
        N_("You won project %(code)s “%(title)s” for %(amount)s. The award notice is ready; sign the contract with "
           "%(purchaser)s by %(due)s.")),
    "contracts.sign_due": (
        N_("The contract of %(code)s is due tomorrow"),
        N_("The contract of project %(code)s “%(title)s” must be signed by %(due)s.")),
    "contracts.signed": (
        N_("Contract %(contract)s recorded"),
        N_("%(purchaser)s recorded the contract %(contract)s of project %(code)s, signed on %(signed_on)s for "
           "%(amount)s; its notice is published.")),
    "contracts.supplemented": (
        N_("Supplementary contract to %(contract)s"),
        N_("%(purchaser)s recorded a supplementary contract of %(amount)s to %(contract)s: %(reason)s")),
    "contracts.checked": (
        N_("%(what)s of %(contract)s recorded"),
        N_("%(purchaser)s recorded the %(what)s of %(contract)s on %(on)s: %(result)s; performance rated "
           "%(rating)s (%(reason)s).")),
    "contracts.paid": (
        N_("Payment of %(amount)s for %(contract)s"),
        N_("%(purchaser)s recorded a payment of %(amount)s for %(contract)s (reference %(reference)s); "
           "%(unpaid)s remains to be paid.")),
    "contracts.payment_due": (
        N_("Payment for %(contract)s is due tomorrow"),
        N_("%(unpaid)s of contract %(contract)s must be paid by %(due)s, 30 days after its acceptance.")),
}


def contract_link(contract):
    return page_link("contracts.contract", contract_id=contract.id)


# -- Deadlines ------------------------------------------------------------------------------------------------------

def sign_due_on(awarded_at):
    """The last day to sign: CONTRACT_SIGN_DAYS days after the award notice's (local) date."""
    return to_local(awarded_at).date() + timedelta(days=current_app.config["CONTRACT_SIGN_DAYS"])


def publish_due_on(signed_on):
    """(The last day to publish the contract notice: the 2nd working day after signing, whether that count
    crossed a year the calendar has no schedule for)."""
    due = working_day_after(signed_on, NOTICE_WORKING_DAYS)
    return due, estimated_between(signed_on, due)


def payment_due_on(accepted_on):
    return accepted_on + timedelta(days=current_app.config["PAYMENT_DAYS"])


# -- Reading --------------------------------------------------------------------------------------------------------

def get_contract(user, contract_id, lock=False):
    """A contract its parties, the center and the supervisor read; 404 for anyone else."""
    contract = db.session.get(Contract, contract_id)
    if contract is None or not contract.can_view(user):
        raise NotFound("contract_not_found", "Contract not found.")
    return lock_row(contract) if lock else contract


def project_contract(user, project_id):
    contract = db.session.scalar(select(Contract).where(Contract.project_id == project_id))
    if contract is None or not contract.can_view(user):
        raise NotFound("contract_not_found", "Contract not found.")
    return contract


def search_contracts(user, status=None):
    """Select statement of the contracts `user` may read (the unit its own, the supplier those it won, the center
    and the supervisor all), the newest award first."""
    stmt = select(Contract)
    if is_purchaser(user):
        stmt = stmt.where(Contract.purchaser_id == user.organization_id)
    elif is_bidder(user):
        stmt = stmt.where(Contract.supplier_id == user.organization_id)
    elif not oversees(user):
        stmt = stmt.where(false())
    if status:
        stmt = stmt.where(Contract.status == status)
    return stmt.order_by(Contract.awarded_at.desc(), Contract.id.desc())


def contract_file(user, contract_id, file_id):
    contract = get_contract(user, contract_id)
    row = db.session.get(ContractFile, file_id)
    if row is None or row.contract_id != contract.id:
        raise NotFound("file_not_found", "File not found.")
    return row


def todos(contract, today):
    """What is still to be done, with its deadline: [{what, due_on, overdue, estimated}]."""
    items = []
    if contract.status == "awaiting_signature":
        items.append({"what": "sign", "due_on": contract.sign_due_on, "overdue": today > contract.sign_due_on,
                      "estimated": False})
    if contract.status in ("signed", "acceptance_failed"):
        items.append({"what": "accept", "due_on": None, "overdue": False, "estimated": False})
    if contract.status != "awaiting_signature" and contract.unpaid > 0:
        due = contract.payment_due_on
        items.append({"what": "pay", "due_on": due, "overdue": due is not None and today > due, "estimated": False})
    return items


# -- The award opens the contract ---------------------------------------------------------------------------------

def open_contract(record, event):
    """The award (evaluation.awarded) issues the award notice: the contract waits for its signing from now."""
    from trading.contracts.tasks import prepare_award_notice

    project, bid = record.project, record.award_bid
    if project.contract is not None:  # annulled with its award (trading.challenges): awarded again
        return _reopen_contract(project.contract, record)
    contract = Contract(code=f"HT-{project.code}", project_id=project.id, bid_id=bid.id,
                        supplier_id=bid.organization_id, purchaser_id=project.purchaser_id, status="awaiting_signature",
                        award_amount=record.award_amount, awarded_at=record.awarded_at,
                        sign_due_on=sign_due_on(record.awarded_at), supplements_total=Decimal("0.00"),
                        paid_total=Decimal("0.00"), published_late=False, publish_due_estimated=False,
                        sign_reminded=False, payment_reminded=False)
    db.session.add(contract)
    db.session.flush()
    record_event(contract, "contract.created", None, after={
        "status": "awaiting_signature", "project_id": project.id, "supplier_id": bid.organization_id,
        "award_amount": record.award_amount, "sign_due_on": contract.sign_due_on})
    prepare_award_notice(project)
    notify(bid.organization, "contracts.award_notice", contract_link(contract), code=project.code,
           title=project.title, amount=Amount(record.award_amount), purchaser=project.purchaser.name,
           due=contract.sign_due_on.isoformat())
    return contract


def _reopen_contract(contract, record):
    """The award after an annulled one: the same contract row waits for the new winner's signature."""
    from trading.contracts.tasks import prepare_award_notice

    project, bid = record.project, record.award_bid
    CONTRACT_LIFECYCLE.change(contract, "awaiting_signature", None, "contract.created", changes={
        "bid_id": bid.id, "supplier_id": bid.organization_id, "award_amount": record.award_amount,
        "awarded_at": record.awarded_at, "sign_due_on": sign_due_on(record.awarded_at), "sign_reminded": False},
        details={"project_id": project.id, "supplier_id": bid.organization_id, "award_amount": record.award_amount,
                 "sign_due_on": sign_due_on(record.awarded_at)})
    prepare_award_notice(project)
    notify(bid.organization, "contracts.award_notice", contract_link(contract), code=project.code,
           title=project.title, amount=Amount(record.award_amount), purchaser=project.purchaser.name,
           due=contract.sign_due_on.isoformat())
    return contract


def annul_contract(contract, actor, reason):
    """The award is withdrawn before the contract is signed (an upheld complaint): the contract is annulled."""
    if contract.status != "awaiting_signature":
        raise Conflict("contract_signed", "The contract of this project is already signed; the award cannot be "
                       "withdrawn on the platform.")
    CONTRACT_LIFECYCLE.change(contract, "annulled", actor, "contract.annulled", details={"reason": reason})
    return contract


# -- Recording ------------------------------------------------------------------------------------------------------

def _owner_contract(actor, contract_id):
    contract = get_contract(actor, contract_id)
    require(contract.can_record(actor), "not_owner", "Only the purchasing unit of the contract records this.")
    return lock_row(contract)


def _text(value, field, limit=MAX_TEXT):
    value = (value or "").strip()
    if not value:
        raise ValidationFailed({field: [message("Required.")]})
    if len(value) > limit:
        raise ValidationFailed({field: [message("At most %(max)s characters.", max=limit)]})
    return value


def _date_between(value, field, earliest, earliest_message):
    today = clock.today()
    if value > today:
        raise ValidationFailed({field: [message("Cannot be in the future.")]})
    if value < earliest:
        raise ValidationFailed({field: [message(earliest_message, date=earliest.isoformat())]})
    return value


def _store_file(actor, contract, purpose, document, required=True):
    """Keep an uploaded PDF (field `document`) with its SHA-256."""
    if document is None:
        if required:
            raise ValidationFailed({"document": [message("Attach the signed document as a PDF.")]})
        return None
    name, content = document["name"], document["content"]
    if not name.lower().endswith(".pdf"):
        raise ValidationFailed({"document": [message("%(name)s: only a PDF file is accepted", name=name)]},
                               "A document was refused.", "bad_document")
    problems = document_problems(name, content)
    if problems:
        raise ValidationFailed({"document": problems["documents"]}, "A document was refused.", "bad_document")
    row = ContractFile(contract_id=contract.id, purpose=purpose, name=name, size=len(content),
                       sha256=sha256_hex(content), content=content, uploaded_at=clock.now(), uploaded_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    return row


CONTRACT_NOTICE_TITLE = N_("%(title)s: contract notice")
CONTRACT_NOTICE_BODY = N_("Project code: %(code)s\nContract number: %(contract)s\nPurchasing unit: %(purchaser)s\n"
                          "Supplier: %(supplier)s\nContract amount: %(amount)s\nSigned on: %(signed_on)s\n"
                          "Award notice issued on: %(awarded_on)s")


def sign_contract(actor, project_id, data):
    """The purchasing unit records the signed contract (amount = the award amount, bond at most 10%, the signed
    PDF), which publishes the contract notice; recorded after the 2nd working day from signing it is late."""
    contract = _owner_contract(actor, project_contract(actor, project_id).id)
    if contract.status != "awaiting_signature":
        raise Conflict("contract_recorded", "The contract of this project is already recorded.")
    require_not_suspended(contract.project)
    signed_on = _date_between(data["signed_on"], "signed_on", to_local(contract.awarded_at).date(),
                              N_("Not before the award notice (%(date)s)."))
    amount, bond = data["amount"], data.get("performance_bond")
    if amount != contract.award_amount:
        raise DomainError("amount_not_award", "The contract is signed for the award amount, %(amount)s.",
                          fields={"amount": [message("Must equal the award amount, %(amount)s.",
                                                     amount=Amount(contract.award_amount))]},
                          amount=Amount(contract.award_amount))
    if bond is not None and bond > (amount * BOND_LIMIT).quantize(Decimal("0.01")):
        raise DomainError("performance_bond_over_limit", "The performance bond is at most 10%% of the amount, "
                          "%(limit)s.", fields={"performance_bond": [message("At most %(limit)s.",
                                                limit=Amount(amount * BOND_LIMIT))]}, limit=Amount(amount * BOND_LIMIT))
    file = _store_file(actor, contract, "contract", data.get("document"))
    today = clock.today()
    due, estimated = publish_due_on(signed_on)
    project = contract.project
    body = notice_text(CONTRACT_NOTICE_BODY, code=project.code, contract=contract.code,
                       purchaser=project.purchaser.name, supplier=contract.supplier.name,
                       amount=format_money_display(amount), signed_on=signed_on.isoformat(),
                       awarded_on=to_local(contract.awarded_at).date().isoformat())
    notice = publish_notice(project, "contract", notice_text(CONTRACT_NOTICE_TITLE, title=project.title), body, {
        "code": project.code, "contract": contract.code, "supplier": contract.supplier.name,
        "amount": str(amount), "signed_on": signed_on.isoformat()})
    CONTRACT_LIFECYCLE.change(contract, "signed", actor, "contract.signed", changes={
        "signed_on": signed_on, "amount": amount, "performance_bond": bond, "recorded_at": clock.now(),
        "recorded_by_id": actor.id, "publish_due_on": due, "publish_due_estimated": estimated,
        "published_late": today > due, "notice_id": notice.id,
    }, details={"project_id": project.id, "signed_on": signed_on, "amount": amount, "performance_bond": bond,
                "file_sha256": file.sha256, "publish_due_on": due, "published_late": today > due})
    notify(contract.supplier, "contracts.signed", contract_link(contract), contract=contract.code, code=project.code,
           purchaser=project.purchaser.name, signed_on=signed_on.isoformat(), amount=Amount(amount))
    return contract


def add_supplement(actor, contract_id, data):
    """A supplementary contract (补充合同): all of them add at most 10% of the original amount (exactly 10% is
    allowed; a cent more is refused)."""
    contract = _owner_contract(actor, contract_id)
    if contract.status in ("awaiting_signature", "paid"):
        raise Conflict("wrong_status", "This cannot be done while the %(object)s is %(status)s.",
                       object=Code("contract"), status=Code(contract.status))
    amount = data["amount"]
    signed_on = _date_between(data["signed_on"], "signed_on", contract.signed_on,
                              N_("Not before the contract (%(date)s)."))
    reason = _text(data.get("reason"), "reason")
    limit = contract.supplement_limit
    allowed = limit - contract.supplements_total
    if amount > allowed:
        raise DomainError("supplement_over_limit", "Supplements add at most 10%% of the contract amount in all "
                          "(%(limit)s); %(allowed)s remains.", fields={"amount": [message(
                              "At most %(allowed)s.", allowed=Amount(allowed))]},
                          limit=Amount(limit), allowed=Amount(allowed))
    file = _store_file(actor, contract, "supplement", data.get("document"))
    supplement = ContractSupplement(contract_id=contract.id, signed_on=signed_on, amount=amount, reason=reason,
                                    file_id=file.id, recorded_at=clock.now())
    db.session.add(supplement)
    db.session.flush()
    record_event(supplement, "supplement.recorded", actor, after={
        "contract_id": contract.id, "signed_on": signed_on, "amount": amount, "reason": reason,
        "file_sha256": file.sha256})
    before = contract.supplements_total
    contract.supplements_total = before + amount
    record_event(contract, "contract.supplemented", actor, {"supplements_total": before},
                 {"supplements_total": contract.supplements_total, "supplement_id": supplement.id})
    notify(contract.supplier, "contracts.supplemented", contract_link(contract), contract=contract.code,
           purchaser=contract.purchaser.name, amount=Amount(amount), reason=reason)
    return supplement


def _rate(actor, contract, check):
    """The rating reaches the supplier's credit: poor and excellent make a record (core.accounts)."""
    credit = record_performance(actor, contract.supplier_id, check.rating, check.reason, check.checked_on,
                                "contract", contract.code, contract_link(contract))
    check.credit_record_id = credit.id if credit is not None else None


def record_acceptance(actor, contract_id, data):
    """Acceptance (履约验收): passed or failed, the report, and the performance rating. A passed one starts the
    payment clock (PAYMENT_DAYS)."""
    contract = _owner_contract(actor, contract_id)
    if contract.status not in ("signed", "acceptance_failed"):
        raise Conflict("wrong_status", "This cannot be done while the %(object)s is %(status)s.",
                       object=Code("contract"), status=Code(contract.status))
    check = _check(actor, contract, "acceptance", data, "accepted_on", result=data["result"])
    if check.result == "passed":
        due = payment_due_on(check.checked_on)
        target = "accepted"
        CONTRACT_LIFECYCLE.change(contract, target, actor, "contract.accepted",
                                  {"accepted_on": check.checked_on, "payment_due_on": due},
                                  {"accepted_on": check.checked_on, "payment_due_on": due, "check_id": check.id})
        if contract.unpaid <= 0:
            CONTRACT_LIFECYCLE.change(contract, "paid", actor, "contract.paid")
    elif contract.status == "signed":
        CONTRACT_LIFECYCLE.change(contract, "acceptance_failed", actor, "contract.acceptance_failed",
                                  details={"check_id": check.id})
    else:
        record_event(contract, "contract.acceptance_failed", actor, after={"check_id": check.id})
    return check


def record_inspection(actor, contract_id, data):
    """A site inspection of a construction contract, with the same rating, before its acceptance."""
    contract = _owner_contract(actor, contract_id)
    if contract.project.category != "construction":
        raise Conflict("not_construction", "Site inspections are recorded for construction contracts.")
    if contract.status not in ("signed", "acceptance_failed"):
        raise Conflict("wrong_status", "This cannot be done while the %(object)s is %(status)s.",
                       object=Code("contract"), status=Code(contract.status))
    return _check(actor, contract, "inspection", data, "inspected_on")


def _check(actor, contract, kind, data, date_field, result=None):
    checked_on = _date_between(data[date_field], date_field, contract.signed_on,
                               N_("Not before the contract (%(date)s)."))
    reason = _text(data.get("reason"), "reason", MAX_RATING_REASON)
    file = _store_file(actor, contract, kind, data.get("document"), required=kind == "acceptance")
    check = ContractCheck(contract_id=contract.id, kind=kind, checked_on=checked_on, result=result,
                          rating=data["rating"], reason=reason, file_id=file.id if file else None,
                          recorded_at=clock.now())
    db.session.add(check)
    db.session.flush()
    _rate(actor, contract, check)
    record_event(check, "contract_check.recorded", actor, after={
        "contract_id": contract.id, "kind": kind, "checked_on": checked_on, "result": result,
        "rating": check.rating, "reason": reason, "file_sha256": file.sha256 if file else None,
        "credit_record_id": check.credit_record_id})
    notify(contract.supplier, "contracts.checked", contract_link(contract), contract=contract.code,
           purchaser=contract.purchaser.name, what=Code(f"kind.{kind}"), on=checked_on.isoformat(),
           result=Code(f"result.{result or 'recorded'}"), rating=Code(f"rating.{check.rating}"), reason=reason)
    return check


def record_payment(actor, contract_id, data):
    """A payment: the payments never add up to more than the contract and its supplements."""
    contract = _owner_contract(actor, contract_id)
    if contract.status in ("awaiting_signature", "paid"):
        raise Conflict("wrong_status", "This cannot be done while the %(object)s is %(status)s.",
                       object=Code("contract"), status=Code(contract.status))
    amount = data["amount"]
    paid_on = _date_between(data["paid_on"], "paid_on", contract.signed_on, N_("Not before the contract (%(date)s)."))
    reference = _text(data.get("reference"), "reference")
    if amount > contract.unpaid:
        raise DomainError("payment_over_total", "Payments cannot exceed the contract and its supplements "
                          "(%(total)s); %(unpaid)s remains to be paid.", fields={"amount": [message(
                              "At most %(unpaid)s.", unpaid=Amount(contract.unpaid))]},
                          total=Amount(contract.total), unpaid=Amount(contract.unpaid))
    payment = ContractPayment(contract_id=contract.id, paid_on=paid_on, amount=amount, reference=reference,
                              recorded_at=clock.now())
    db.session.add(payment)
    db.session.flush()
    record_event(payment, "payment.recorded", actor, after={
        "contract_id": contract.id, "paid_on": paid_on, "amount": amount, "reference": reference})
    before = contract.paid_total
    contract.paid_total = before + amount
    record_event(contract, "contract.payment_added", actor, {"paid_total": before},
                 {"paid_total": contract.paid_total, "payment_id": payment.id})
    if contract.status == "accepted" and contract.unpaid <= 0:
        CONTRACT_LIFECYCLE.change(contract, "paid", actor, "contract.paid")
    notify(contract.supplier, "contracts.paid", contract_link(contract), contract=contract.code,
           purchaser=contract.purchaser.name, amount=Amount(amount), reference=reference,
           unpaid=Amount(contract.unpaid))
    return payment


# -- Reminders (the scheduled duty) ---------------------------------------------------------------------------------

def reminders_due(today):
    """Ids of the contracts whose signing or payment falls due tomorrow and were not reminded yet."""
    tomorrow = today + timedelta(days=1)
    return db.session.scalars(select(Contract.id).where(or_(
        (Contract.status == "awaiting_signature") & (Contract.sign_due_on == tomorrow)
        & Contract.sign_reminded.is_(False),
        (Contract.status == "accepted") & (Contract.payment_due_on == tomorrow)
        & Contract.payment_reminded.is_(False))).order_by(Contract.id)).all()


def remind(contract_id):
    """Remind the parties of tomorrow's deadline, once."""
    contract = lock_row(db.session.get(Contract, contract_id))
    project = contract.project
    if contract.status == "awaiting_signature" and not contract.sign_reminded:
        contract.sign_reminded = True
        notify([contract.purchaser, contract.supplier], "contracts.sign_due", contract_link(contract),
               code=project.code, title=project.title, due=contract.sign_due_on.isoformat())
    elif contract.status == "accepted" and not contract.payment_reminded:
        contract.payment_reminded = True
        notify(contract.purchaser, "contracts.payment_due", contract_link(contract), contract=contract.code,
               unpaid=Amount(contract.unpaid), due=contract.payment_due_on.isoformat())
    return contract
