"""The three-in-one scoring engine (domain.md, "Three-in-one scoring"): hand-computed figures
for every formula, then properties that hold for any input."""
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring.engine import evaluate, round_half_up, rounded

WEIGHTS = (10, 50, 40)  # credit, technical, commercial
DEVIATION = {"k": 1, "up_deduction": 1, "down_deduction": 0.5}


def one_criterion(totals):
    """Scores from a list per expert of each bid's total (a single criterion out of 100)."""
    return np.asarray(totals, dtype=float)[:, :, None]


def run(totals, prices, credit_scores=None, valid=None, weights=WEIGHTS, price_method="lowest", **options):
    bids = len(prices)
    return evaluate(
        one_criterion(totals), prices, credit_scores if credit_scores is not None else [100] * bids,
        valid if valid is not None else [True] * bids, weights, price_method, **options,
    )


# Credit and technical.

def test_credit_is_its_weight_times_the_credit_score_over_100():
    result = run([[80, 80]], [100, 100], credit_scores=[85, 0])
    # 10 × 85 / 100 = 8.5; 10 × 0 / 100 = 0
    assert result.credit.tolist() == [8.5, 0.0]


def test_technical_is_the_mean_of_the_experts_totals_summed_over_the_criteria():
    scores = [[[50, 30]], [[40, 30]], [[60, 30]]]  # 3 experts, 1 bid, 2 criteria
    result = evaluate(scores, [100], [100], [True], WEIGHTS, "lowest")
    # expert totals 80, 70, 90; mean 240 / 3 = 80; technical 50 × 80 / 100 = 40
    assert result.expert_totals.tolist() == [[80.0], [70.0], [90.0]]
    assert result.technical.tolist() == [40.0]


def test_trim_drops_one_highest_and_one_lowest_total_from_five_experts_on():
    totals = [[50], [70], [80], [90], [100]]
    trimmed = run(totals, [100], trim=True)
    untrimmed = run(totals, [100], trim=False)
    # trimmed: (70 + 80 + 90) / 3 = 80 → 50 × 80 / 100 = 40
    assert trimmed.technical.tolist() == [40.0]
    # untrimmed: (50 + 70 + 80 + 90 + 100) / 5 = 78 → 50 × 78 / 100 = 39
    assert untrimmed.technical.tolist() == [39.0]


def test_trim_keeps_every_total_below_five_experts():
    result = run([[60], [80], [90], [100]], [100], trim=True)
    # (60 + 80 + 90 + 100) / 4 = 82.5 → 50 × 82.5 / 100 = 41.25
    assert result.technical.tolist() == [41.25]


# Commercial: lowest price.

def test_lowest_price_scores_the_weight_times_base_over_price():
    result = run([[80, 80, 80]], [100, 125, 200])
    # base 100: 40 × 100/100 = 40; 40 × 100/125 = 32; 40 × 100/200 = 20
    assert result.base_price == 100
    assert result.commercial.tolist() == [40.0, 32.0, 20.0]


def test_an_invalid_bid_is_not_the_base_price_and_gets_no_score():
    result = run([[80, 80, 80]], [100, 50, 200], valid=[True, False, True])
    # the invalid 50 is ignored: base 100; 40 × 100/200 = 20
    assert result.base_price == 100
    assert result.commercial[[0, 2]].tolist() == [40.0, 20.0]
    assert np.isnan([result.credit[1], result.technical[1], result.commercial[1], result.total[1]]).all()
    assert result.rank.tolist() == [1, 0, 2]


# Commercial: average deviation.

def test_average_deviation_deducts_per_percent_above_and_below_the_base():
    result = run([[80, 80, 80]], [96, 100, 104], price_method="average_deviation", **DEVIATION)
    # base (96 + 100 + 104) / 3 × 1 = 100; d = -4, 0, +4 (percent)
    # 96: 40 - 0.5 × 4 = 38; 100: 40; 104: 40 - 1 × 4 = 36
    assert result.base_price == 100
    assert result.commercial.tolist() == [38.0, 40.0, 36.0]


