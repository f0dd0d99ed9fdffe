"""Money: Decimal end to end, two decimals, rounded half-up at the edge."""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


class MoneyError(ValueError):
    pass


def parse_money(value, allow_zero=False):
    """Parse a string or number into a Decimal with at most two decimals.

    Rejects booleans, non-numbers, NaN/infinity, negatives and more than two decimals.
    """
    if isinstance(value, bool) or value is None:
        raise MoneyError("not a number")
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise MoneyError("not a number") from None
    if not amount.is_finite():
        raise MoneyError("not a number")
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(CENT):
        raise MoneyError("more than two decimals")
    if amount < 0:
        raise MoneyError("must not be negative")
    if amount == 0 and not allow_zero:
        raise MoneyError("must be greater than zero")
    if amount >= Decimal("1e16"):
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
