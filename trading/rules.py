"""Registration rules of domain.md: plain checks that return field problems."""
from datetime import timedelta
from decimal import Decimal

TENDER_METHODS = ("open_tender", "invited_tender")


def _add(problems, field, message):
    problems.setdefault(field, []).append(message)


def money_problems(budget, ceiling_price, deposit, max_deposit_ratio):
    problems = {}
    if budget is None or budget <= 0:
        _add(problems, "budget", "must be greater than 0")
    if ceiling_price is None or ceiling_price <= 0:
        _add(problems, "ceiling_price", "must be greater than 0")
    if budget and ceiling_price and ceiling_price > budget:
        _add(problems, "ceiling_price", "must not exceed the budget")
    if deposit is not None and budget and deposit > budget * max_deposit_ratio:
        limit = (budget * max_deposit_ratio).quantize(Decimal("0.01"))
        _add(problems, "deposit", f"must not exceed {(max_deposit_ratio * 100).normalize():f}% of the budget ({limit})")
    return problems


def min_panel_size(method, budget, large_budget):
    if method not in TENDER_METHODS:
        return 3
    return 7 if budget is not None and budget >= large_budget else 5


def evaluation_problems(evaluation, method, budget, large_budget):
    """Weights add up to 100, criteria maxima add up to 100, panel odd and large enough."""
    problems = {}
    weights = evaluation.get("weights") or {}
    values = [Decimal(str(weights.get(k, 0))) for k in ("credit", "technical", "commercial")]
    if any(v < 0 for v in values):
        _add(problems, "evaluation.weights", "weights must not be negative")
    if sum(values) != 100:
        _add(problems, "evaluation.weights", f"weights must add up to 100 (now {sum(values):g})")
    criteria = evaluation.get("technical_criteria") or []
    maxima = [Decimal(str(c.get("max", 0))) for c in criteria]
    if any(m <= 0 for m in maxima):
        _add(problems, "evaluation.technical_criteria", "each criterion's maximum must be greater than 0")
    if sum(maxima) != 100:
        _add(problems, "evaluation.technical_criteria", f"criteria maxima must add up to 100 (now {sum(maxima):g})")
    panel = evaluation.get("panel_size")
    minimum = min_panel_size(method, budget, large_budget)
    if not isinstance(panel, int) or panel % 2 == 0 or panel < minimum:
        _add(problems, "evaluation.panel_size", f"must be an odd number of at least {minimum}")
    if evaluation.get("price_method") == "average_deviation":
        k = Decimal(str(evaluation.get("k", 0)))
        if not Decimal(0) < k <= Decimal(1):
            _add(problems, "evaluation.k", "must be greater than 0 and at most 1")
        for name in ("up_deduction", "down_deduction"):
            if Decimal(str(evaluation.get(name, -1))) < 0:
                _add(problems, f"evaluation.{name}", "must be given and not negative")
    return problems


def deadline_problems(signup_deadline, bid_deadline):
    problems = {}
    if signup_deadline and bid_deadline and signup_deadline > bid_deadline:
        _add(problems, "signup_deadline", "must not be after the bid deadline")
    return problems


def publish_time_problems(method, bid_deadline, signup_deadline, publish_time, min_bid_days):
    """At publish: an open tender leaves at least MIN_BID_DAYS; nothing may be in the past."""
    problems = {}
    if method == "open_tender" and bid_deadline < publish_time + timedelta(days=min_bid_days):
        _add(problems, "bid_deadline", f"must be at least {min_bid_days} days after publication")
    elif bid_deadline < publish_time:
        _add(problems, "bid_deadline", "must not be in the past")
    if signup_deadline < publish_time:
        _add(problems, "signup_deadline", "must not be in the past")
    return problems


def merge(*problem_dicts):
    merged = {}
    for problems in problem_dicts:
        for field, messages in problems.items():
            merged.setdefault(field, []).extend(messages)
    return merged
