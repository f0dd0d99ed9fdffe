"""The three-in-one scoring (三合一评标): arrays in, arrays out; no Flask, no database.

Shapes: `scores` is experts × bids × criteria, every other per-bid array has one entry per bid.
The rules are those of domain.md ("Three-in-one scoring"). Parts and totals come out as
unrounded floats, the ranking is made on them, and `round_half_up` turns a part into the
two-decimal Decimal shown to people. Invalid bids get no score: NaN parts and rank 0.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

PRICE_METHODS = ("lowest", "average_deviation")
DEVIATION_THRESHOLD = 0.30
# Scores and prices reach the engine as decimals turned into floats, so two totals that are equal
# in decimal arithmetic can differ in the last bits; below this they count as equal.
EPSILON = 1e-9
TRIM_FROM = 5  # trimming drops one highest and one lowest value from this many values on


@dataclass(frozen=True)
class DeviationWarnings:
    """Experts whose total for a bid strays too far from the others' mean (畸高畸低).

    Three parallel arrays: the expert's index, the bid's index and the signed deviation as a
    fraction of the other experts' mean (0.31: 31% above it; -0.31: 31% below it).
    """

    expert: np.ndarray
    bid: np.ndarray
    deviation: np.ndarray

    def __len__(self):
        return len(self.bid)


@dataclass(frozen=True)
class Evaluation:
    """The engine's result, one entry per bid (NaN parts and rank 0 for an invalid bid)."""

    credit: np.ndarray
    technical: np.ndarray
    commercial: np.ndarray
    total: np.ndarray
    rank: np.ndarray  # 1 = best; fully tied bids share a rank (1, 1, 3)
    expert_totals: np.ndarray  # experts × bids: each expert's raw technical total (out of 100)
    base_price: float  # the commercial base price (NaN when no bid is valid)
    warnings: DeviationWarnings
    evaluation_prices: np.ndarray  # the prices the commercial part used: an SME's less its price deduction


def evaluate(scores, prices, credit_scores, valid, weights, price_method, k=None, up_deduction=None,
             down_deduction=None, trim=False, deviation_threshold=DEVIATION_THRESHOLD, sme=None, sme_deduction=0):
    """Score and rank the bids of one project.

    `weights` is (credit, technical, commercial) or an object with those attributes (such as
    trading.evaluation.Weights); Decimals are accepted wherever a number is. The bids flagged in `sme` (small
    and micro enterprises) take part in the commercial part at price × (1 − sme_deduction), on both sides of its
    formula (the base and their own); the ranking's tie on price reads the price bid.
    """
    scores = np.asarray(scores, dtype=float)
    prices = np.asarray(prices, dtype=float)
    credit_scores = np.asarray(credit_scores, dtype=float)
    valid = np.asarray(valid, dtype=bool)
    sme = np.zeros(prices.shape, dtype=bool) if sme is None else np.asarray(sme, dtype=bool)
    _check_shapes(scores, prices, credit_scores, valid, sme)
    credit_weight, technical_weight, commercial_weight = _weights(weights)

    # Summing through einsum is as fast as one pass over the tensor (sum(axis=2) is not).
    expert_totals = np.einsum("ebc->eb", scores)
    expert_totals[:, ~valid] = np.nan
    if not (prices[valid] > 0).all():
        raise ValueError("valid bids must have a positive price")

    credit = np.where(valid, credit_weight * credit_scores / 100, np.nan)
    technical = technical_weight * _technical_raw(expert_totals, trim) / 100
    if not np.isfinite(technical[valid]).all():
        raise ValueError("every expert must score every criterion of every valid bid")
    evaluation_prices = np.where(sme, prices * (1 - float(sme_deduction)), prices)
    base_price, commercial = _commercial(evaluation_prices, valid, commercial_weight, price_method, k, up_deduction,
                                         down_deduction)
    total = credit + technical + commercial
    return Evaluation(
        credit=credit, technical=technical, commercial=commercial, total=total,
        rank=_rank(total, prices, technical, valid), expert_totals=expert_totals, base_price=base_price,
        warnings=_deviation_warnings(expert_totals, deviation_threshold), evaluation_prices=evaluation_prices,
    )


def round_half_up(value):
    """The two-decimal Decimal shown for an unrounded part or total (None for no score).

    The float's shortest decimal form is first brought to 9 places, so arithmetic noise such as
    41.34499999999999 for 41.345 rounds as the decimal it stands for (41.35).
    """
    if value is None or np.isnan(value):
        return None
    exact = Decimal(repr(float(value))).quantize(Decimal("1e-9"), ROUND_HALF_UP)
    return exact.quantize(Decimal("0.01"), ROUND_HALF_UP)


