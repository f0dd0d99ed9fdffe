"""What raises each red flag (domain.md: Audit). A rule looks at one subject as the data now stands and returns
{(code, subject_key): Finding or None}: a Finding raises the flag (or keeps it, with its figures brought up to
date), None ends it. The events and `flask audit flags --rebuild` run the same rules, so they agree.
"""
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from flask import current_app
from sqlalchemy import select

from core.extensions import db
from core.models import Organization
from core.money import format_money
from core.timeutil import to_local
from mall.catalogue import operations as catalogue
from scoring.evaluation.models import ProjectEvaluation
from trading.challenges.models import Challenge, Complaint
from trading.contracts.models import Contract
from trading.deposits.models import Deposit
from trading.deposits.operations import interest_on
from trading.tender.models import Bid, Project

SEVERITY = {
    "single_valid_bid": "high", "failed_tender": "medium", "award_above_budget": "high",
    "identical_bid_prices": "high", "bid_price_cluster": "medium", "price_near_ceiling": "low",
    "repeat_winner": "medium", "expert_score_deviation": "medium", "mall_reference_inflated": "medium",
    "blind_violation": "high", "split_order_suspected": "high", "mall_price_above_reference": "medium",
    "contract_overdue": "medium", "contract_published_late": "low", "payment_overdue": "medium",
    "challenge_reply_overdue": "medium", "complaint_decision_overdue": "medium", "deposit_refund_overdue": "medium",
}
RATE = Decimal("0.0001")


class Finding(NamedTuple):
    subject_type: str
    subject_id: int
    project_id: int | None
    purchaser_id: int | None
    detail: dict


def _rate(value):
    return str(value.quantize(RATE))


def _project_finding(project, detail):
    return Finding("project", project.id, project.id, project.purchaser_id, detail)


def _valid_bids(project):
    return db.session.execute(select(Bid.id, Bid.price).where(Bid.project_id == project.id, Bid.valid.is_(True))
                              .order_by(Bid.price, Bid.id)).all()


def opening_findings(project):
    """failed_tender, single_valid_bid, identical_bid_prices and bid_price_cluster, from the valid bids."""
    if project.opened_at is None:
        return {}
    key = f"project:{project.id}"
    bids = _valid_bids(project)
    prices = [price for _, price in bids]
    same = defaultdict(list)
    for bid_id, price in bids:
        same[price].append(bid_id)
    identical = [{"price": format_money(price), "bid_ids": ids} for price, ids in same.items() if len(ids) > 1]
    spread = (prices[-1] - prices[0]) / prices[0] if len(prices) >= 2 and prices[0] > 0 else None
    cluster = current_app.config["BID_PRICE_CLUSTER_RATIO"]
    return {
        ("failed_tender", key): _project_finding(project, {
            "reason": project.closed_reason, "valid_bids": len(bids)}) if project.status == "failed" else None,
        ("single_valid_bid", key): _project_finding(project, {
            "bid_id": bids[0].id, "price": format_money(bids[0].price)}) if len(bids) == 1 else None,
        ("identical_bid_prices", key): _project_finding(project, {"groups": identical}) if identical else None,
        ("bid_price_cluster", key): _project_finding(project, {
            "valid_bids": len(bids), "lowest": format_money(prices[0]), "highest": format_money(prices[-1]),
            "spread": _rate(spread)}) if spread is not None and spread <= cluster else None,
    }


def award_findings(project):
    """award_above_budget and price_near_ceiling, once awarded."""
    record = project.evaluation_record
    if record is None or record.award_amount is None:
        return {}
    key = f"project:{project.id}"
    amount = record.award_amount
    near = current_app.config["PRICE_NEAR_CEILING_RATIO"]
    ratio = amount / project.ceiling_price if project.ceiling_price else None
    return {
        ("award_above_budget", key): _project_finding(project, {
            "amount": format_money(amount), "budget": format_money(project.budget),
            "excess": format_money(amount - project.budget)}) if amount > project.budget else None,
        ("price_near_ceiling", key): _project_finding(project, {
            "amount": format_money(amount), "ceiling_price": format_money(project.ceiling_price),
            "ratio": _rate(ratio)}) if ratio is not None and ratio >= near else None,
    }


def deviation_findings(project):
    """expert_score_deviation: the evaluation's warnings, one flag per project."""
    record = project.evaluation_record
    if record is None or not record.result:
        return {}
    warnings = [w for w in record.result.get("warnings", []) if w.get("code") == "expert_score_deviation"]
    return {("expert_score_deviation", f"project:{project.id}"):
            _project_finding(project, {"warnings": warnings}) if warnings else None}


