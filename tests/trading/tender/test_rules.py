"""The registration rules as plain functions: no app, no database, hand-computed boundaries."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from trading.tender.models import EvaluationSettings
from trading.tender.operations import rules

D = Decimal
PUBLISHED = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)
LARGE = D("10000000")


def settings(**changes):
    data = {
        "weights": {"credit": 10, "technical": 50, "commercial": 40}, "price_method": "lowest", "trim": True,
        "technical_criteria": [{"name": "方案", "max": 40}, {"name": "质量", "max": 60}],
        "panel_size": 5, "expert_specialty": "A01",
    }
    return EvaluationSettings.from_json(data | changes)


def texts(problems):
    return {field: [str(m) for m in messages] for field, messages in problems.items()}


def test_money_within_the_rules_has_no_problem():
    assert rules.money_problems(D("1000000.00"), D("950000.00"), D("20000.00"), D("0.02")) == {}


def test_a_deposit_one_cent_above_two_percent_of_the_budget_is_refused():
    problems = rules.money_problems(D("1000000.00"), D("950000.00"), D("20000.01"), D("0.02"))
    assert texts(problems) == {"deposit": ["must not exceed 2% of the budget (20000.00)"]}


def test_a_ceiling_one_cent_above_the_budget_is_refused():
    assert texts(rules.money_problems(D("1000000.00"), D("1000000.01"), D("0"), D("0.02"))) == {
        "ceiling_price": ["must not exceed the budget"]}


def test_weights_summing_to_99_and_maxima_to_90_are_both_reported():
    problems = rules.evaluation_problems(
        settings(weights={"credit": 10, "technical": 50, "commercial": 39},
                 technical_criteria=[{"name": "方案", "max": 40}, {"name": "质量", "max": "50"}]),
        "open_tender", D("1000000"), LARGE)
    assert texts(problems) == {"evaluation.weights": ["weights must add up to 100 (now 99)"],
                               "evaluation.technical_criteria": ["criteria maxima must add up to 100 (now 90)"]}


def test_decimal_weights_add_up_exactly():
    weights = {"credit": "10.5", "technical": "49.5", "commercial": "40"}
    assert rules.evaluation_problems(settings(weights=weights), "open_tender", D("1000000"), LARGE) == {}


@pytest.mark.parametrize("method, budget, panel, minimum", [
    ("open_tender", D("9999999.99"), 4, 5), ("open_tender", D("10000000"), 5, 7), ("inquiry", D("10000000"), 2, 3),
])
def test_the_panel_is_odd_and_large_enough(method, budget, panel, minimum):
    problems = rules.evaluation_problems(settings(panel_size=panel), method, budget, LARGE)
    assert texts(problems) == {"evaluation.panel_size": [f"must be an odd number of at least {minimum}"]}
    assert rules.evaluation_problems(settings(panel_size=minimum), method, budget, LARGE) == {}


def test_average_deviation_needs_k_in_0_to_1_and_non_negative_deductions():
    broken = settings(price_method="average_deviation", k="1.01", up_deduction="1", down_deduction="-0.5")
    assert texts(rules.evaluation_problems(broken, "open_tender", D("1000000"), LARGE)) == {
        "evaluation.k": ["must be greater than 0 and at most 1"],
        "evaluation.down_deduction": ["must be given and not negative"]}


def test_an_open_tender_needs_20_days_to_the_second():
    deadline = PUBLISHED + timedelta(days=20)
    assert rules.publish_time_problems("open_tender", deadline, deadline, PUBLISHED, 20) == {}
    early = deadline - timedelta(seconds=1)
    assert texts(rules.publish_time_problems("open_tender", early, early, PUBLISHED, 20)) == {
        "bid_deadline": ["must be at least 20 days after publication"]}


def test_other_methods_only_refuse_deadlines_in_the_past():
    past = PUBLISHED - timedelta(seconds=1)
    assert texts(rules.publish_time_problems("inquiry", past, past, PUBLISHED, 20)) == {
        "bid_deadline": ["must not be in the past"], "signup_deadline": ["must not be in the past"]}


def test_the_evaluation_settings_keep_every_decimal_through_json():
    value = settings(price_method="average_deviation", k="0.97", up_deduction="1.0", down_deduction="0.5",
                     weights={"credit": "10.25", "technical": "49.75", "commercial": 40})
    assert EvaluationSettings.from_json(value.to_json()) == value
    assert value.to_json()["weights"] == {"credit": "10.25", "technical": "49.75", "commercial": "40"}
    api = value.to_api()
    assert (api["k"], api["up_deduction"], api["down_deduction"], api["weights"]["commercial"]) == ("0.97", 1, 0.5, 40)