def test_average_deviation_multiplies_the_mean_by_k():
    result = run([[80, 80, 80]], [90, 100, 110], price_method="average_deviation", k=Decimal("0.95"),
                 up_deduction=Decimal("1"), down_deduction=Decimal("0.5"))
    # base (90 + 100 + 110) / 3 × 0.95 = 95
    # 90: d = -5/95 × 100 = -5.2631578…, 40 - 0.5 × 5.2631578… = 37.3684210…
    # 100: d = 5/95 × 100 = 5.2631578…, 40 - 5.2631578… = 34.7368421…
    # 110: d = 15/95 × 100 = 15.7894736…, 40 - 15.7894736… = 24.2105263…
    assert result.base_price == pytest.approx(95)
    assert result.commercial.tolist() == pytest.approx([40 - 250 / 95, 40 - 500 / 95, 40 - 1500 / 95])
    assert [round_half_up(x) for x in result.commercial] == [Decimal("37.37"), Decimal("34.74"), Decimal("24.21")]


def test_average_deviation_trims_from_five_valid_bids_and_never_goes_below_zero():
    prices = [50, 96, 100, 104, 200, 10]
    valid = [True, True, True, True, True, False]
    result = run([[80] * 6], prices, valid=valid, price_method="average_deviation", **DEVIATION)
    # 5 valid bids (the invalid 10 does not count): drop 200 and 50 → (96 + 100 + 104) / 3 = 100
    # 50: d = -50 → 40 - 0.5 × 50 = 15; 96: 38; 100: 40; 104: 36
    # 200: d = +100 → 40 - 1 × 100 = -60 → 0
    assert result.base_price == 100
    assert result.commercial[:5].tolist() == [15.0, 38.0, 40.0, 36.0, 0.0]
    assert np.isnan(result.commercial[5])


def test_average_deviation_keeps_every_price_below_five_valid_bids():
    prices = [70, 100, 110, 120, 10]
    result = run([[80] * 5], prices, valid=[True, True, True, True, False], price_method="average_deviation",
                 **DEVIATION)
    # 4 valid bids, no trimming: (70 + 100 + 110 + 120) / 4 = 100
    # 70: d = -30 → 40 - 15 = 25; 100: 40; 110: 40 - 10 = 30; 120: 40 - 20 = 20
    assert result.base_price == 100
    assert result.commercial[:4].tolist() == [25.0, 40.0, 30.0, 20.0]


# Totals and ranking.

def test_total_is_the_sum_of_the_parts_and_the_highest_total_ranks_first():
    result = run([[80, 90]], [100, 200], credit_scores=[100, 50])
    # bid 0: 10 + 50 × 80/100 + 40 = 90; bid 1: 5 + 45 + 40 × 100/200 = 70
    assert result.total.tolist() == [90.0, 70.0]
    assert result.rank.tolist() == [1, 2]


def test_an_equal_total_goes_to_the_lower_price():
    # bid 0: 10 + 40 (raw 80) + 40 × 100/100 = 90; bid 1: 10 + 48 (raw 96) + 40 × 100/125 = 32 → 90
    result = run([[80, 96]], [100, 125])
    assert result.total.tolist() == [90.0, 90.0]
    assert result.rank.tolist() == [1, 2]


def test_an_equal_total_and_price_go_to_the_higher_technical():
    # same price 100 → commercial 40 each
    # bid 0: 10 × 100/100 = 10 + 50 × 80/100 = 40 → 90; bid 1: 10 × 80/100 = 8 + 50 × 84/100 = 42 → 90
    result = run([[80, 84]], [100, 100], credit_scores=[100, 80])
    assert result.rank.tolist() == [2, 1]


def test_bids_equal_in_total_price_and_technical_share_a_rank_and_the_next_skips():
    # bids 0 and 1: 10 + 40 + 40 = 90, price 100; bid 2: 10 + 35 + 40 = 85
    result = run([[80, 80, 70]], [100, 100, 100])
    assert result.rank.tolist() == [1, 1, 3]