def project_findings(project):
    return opening_findings(project) | award_findings(project) | deviation_findings(project)


def award_year(record):
    return to_local(record.awarded_at).year


def repeat_winner_findings(purchaser_id, year):
    """repeat_winner: one supplier wins more than half of a purchasing unit's awards in a year (its awards
    counted on their dates in the platform's time zone), with at least REPEAT_WINNER_MIN_AWARDS awards."""
    rows = db.session.execute(
        select(ProjectEvaluation.awarded_at, Bid.organization_id)
        .join(Project, Project.id == ProjectEvaluation.project_id)
        .join(Bid, Bid.id == ProjectEvaluation.award_bid_id)
        .where(Project.purchaser_id == purchaser_id, ProjectEvaluation.awarded_at.is_not(None))).all()
    wins = defaultdict(int)
    for awarded_at, winner_id in rows:
        if to_local(awarded_at).year == year:
            wins[winner_id] += 1
    total = sum(wins.values())
    enough = total >= current_app.config["REPEAT_WINNER_MIN_AWARDS"]
    return {
        ("repeat_winner", f"repeat_winner:{purchaser_id}:{year}:{winner_id}"):
            Finding("organization", winner_id, None, purchaser_id, {
                "supplier": db.session.get(Organization, winner_id).name, "year": year, "wins": count,
                "awards": total}) if enough and count * 2 > total else None
        for winner_id, count in wins.items()
    }


def blind_findings(check):
    """blind_violation: open while the center has still to decide on the check."""
    project = check.bid.project
    return {("blind_violation", f"blind_check:{check.id}"): Finding(
        "blind_check", check.id, project.id, project.purchaser_id,
        {"bid_id": check.bid_id, "bidder": check.bid.organization.name, "violations": check.violations},
    ) if check.status == "pending" else None}


def reference_findings(order):
    """mall_reference_inflated: a direct order whose savings rate against the reference prices exceeds
    MALL_REFERENCE_INFLATED_RATE; the reference price is then the suspect and the savings are unverified."""
    if order.channel != "direct":
        return {}
    reference_total = order.total + order.savings
    rate = order.savings / reference_total if reference_total > 0 else None
    inflated = rate is not None and rate > current_app.config["MALL_REFERENCE_INFLATED_RATE"]
    return {("mall_reference_inflated", f"mall_order:{order.id}"): Finding(
        "mall_order", order.id, None, order.purchaser_id,
        {"code": order.code, "total": format_money(order.total), "reference_total": format_money(reference_total),
         "savings": format_money(order.savings), "savings_rate": _rate(rate)},
    ) if inflated else None}


def product_price_findings(product_ids):
    """mall_price_above_reference: a listed product priced above its reference, or far above the same brand and
    model at another supplier (the mall's own price check, mall.catalogue.price_flags); ended when the price
    comes down, the others' prices go up or the product leaves the shelf."""
    concerns = {c["product"].id: c for c in catalogue.price_flags(product_ids)}
    findings = {}
    for product_id in product_ids:
        concern = concerns.get(product_id)
        finding = None
        if concern is not None:
            product = concern["product"]
            lowest = concern["lowest_elsewhere"]
            finding = Finding("product", product.id, None, None, {
                "product": product.name, "supplier": product.supplier.name, "reason": concern["reason"],
                "price": format_money(product.price), "reference_price": format_money(product.reference_price),
                "lowest_elsewhere": format_money(lowest) if lowest is not None else None})
        findings[("mall_price_above_reference", f"product:{product_id}")] = finding
    return findings


def split_order_key(facts):
    """The subject of a refused split order's flag: its unit, category and day (in the platform's zone)."""
    return f"split_order:{facts['purchaser_id']}:{facts['category']}:{to_local(facts['at']).date().isoformat()}"


def split_order_findings(facts, previous=None):
    """split_order_suspected: a refused direct order that would have taken a unit's direct orders in one category
    over the limit within the window; one flag per unit, category and day, counting the attempts. Kept from the
    refusal itself (core.refusals): no data left behind can rebuild it."""
    day = to_local(facts["at"]).date()
    key = split_order_key(facts)
    attempts = (previous.detail.get("attempts", 1) + 1) if previous is not None else 1
    return {("split_order_suspected", key): Finding("organization", facts["purchaser_id"], None,
                                                    facts["purchaser_id"], {
        "category": facts["category"], "day": day.isoformat(), "window_days": facts["days"],
        "earlier": format_money(facts["earlier"]), "attempted": format_money(facts["attempted"]),
        "total": format_money(facts["earlier"] + facts["attempted"]), "limit": format_money(facts["limit"]),
        "attempts": attempts})}


