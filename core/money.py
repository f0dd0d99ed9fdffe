"""Money: Decimal end to end, two decimals, rounded half-up at the edge."""
import re
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
# Plain ASCII digits with an optional sign and fraction: no exponent, no "_", no other scripts;
# thousands separators allowed when every group after the first has three digits ("1,000,000.50").
_PLAIN = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


class MoneyError(ValueError):
    pass


def _decimal(value):
    """The exact Decimal of a plain-digit string or a JSON number, or None when it is not a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return Decimal(text.replace(",", "")) if _PLAIN.fullmatch(text) else None
    if isinstance(value, float):
        value = repr(value)  # 12.345 is "12.345", not its binary expansion
    if isinstance(value, (int, str, Decimal)):
        amount = Decimal(value)
        return amount if amount.is_finite() else None
    return None


def parse_money(value, allow_zero=False):
    """Parse a string or number into a Decimal with at most two decimals.

    Strings are ASCII digits with an optional fraction ("1250000.00"), thousands separators allowed
    ("1,250,000.00"). Rejects booleans,
    non-numbers, NaN/infinity, exponents, negatives, more than two decimals and 1e16 or more.
    Decided on the digits, so that input of any length never meets the context's precision.
    """
    amount = _decimal(value)
    if amount is None:
        raise MoneyError("not a number")
    negative, digits, exponent = amount.as_tuple()
    if exponent < -2 and any(digits[exponent + 2:]):
        raise MoneyError("more than two decimals")
    if negative and any(digits):
        raise MoneyError("must not be negative")
    if not any(digits) and not allow_zero:
        raise MoneyError("must be greater than zero")
    if any(digits) and amount.adjusted() >= 16:
        raise MoneyError("too large")
    # abs(): "-0" passes the checks above and must come out as 0.00, not -0.00.
    return abs(amount).quantize(CENT)


def quantize(amount):
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount):
    """The API form: a string with two decimals."""
    return None if amount is None else str(quantize(amount))


def format_money_display(amount):
    """Page form: thousands separators, ¥ sign."""
    return "" if amount is None else "¥{:,.2f}".format(quantize(amount))