def test_totals_equal_in_decimals_are_equal_despite_float_noise():
    # bid 0: 10 × 63/100 = 6.3 + 50 × 70.3/100 = 35.15 + 40 = 81.45 (as a float 81.44999999999999)
    # bid 1: 10 × 83/100 = 8.3 + 50 × 66.3/100 = 33.15 + 40 = 81.45
    # equal totals and prices: the higher technical (bid 0) ranks first
    result = run([[70.3, 66.3]], [100, 100], credit_scores=[63, 83])
    assert result.total[0] < result.total[1]  # the noise the ranking must see through
    assert result.rank.tolist() == [1, 2]
    assert [round_half_up(x) for x in result.total] == [Decimal("81.45"), Decimal("81.45")]


def test_ranks_only_valid_bids():
    result = run([[80, 95, 60]], [100, 100, 100], valid=[True, False, True])
    assert result.rank.tolist() == [1, 0, 2]


# Deviation warnings (畸高畸低).

def test_an_expert_exactly_30_percent_from_the_others_mean_is_not_flagged():
    # expert 0: 65 against (50 + 50) / 2 = 50 → 15 / 50 = 30% exactly; expert 0 bid 1: 35 → -30%
    # experts 1 and 2 on bid 0: 50 against (65 + 50) / 2 = 57.5 → -13%
    result = run([[65, 35], [50, 50], [50, 50]], [100, 100])
    assert len(result.warnings) == 0


def test_an_expert_just_over_30_percent_from_the_others_mean_is_flagged():
    # expert 0: 65.5 against 50 → +31%; expert 0 bid 1: 34.5 against 50 → -31%
    result = run([[65.5, 34.5], [50, 50], [50, 50]], [100, 100])
    assert result.warnings.expert.tolist() == [0, 0]
    assert result.warnings.bid.tolist() == [0, 1]
    assert result.warnings.deviation.tolist() == pytest.approx([0.31, -0.31])


def test_the_deviation_threshold_is_a_setting():
    # 65 against 50 is 30%: above a 20% threshold
    result = run([[65], [50], [50]], [100], deviation_threshold=0.20)
    assert result.warnings.deviation.tolist() == pytest.approx([0.30])


def test_invalid_bids_raise_no_deviation_warning():
    result = run([[90, 65.5], [50, 50], [50, 50]], [100, 100], valid=[False, True])
    assert result.warnings.bid.tolist() == [1]


# Rounding at the edge.

@pytest.mark.parametrize("value, shown", [
    (2.675, "2.68"),  # the float is 2.67499999…, the decimal it stands for is 2.675
    (0.125, "0.13"),
    (41.34499999999999, "41.35"),  # arithmetic noise around 41.345
    (41.344, "41.34"),
    (40.0, "40.00"),
])
def test_round_half_up_rounds_the_decimal_the_float_stands_for(value, shown):
    assert round_half_up(value) == Decimal(shown)
    assert rounded([value])[0] == float(Decimal(shown))  # the array form agrees


def test_round_half_up_shows_no_score_as_none():
    assert round_half_up(float("nan")) is None


def test_the_projects_evaluation_settings_feed_the_engine():
    from trading.tender.models import EvaluationSettings

    settings = EvaluationSettings.from_json({
        "weights": {"credit": "10", "technical": "50", "commercial": "40"}, "price_method": "average_deviation",
        "k": "1", "up_deduction": "1", "down_deduction": "0.5", "trim": True,
    })
    result = evaluate(one_criterion([[80, 80, 80]]), [96, 100, 104], [100] * 3, [True] * 3, settings.weights,
                      settings.price_method, k=settings.k, up_deduction=settings.up_deduction,
                      down_deduction=settings.down_deduction, trim=settings.trim)
    # as in the average-deviation test above: 38, 40, 36; totals 10 + 40 + commercial
    assert result.commercial.tolist() == [38.0, 40.0, 36.0]
    assert result.total.tolist() == [88.0, 90.0, 86.0]


# Input errors.

def test_average_deviation_needs_its_parameters():
    with pytest.raises(ValueError):
        run([[80]], [100], price_method="average_deviation")


def test_an_unknown_price_method_is_refused():
    with pytest.raises(ValueError):
        run([[80]], [100], price_method="highest")


def test_arrays_of_different_lengths_are_refused():
    with pytest.raises(ValueError):
        run([[80, 80]], [100])