def contract_findings(contract, today):
    """The clocks after the award: contract_overdue (no contract recorded CONTRACT_SIGN_DAYS after the award
    notice), contract_published_late (recorded after the 2nd working day from signing) and payment_overdue (not
    paid in full PAYMENT_DAYS after a passed acceptance)."""
    key = f"contract:{contract.id}"

    def finding(detail):
        return Finding("contract", contract.id, contract.project_id, contract.purchaser_id,
                       {"code": contract.code, "supplier": contract.supplier.name, **detail})

    overdue = contract.status == "awaiting_signature" and today > contract.sign_due_on
    unpaid = contract.payment_due_on is not None and contract.unpaid > 0 and today > contract.payment_due_on
    return {
        ("contract_overdue", key): finding({"sign_due_on": contract.sign_due_on.isoformat()}) if overdue else None,
        ("contract_published_late", key): finding({
            "signed_on": contract.signed_on.isoformat(), "publish_due_on": contract.publish_due_on.isoformat(),
            "recorded_on": to_local(contract.recorded_at).date().isoformat()}) if contract.published_late else None,
        ("payment_overdue", key): finding({
            "payment_due_on": contract.payment_due_on.isoformat(), "unpaid": format_money(contract.unpaid)})
        if unpaid else None,
    }


def deposit_findings(deposit, today):
    """deposit_refund_overdue: a deposit still owed after its due date, or given back late (the interest it owes is
    the figure; the flag stays for the supervisor, who dismisses it once the interest is paid)."""
    late = deposit.days_late(today)
    finding = None
    if late > 0 and deposit.status in ("declared", "confirmed", "refunded"):
        finding = Finding("deposit", deposit.id, deposit.project_id, deposit.project.purchaser_id, {
            "bidder": deposit.organization.name, "amount": format_money(deposit.amount),
            "due_on": deposit.refund_due_on.isoformat(),
            "refunded_on": deposit.refunded_on.isoformat() if deposit.refunded_on else None, "late_days": late,
            "interest": format_money(deposit.interest if deposit.status == "refunded"
                                     else interest_on(deposit, today))})
    return {("deposit_refund_overdue", f"deposit:{deposit.id}"): finding}


def deposits_past_due(today):
    """Select of the ids of the deposits still owed after their due date (the scheduled clock's work)."""
    return select(Deposit.id).where(Deposit.status.in_(("declared", "confirmed")), Deposit.refund_due_on < today)


def contracts_past_due(today):
    """Select of the ids of the contracts whose signing or payment is past due (the scheduled clock's work)."""
    return select(Contract.id).where(
        ((Contract.status == "awaiting_signature") & (Contract.sign_due_on < today))
        | ((Contract.payment_due_on < today) & (Contract.paid_total < Contract.amount + Contract.supplements_total)))


def challenge_findings(challenge, today):
    """challenge_reply_overdue: a challenge not answered by its reply deadline (7 working days); the reply ends it.
    The flag names neither the challenger nor, before the opening, anything about who signed up."""
    project = challenge.project
    overdue = challenge.status == "awaiting_reply" and today > challenge.reply_due_on
    return {("challenge_reply_overdue", f"challenge:{challenge.id}"): Finding(
        "challenge", challenge.id, project.id, project.purchaser_id,
        {"code": project.code, "subject": challenge.subject, "reply_due_on": challenge.reply_due_on.isoformat()},
    ) if overdue else None}


def complaint_findings(complaint, today):
    """complaint_decision_overdue: a complaint not decided by its deadline (30 working days); the decision ends it."""
    project = complaint.project
    overdue = complaint.status == "awaiting_decision" and today > complaint.decision_due_on
    return {("complaint_decision_overdue", f"complaint:{complaint.id}"): Finding(
        "complaint", complaint.id, project.id, project.purchaser_id,
        {"code": project.code, "decision_due_on": complaint.decision_due_on.isoformat()},
    ) if overdue else None}


def challenges_past_due(today):
    """Selects of the ids of the challenges and the complaints past their deadline (the scheduled clock's work)."""
    return (select(Challenge.id).where(Challenge.status == "awaiting_reply", Challenge.reply_due_on < today),
            select(Complaint.id).where(Complaint.status == "awaiting_decision", Complaint.decision_due_on < today))
