"""Money parsing and formatting: Decimal, two decimals, half-up at the edge."""
from decimal import Decimal

import pytest

from core.money import MoneyError, format_money, format_money_display, parse_money, quantize


@pytest.mark.parametrize("value, expected", [
    ("1250000.00", Decimal("1250000.00")),
    (12.5, Decimal("12.50")),
    (1250000, Decimal("1250000.00")),
    (" 99.9 ", Decimal("99.90")),
    ("12.340", Decimal("12.34")),  # a trailing zero is not a third decimal
    ("9999999999999999.99", Decimal("9999999999999999.99")),
    ("1." + "0" * 40, Decimal("1.00")),
])
def test_accepts_strings_and_numbers(value, expected):
    amount = parse_money(value)
    assert amount == expected
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize("value, problem", [
    ("12.345", "more than two decimals"),
    (12.345, "more than two decimals"),
    ("-1.00", "must not be negative"),
    (-0.01, "must not be negative"),
    ("abc", "not a number"),
    ("", "not a number"),
    (True, "not a number"),
    (False, "not a number"),
    (None, "not a number"),
    ([12], "not a number"),
    (float("nan"), "not a number"),
    ("NaN", "not a number"),
    ("Infinity", "not a number"),
    ("10000000000000000", "too large"),
    (1e16, "too large"),
    ("9" * 30, "too large"),
    ("9" * 5000, "too large"),
    (10**30, "too large"),
    ("1" * 28 + ".123", "more than two decimals"),
    ("0." + "0" * 40 + "1", "more than two decimals"),
    # Only plain ASCII digits: no exponent, no "_" separator, no digits of other scripts.
    ("1e16", "not a number"),
    ("1e3", "not a number"),
    ("1_000", "not a number"),
    ("١٢٣", "not a number"),
    ("１２３", "not a number"),
    ("0x10", "not a number"),
    ("1.", "not a number"),
    (float("inf"), "not a number"),
    ("0", "must be greater than zero"),
    (0.0, "must be greater than zero"),
])
def test_rejects(value, problem):
    with pytest.raises(MoneyError, match=problem):
        parse_money(value)


@pytest.mark.parametrize("value", ["0", "0.00", 0, "-0", "-0.00"])
def test_zero_when_allowed_is_plain_zero(value):
    amount = parse_money(value, allow_zero=True)
    assert str(amount) == "0.00"
    assert format_money(amount) == "0.00"


def test_quantize_rounds_half_up():
    # half-even would give 2.34 and 0.12
    assert quantize(Decimal("2.345")) == Decimal("2.35")
    assert quantize(Decimal("0.125")) == Decimal("0.13")
    assert quantize(Decimal("2.344")) == Decimal("2.34")


def test_formats():
    assert format_money(Decimal("1250000")) == "1250000.00"
    assert format_money(None) is None
    assert format_money_display(Decimal("1250000.5")) == "¥1,250,000.50"
    assert format_money_display(None) == ""