# Properties.

@st.composite
def tenders(draw, price_method=None):
    experts = draw(st.integers(1, 7))
    bids = draw(st.integers(1, 8))
    criteria = draw(st.integers(1, 4))
    cell = st.integers(0, 100 // criteria)  # the criteria maxima add up to at most 100
    scores = np.array(draw(st.lists(cell, min_size=experts * bids * criteria, max_size=experts * bids * criteria)),
                      dtype=float).reshape(experts, bids, criteria)
    prices = draw(st.lists(st.integers(1, 10**7), min_size=bids, max_size=bids))
    credit_scores = draw(st.lists(st.integers(0, 100), min_size=bids, max_size=bids))
    valid = draw(st.lists(st.booleans(), min_size=bids, max_size=bids))
    commercial = draw(st.integers(0, 100))
    credit = draw(st.integers(0, 100 - commercial))
    arguments = dict(
        scores=scores, prices=prices, credit_scores=credit_scores, valid=valid,
        weights=(credit, 100 - credit - commercial, commercial),
        price_method=price_method or draw(st.sampled_from(["lowest", "average_deviation"])),
        trim=draw(st.booleans()),
    )
    if arguments["price_method"] == "average_deviation":
        arguments.update(k=draw(st.sampled_from([0.9, 0.95, 0.97, 1.0, 1.05])),
                         up_deduction=draw(st.sampled_from([0.5, 1, 2])),
                         down_deduction=draw(st.sampled_from([0.25, 0.5, 1])))
    return arguments


@settings(deadline=None)  # properties, not speed: a loaded machine must not fail them
@given(tenders())
def test_every_part_lies_between_zero_and_its_weight(tender):
    result = evaluate(**tender)
    valid = np.asarray(tender["valid"])
    for part, weight in zip((result.credit, result.technical, result.commercial), tender["weights"]):
        assert (part[valid] >= 0).all()
        assert (part[valid] <= weight + 1e-9).all()
        assert np.isnan(part[~valid]).all()


@settings(deadline=None)
@given(tenders(), st.randoms())
def test_permuting_the_bids_permutes_the_result(tender, random):
    bids = len(tender["prices"])
    permutation = np.array(random.sample(range(bids), bids))
    permuted = dict(tender, scores=tender["scores"][:, permutation],
                    **{name: np.asarray(tender[name])[permutation] for name in ("prices", "credit_scores", "valid")})
    original, result = evaluate(**tender), evaluate(**permuted)
    for name in ("credit", "technical", "commercial", "total"):
        np.testing.assert_allclose(getattr(result, name), getattr(original, name)[permutation], rtol=1e-12)
    assert result.rank.tolist() == original.rank[permutation].tolist()
    assert result.base_price == pytest.approx(original.base_price, nan_ok=True)
    warned = lambda r, bid_of: sorted(zip(r.warnings.expert.tolist(), bid_of(r.warnings.bid).tolist()))  # noqa: E731
    assert warned(result, lambda b: permutation[b]) == warned(original, lambda b: b)


@settings(deadline=None)
@given(tenders(price_method="lowest"), st.data())
def test_under_lowest_price_lowering_a_price_never_lowers_its_commercial_score(tender, data):
    bid = data.draw(st.integers(0, len(tender["prices"]) - 1))
    prices = list(tender["prices"])
    assume(prices[bid] > 1 and tender["valid"][bid])
    lowered = dict(tender, prices=prices[:bid] + [data.draw(st.integers(1, prices[bid] - 1))] + prices[bid + 1:])
    assert evaluate(**lowered).commercial[bid] >= evaluate(**tender).commercial[bid]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(10**4, 10**7), min_size=1, max_size=9), st.sampled_from([0.9, 0.95, 0.97, 1.0]))