def rounded(values):
    """`round_half_up` over an array, as floats: each value's two-decimal half-up rounding (NaN stays NaN).

    Scaling by 100 and rounding at 6 places first removes the float noise (4134.499999999999 for
    4134.5), as round_half_up does with its 9 places; then half-up is floor(x + 0.5).
    """
    return np.floor(np.round(np.asarray(values, dtype=float) * 100, 6) + 0.5) / 100


def _check_shapes(scores, prices, credit_scores, valid, sme):
    if scores.ndim != 3:
        raise ValueError("scores must be experts × bids × criteria")
    bids = scores.shape[1]
    for name, array in (("prices", prices), ("credit_scores", credit_scores), ("valid", valid), ("sme", sme)):
        if array.shape != (bids,):
            raise ValueError(f"{name} must have one entry per bid ({bids})")
    if scores.shape[0] == 0 and valid.any():
        raise ValueError("valid bids need at least one expert")


def _weights(weights):
    if hasattr(weights, "credit"):
        weights = (weights.credit, weights.technical, weights.commercial)
    return tuple(float(w) for w in weights)


def _trimmed_mean(values, axis):
    """The mean along `axis`, without one highest and one lowest value from TRIM_FROM values on."""
    count = values.shape[axis]
    if count < TRIM_FROM:
        return values.mean(axis=axis)
    trimmed = values.sum(axis=axis) - values.max(axis=axis) - values.min(axis=axis)
    return trimmed / (count - 2)


def _technical_raw(expert_totals, trim):
    return _trimmed_mean(expert_totals, axis=0) if trim else expert_totals.mean(axis=0)


def _commercial(prices, valid, weight, price_method, k, up_deduction, down_deduction):
    """The base price and the commercial part of every bid, from the valid bids only."""
    if price_method not in PRICE_METHODS:
        raise ValueError(f"unknown price method {price_method!r}")
    valid_prices = prices[valid]
    if valid_prices.size == 0:
        return float("nan"), np.full(prices.shape, np.nan)
    if price_method == "lowest":
        base = valid_prices.min()
        score = weight * base / prices
    else:
        if k is None or up_deduction is None or down_deduction is None:
            raise ValueError("average_deviation needs k, up_deduction and down_deduction")
        base = _trimmed_mean(valid_prices, axis=0) * float(k)
        deviation = (prices - base) / base * 100  # in percent
        deduction = np.where(deviation > 0, float(up_deduction), float(down_deduction)) * np.abs(deviation)
        score = np.maximum(weight - deduction, 0.0)
    return float(base), np.where(valid, score, np.nan)


def _rank(total, prices, technical, valid):
    """Competition ranking: higher total, then lower price, then higher technical; else equal."""
    rank = np.zeros(total.shape, dtype=int)
    indices = np.flatnonzero(valid)
    if indices.size == 0:
        return rank
    # Whole multiples of EPSILON, so near-equal floats compare equal; least significant key first.
    keys = (np.rint(technical[indices] / -EPSILON), prices[indices], np.rint(total[indices] / -EPSILON))
    order = np.argsort(keys[-1])
    if (np.diff(keys[-1][order]) == 0).any():  # equal totals: the slower sort on every key
        order = np.lexsort(keys)
    same_as_previous = np.ones(order.size - 1, dtype=bool)
    for key in keys:
        ordered = key[order]
        same_as_previous &= ordered[1:] == ordered[:-1]
    positions = np.arange(1, order.size + 1)
    # A bid tied with the one before it keeps that bid's position: carry the last new position on.
    starts = np.where(np.concatenate(([False], same_as_previous)), 0, positions)
    rank[indices[order]] = np.maximum.accumulate(starts)
    return rank


def _deviation_warnings(expert_totals, threshold):
    """Each expert's total against the mean of the other experts' totals for the same bid.

    Invalid bids hold NaN totals, which compare false: they raise no warning.
    """
    experts = expert_totals.shape[0]
    if experts < 2:
        empty = np.array([], dtype=int)
        return DeviationWarnings(empty, empty, np.array([], dtype=float))
    others_mean = (expert_totals.sum(axis=0) - expert_totals) / (experts - 1)
    difference = expert_totals - others_mean
    expert, bid = np.nonzero(np.abs(difference) > (threshold + EPSILON) * others_mean)
    with np.errstate(divide="ignore"):  # the others all gave 0: an infinite deviation
        deviation = difference[expert, bid] / others_mean[expert, bid]
    return DeviationWarnings(expert, bid, deviation)
