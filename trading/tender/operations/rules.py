"""Registration rules of domain.md: plain checks that return field problems."""
from datetime import timedelta
from decimal import Decimal

from core.errors import Amount, Code, message
from trading.calendar.operations import add_working_days
from trading.tender.models import SME_DEDUCTION_RANGES

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
        _add(problems, "deposit", message("must not exceed %(percent)s%% of the budget (%(limit)s)",
                                          percent=_plain(max_deposit_ratio * 100), limit=Amount(limit)))
    return problems


def min_panel_size(method, budget, large_budget):
    if method not in TENDER_METHODS:
        return 3
    return 7 if budget is not None and budget >= large_budget else 5


def evaluation_problems(settings, method, budget, large_budget):
    """Weights add up to 100, criteria maxima add up to 100, panel odd and large enough."""
    problems = {}
    weights = settings.weights.as_dict().values()
    if any(v < 0 for v in weights):
        _add(problems, "evaluation.weights", "weights must not be negative")
    if sum(weights) != 100:
        _add(problems, "evaluation.weights", message("weights must add up to 100 (now %(now)s)", now=_plain(sum(weights))))
    maxima = settings.criteria_maxima
    if any(m <= 0 for m in maxima):
        _add(problems, "evaluation.technical_criteria", "each criterion's maximum must be greater than 0")
    if sum(maxima) != 100:
        _add(problems, "evaluation.technical_criteria",
             message("criteria maxima must add up to 100 (now %(now)s)", now=_plain(sum(maxima, Decimal(0)))))
    panel = settings.panel_size
    minimum = min_panel_size(method, budget, large_budget)
    if not isinstance(panel, int) or panel % 2 == 0 or panel < minimum:
        _add(problems, "evaluation.panel_size", message("must be an odd number of at least %(minimum)s", minimum=minimum))
    if settings.uses_deviation:
        if settings.k is None or not Decimal(0) < settings.k <= Decimal(1):
            _add(problems, "evaluation.k", "must be greater than 0 and at most 1")
        for name in ("up_deduction", "down_deduction"):
            value = getattr(settings, name)
            if value is None or value < 0:
                _add(problems, f"evaluation.{name}", "must be given and not negative")
    return problems


def default_sme_deduction(category):
    return SME_DEDUCTION_RANGES[category][0] if category in SME_DEDUCTION_RANGES else None


def sme_problems(category, deduction):
    """The SME price deduction within its category's range, or 0 (a project reserved for SMEs)."""
    if deduction is None or category not in SME_DEDUCTION_RANGES or deduction == 0:
        return {}
    low, high = SME_DEDUCTION_RANGES[category]
    if low <= deduction <= high:
        return {}
    return {"evaluation.sme_deduction": [message(
        "must be 0 (a project reserved for small and micro enterprises) or from %(low)s to %(high)s for %(category)s",
        low=_plain(low), high=_plain(high), category=Code(category))]}


def _plain(number):
    """A sum as people write it: 100, 99.5 (no trailing zeros, no exponent)."""
    return f"{number.normalize():f}" if number == number.to_integral_value() else f"{number:f}".rstrip("0")


def deadline_problems(signup_deadline, bid_deadline):
    problems = {}
    if signup_deadline and bid_deadline and signup_deadline > bid_deadline:
        _add(problems, "signup_deadline", "must not be after the bid deadline")
    return problems


def past_deadline_problems(signup_deadline, bid_deadline, now):
    """At submit: a deadline already past can never be met."""
    problems = {}
    if bid_deadline is not None and bid_deadline < now:
        _add(problems, "bid_deadline", "must not be in the past")
    if signup_deadline is not None and signup_deadline < now:
        _add(problems, "signup_deadline", "must not be in the past")
    return problems


def publish_time_problems(method, bid_deadline, signup_deadline, publish_time, min_bid_days, min_working_days=0):
    """At publish: the minimum response period (MIN_BID_DAYS calendar days for tenders,
    MIN_RESPONSE_WORKING_DAYS working days for negotiation and inquiry); nothing in the past."""
    problems = {}
    if method in TENDER_METHODS and bid_deadline < publish_time + timedelta(days=min_bid_days):
        _add(problems, "bid_deadline", message("must be at least %(days)s days after publication", days=min_bid_days))
    elif method not in TENDER_METHODS and min_working_days \
            and bid_deadline < add_working_days(publish_time, min_working_days):
        _add(problems, "bid_deadline",
             message("must be at least %(days)s working days after publication", days=min_working_days))
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