def test_under_average_deviation_a_bid_at_the_base_price_gets_the_full_weight(others, k):
    # Solve for the price x of one more bid that equals k × the (trimmed) mean of all the prices:
    # below 5 prices x = k (S + x) / n, so x = k S / (n - k); from 5 on, with x between the
    # others' lowest and highest, those two are dropped: x = k (S - max - min + x) / (n - 2).
    count = len(others) + 1
    if count < 5:
        price = k * sum(others) / (count - k)
    else:
        price = k * (sum(others) - max(others) - min(others)) / (count - 2 - k)
        assume(min(others) <= price <= max(others))
    prices = others + [price]
    result = evaluate(np.full((1, count, 1), 80.0), prices, [100] * count, [True] * count, WEIGHTS,
                      "average_deviation", k=k, up_deduction=1, down_deduction=0.5)
    assert result.base_price == pytest.approx(price, rel=1e-12)
    assert result.commercial[-1] == pytest.approx(40, abs=1e-9)


# The SME price deduction (价格扣除): the commercial part reads price × (1 − deduction) for a small or micro
# enterprise, on both sides of the formula; credit 80 (8.00) and technical 80 (40.00) for every bid.

def test_the_sme_deduction_lets_a_small_enterprise_overtake_a_cheaper_large_one_on_the_lowest_price():
    """A large 800,000; B small 850,000, deduction 0.10 → evaluation price 765,000 = the base.
    With it: A 40 × 765,000 / 800,000 = 38.25 → 86.25; B 40 × 765,000 / 765,000 = 40.00 → 88.00: B first.
    Without it: A 40.00 → 88.00; B 40 × 800,000 / 850,000 = 37.6470… → 85.65: A first."""
    with_deduction = run([[80, 80]], [800000, 850000], [80, 80], sme=[False, True], sme_deduction=0.10)
    assert with_deduction.base_price == 765000
    assert rounded(with_deduction.evaluation_prices).tolist() == [800000, 765000]
    assert rounded(with_deduction.commercial).tolist() == [38.25, 40.0]
    assert rounded(with_deduction.total).tolist() == [86.25, 88.0]
    assert with_deduction.rank.tolist() == [2, 1]
    without = run([[80, 80]], [800000, 850000], [80, 80], sme=[False, True], sme_deduction=0)
    assert rounded(without.total).tolist() == [88.0, 85.65] and without.rank.tolist() == [1, 2]


def test_the_sme_deduction_under_the_average_deviation_method():
    """A large 850,000; B small 920,000, deduction 0.05 → 874,000; C large 880,000; k 1, up 1, down 0.5.
    With it: base = (850,000 + 874,000 + 880,000) / 3 = 868,000;
      A d = −18,000 / 868,000 = −2.0737% → 40 − 0.5 × 2.0737 = 38.9631 → 86.96
      B d = +6,000 / 868,000 = +0.6912% → 40 − 0.6912 = 39.3088 → 87.31 (first)
      C d = +12,000 / 868,000 = +1.3825% → 40 − 1.3825 = 38.6175 → 86.62
    Without it: base = 2,650,000 / 3 = 883,333.33; A −3.7736% → 38.1132; B +4.1509% → 35.8491; C −0.3774% → 39.8113:
    C, A, B. The small enterprise goes from last to first, ahead of the cheaper large A."""
    options = {"price_method": "average_deviation", **DEVIATION, "sme": [False, True, False]}
    prices = [850000, 920000, 880000]
    with_deduction = run([[80, 80, 80]], prices, [80, 80, 80], sme_deduction=0.05, **options)
    assert with_deduction.base_price == 868000
    assert rounded(with_deduction.commercial).tolist() == [38.96, 39.31, 38.62]
    assert rounded(with_deduction.total).tolist() == [86.96, 87.31, 86.62]
    assert with_deduction.rank.tolist() == [2, 1, 3]
    without = run([[80, 80, 80]], prices, [80, 80, 80], sme_deduction=0, **options)
    assert rounded(without.commercial).tolist() == [38.11, 35.85, 39.81]
    assert without.rank.tolist() == [2, 3, 1]


def test_a_tie_after_the_deduction_goes_to_the_lower_price_bid():
    """A large 765,000 and B small 850,000 at 0.10 (765,000): equal totals; the tie reads the price bid: A first."""
    result = run([[80, 80]], [765000, 850000], [80, 80], sme=[False, True], sme_deduction=0.10)
    assert rounded(result.total).tolist() == [88.0, 88.0] and result.rank.tolist() == [1, 2]
