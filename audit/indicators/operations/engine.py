"""Compute Cardinal's red-flag indicators over OCDS compiled releases.

A port of the ``indicators`` command of Cardinal (https://github.com/open-contracting/cardinal-rs, version 0.0.8),
the Open Contracting Partnership's reference implementation in Rust: the same indicators (R003, R018, R024, R025,
R028, R030, R035, R036, R038, R048, R058), settings file and result object, with the same values, down to the last
bit of each float. The rules are summarised in the product's docs/indicators.md; where that summary and Cardinal
differ, this module does what Cardinal does.

Cardinal spreads the lines of its input over threads, so what depends on their order (the currency used when none
is configured and several appear, an ocid on more than one line) can vary between its runs; this module reads the
releases in order, as Cardinal does on one thread.

Cardinal is distributed under the MIT License:

    Copyright (c) 2022 Open Contracting Partnership

    Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
    documentation files (the "Software"), to deal in the Software without restriction, including without limitation
    the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and
    to permit persons to whom the Software is furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all copies or substantial portions
    of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO
    THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
    CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
    IN THE SOFTWARE.
"""
import json
import logging
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

_LOGGER = logging.getLogger(__name__)

GROUPS = ("OCID", "Buyer", "ProcuringEntity", "Tenderer")


class SettingsError(ValueError):
    """A settings file that Cardinal would refuse: its message says what is wrong and where."""


# Settings.

@dataclass(frozen=True)
class Settings:
    """What the indicators read from a settings file; an indicator runs when its code is a key of `indicators`."""

    indicators: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    currency: str | None = None
    no_price_comparison_procurement_methods: str | None = None
    price_comparison_procurement_methods: str | None = None
    excluded_procurement_method_details: str | None = None
    info_currency_mismatches: bool = False


def parse_settings(text: str) -> Settings:
    """Parse the text of a Cardinal settings file (INI), raising SettingsError on what Cardinal would refuse."""
    tree = _convert(_read_ini(text), _SCHEMA, ())
    return Settings(
        indicators={code: tree[code] for code in _INDICATORS if code in tree},
        currency=tree.get("currency"),
        no_price_comparison_procurement_methods=tree.get("no_price_comparison_procurement_methods"),
        price_comparison_procurement_methods=tree.get("price_comparison_procurement_methods"),
        excluded_procurement_method_details=tree.get("exclusions", {}).get("procurement_method_details"),
        info_currency_mismatches=tree.get("output", {}).get("info_currency_mismatches", False),
    )


# Cardinal's config crate turns a dotted name ("R003.procurement_method_details") into nested tables.
_DOTTED_NAME = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*")


def _read_ini(text: str) -> dict:
    """Read INI text into nested dicts of strings, as Cardinal's config crate reads it (without backslash escapes).

    A repeated section replaces the earlier one and a repeated key the earlier value, as there.
    """
    sections: dict[str | None, dict[str, str]] = {None: {}}
    current = None
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff")), 1):
        line = line.strip()
        if not line or line[0] in ";#":
            continue
        if line[0] == "[":
            if not line.endswith("]"):
                raise SettingsError(f"line {number}: a section name must end with ']' (comments go on their own line)")
            current = line[1:-1].strip()
            sections[current] = {}
            continue
        separator = min((line.find(mark) for mark in "=:" if mark in line), default=-1)
        if separator <= 0:
            raise SettingsError(f"line {number}: expected 'key = value', got {line!r}")
        value = line[separator + 1:].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        sections[current][line[:separator].strip()] = value

    tree: dict = {}
    for name, values in sections.items():
        if name is None:
            for key, value in values.items():
                _set_path(tree, key, value)
        else:
            _set_path(tree, name, values)
    return tree


def _set_path(tree: dict, name: str, value: str | dict) -> None:
    """Set a value at a dotted name, merging a section into what is already there."""
    *parents, leaf = name.split(".") if _DOTTED_NAME.fullmatch(name) else [name]
    for part in parents:
        if not isinstance(tree.get(part), dict):
            tree[part] = {}
        tree = tree[part]
    if isinstance(value, dict):
        if not isinstance(tree.get(leaf), dict):
            tree[leaf] = {}
        tree[leaf].update(value)
    else:
        tree[leaf] = value


def _where(path: tuple[str, ...]) -> str:
    return path[0] if len(path) == 1 else f"[{'.'.join(path[:-1])}] {path[-1]}"


def _convert(value: str | dict, schema: dict | Any, path: tuple[str, ...]) -> Any:
    """Check a value against the schema (a dict of allowed keys, or a converter) and convert it."""
    if not isinstance(schema, dict):
        return schema(value, path)
    if not isinstance(value, dict):
        raise SettingsError(f"{_where(path)}: expected a section, got the value {value!r}")
    for key in value:
        if key not in schema:
            place = f"in [{'.'.join(path)}]" if path else "before the first section"
            allowed = ", ".join(schema) or "no keys"
            kind = "key" if path or not isinstance(value[key], dict) else "section"
            raise SettingsError(f"unknown {kind} {key!r} {place}; allowed: {allowed}")
    return {key: _convert(item, schema[key], (*path, key)) for key, item in value.items()}


def _scalar(value: str | dict, path: tuple[str, ...], expected: str) -> str:
    if isinstance(value, dict):
        raise SettingsError(f"{_where(path)}: expected {expected}, got a section")
    return value


def _text(value: str | dict, path: tuple[str, ...]) -> str:
    return _scalar(value, path, "a value")


def _boolean(value: str | dict, path: tuple[str, ...]) -> bool:
    word = _scalar(value, path, "true or false").lower()
    if word in ("1", "true", "on", "yes"):
        return True
    if word in ("0", "false", "off", "no"):
        return False
    raise SettingsError(f"{_where(path)}: expected true or false, got {value!r}")


def _integer_converter(pattern: str, minimum: int, maximum: int, expected: str):
    """Make a converter that reads integers as Rust's str::parse does (and yes/no as 1/0, as Cardinal's config)."""
    syntax = re.compile(pattern, re.ASCII)

    def convert(value: str | dict, path: tuple[str, ...]) -> int:
        text = _scalar(value, path, expected)
        if text.lower() in ("true", "on", "yes", "false", "off", "no"):
            return int(text.lower() in ("true", "on", "yes"))
        if not syntax.fullmatch(text) or not minimum <= int(text) <= maximum:
            raise SettingsError(f"{_where(path)}: expected {expected}, got {text!r}")
        return int(text)

    return convert


_integer = _integer_converter(r"[+-]?[0-9]+", -2**63, 2**63 - 1, "an integer")
_count = _integer_converter(r"\+?[0-9]+", 0, 2**64 - 1, "a natural number")
_FLOAT_SYNTAX = re.compile(r"[+-]?(?:inf|infinity|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?)", re.IGNORECASE)


def _number(value: str | dict, path: tuple[str, ...]) -> float:
    text = _scalar(value, path, "a number")
    if text.lower() in ("true", "on", "yes", "false", "off", "no"):
        return float(text.lower() in ("true", "on", "yes"))
    if not _FLOAT_SYNTAX.fullmatch(text):
        raise SettingsError(f"{_where(path)}: expected a number, got {text!r}")
    return float(text)


def _table_of(convert):
    """Make a converter for a section of free keys (Cardinal's HashMap settings)."""

    def convert_table(value: str | dict, path: tuple[str, ...]) -> dict:
        if not isinstance(value, dict):
            raise SettingsError(f"{_where(path)}: expected a section, got the value {value!r}")
        return {key: convert(item, (*path, key)) for key, item in value.items()}

    return convert_table


# Cardinal's Settings struct. The sections of its `prepare` command are checked but not used here.
_SCHEMA = {
    "currency": _text,
    "no_price_comparison_procurement_methods": _text,
    "price_comparison_procurement_methods": _text,
    "output": {"info_currency_mismatches": _boolean},
    "codelists": {"bid_status": _table_of(_text), "award_status": _table_of(_text)},
    "defaults": {
        "currency": _text, "item_classification_scheme": _text, "bid_status": _text, "award_status": _text,
        "party_roles": _boolean,
    },
    "redactions": {"amount": _text, "organization_id": _text},
    "corrections": {"award_status_by_contract_status": _boolean},
    "modifications": {
        "move_auctions": _boolean, "prefix_buyer_or_procuring_entity_id": _text,
        "prefix_tenderer_or_supplier_id": _text, "split_procurement_method_details": _text,
    },
    "exclusions": {"procurement_method_details": _text},
    "R003": {"threshold": _integer, "procurement_methods": _text, "procurement_method_details": _table_of(_integer)},
    "R018": {"procurement_methods": _text},
    "R024": {"threshold": _number},
    "R025": {"percentile": _count, "threshold": _number},
    "R028": {},
    "R030": {},
    "R035": {"threshold": _count},
    "R036": {},
    "R038": {"threshold": _number, "minimum_submitted_bids": _count, "minimum_contracting_processes": _count},
    "R048": {"digits": _count, "threshold": _count, "minimum_contracting_processes": _count},
    "R058": {"threshold": _number},
}


def _pipe_separated(value: str | None) -> frozenset[str]:
    """Split "A|B" into its parts, as Rust's split_terminator: no trailing empty part, no trimming."""
    if value is None:
        return frozenset()
    parts = value.split("|")
    return frozenset(parts[:-1] if parts[-1] == "" else parts)


# Reading JSON.

def read_jsonl(lines: Iterable[str | bytes], errors: list[tuple[int, str]] | None = None) -> Iterator[tuple[int, dict]]:
    """Yield (line number, release) for each line holding a JSON object.

    Blank lines are skipped silently. Any other line is skipped too, and reported as (line number, message): appended
    to `errors` when given, else logged as a warning.
    """
    for number, line in enumerate(lines, 1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as error:
                _report(errors, number, f"not valid UTF-8 ({error.reason} at byte {error.start})")
                continue
        line = line.removesuffix("\n").removesuffix("\r")
        if not line.strip(" \t\n\f\r"):
            continue
        try:
            value = _loads(line)
        except (ValueError, RecursionError) as error:
            _report(errors, number, f"invalid JSON ({error})")
            continue
        if isinstance(value, dict):
            yield number, value
        else:
            _report(errors, number, f"not a JSON object but {type(value).__name__}")


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _loads(line: str) -> Any:
    """Return json.loads(line, parse_constant=_reject_constant), or raise its error.

    A line holding just one JSON value, the common case, is decoded without the costs of json.loads for each line (a
    new decoder for the argument, whitespace checks); any other line goes through json.loads, for its exact error.
    """
    try:
        value, end = _DECODER.raw_decode(line)
    except (ValueError, RecursionError):
        end = None
    if end == len(line):
        return value
    return json.loads(line, parse_constant=_reject_constant)


def _report(errors: list[tuple[int, str]] | None, number: int, message: str) -> None:
    if errors is None:
        _LOGGER.warning("Line %d is skipped: %s.", number, message)
    else:
        errors.append((number, message))


def _member(value: Any, key: str, kind: type[str | list | dict]) -> Any:
    """Return value[key] when value is a JSON object and the member is a string, array or object as asked, else None."""
    if isinstance(value, dict):
        member = value.get(key)
        if isinstance(member, kind):
            return member
    return None


def _price(bid: dict) -> tuple[float, str] | None:
    """Return a bid's amount and currency, or None without both; the amount as a finite float, as serde_json's as_f64.

    Amounts may be ints, floats or Decimals (json.loads with parse_float=Decimal).
    """
    value = bid.get("value")
    if not isinstance(value, dict):
        return None
    amount = value.get("amount")
    currency = value.get("currency")
    if not isinstance(currency, str):
        return None
    # A float, the common case, needs no conversion.
    if type(amount) is not float:
        if not isinstance(amount, (float, int, Decimal)) or isinstance(amount, bool):
            return None
        try:
            amount = float(amount)
        except (OverflowError, ValueError):
            return None
    return (amount, currency) if math.isfinite(amount) else None


# Arithmetic, as Rust does it.

def _divide(numerator: float, denominator: float) -> float:
    """Divide as IEEE 754 does: a zero denominator gives an infinity or NaN instead of an exception."""
    if denominator:
        return numerator / denominator
    if numerator == 0 or math.isnan(numerator):
        return math.nan
    return math.copysign(math.inf, numerator) * math.copysign(1.0, denominator)


def _fused_multiply_add(x: float, y: float, z: float) -> float:
    """Return x·y + z rounded once, as Rust's f64::mul_add (math.fma arrives only in Python 3.13)."""
    if not all(map(math.isfinite, (x, y, z))):
        return x * y + z
    exact = Fraction(x) * Fraction(y) + Fraction(z)
    try:
        return float(exact)
    except OverflowError:
        return math.copysign(math.inf, exact)


def _sorted(values: Iterable[float]) -> list[float]:
    values = list(values)
    if any(map(math.isnan, values)):
        # Cardinal's selection gives a NaN (a 0/0 ratio) no fixed place; this port puts it last.
        return sorted(values, key=lambda value: (math.isnan(value), value))
    # The same order, several times faster without a key.
    return sorted(values)


def _quantile(ordered: list[float], tau: float) -> float:
    """Return the tau-quantile of sorted values as Cardinal's statrs does (Hyndman–Fan type 8).

    numpy's method="median_unbiased" is the same estimator, but it computes the position and the interpolation in
    another order and so differs from Cardinal in the last bit in about one case in six, which can move a value
    across a fence.
    """
    if not 0.0 <= tau <= 1.0 or not ordered:
        return math.nan
    position = (len(ordered) + 1.0 / 3.0) * tau + 1.0 / 3.0
    whole = int(position)
    if whole <= 0 or tau == 0.0:
        # statrs's minimum, like its maximum, is NaN when any value is (NaN is sorted last).
        return math.nan if math.isnan(ordered[-1]) else ordered[0]
    # statrs compares tau with 1 within 4 ulps; no percentile or quartile comes that close to 1 without being 1.
    if whole >= len(ordered) or tau == 1.0:
        return ordered[-1]
    low, high = ordered[whole - 1], ordered[whole]
    return low + (position - whole) * (high - low)


def _quartiles(values: Iterable[float]) -> tuple[float, float]:
    ordered = _sorted(values)
    return _quantile(ordered, 0.25), _quantile(ordered, 0.75)


def _json_number(value: float) -> float | None:
    """Return a float as serde_json prints it: NaN and infinities become null."""
    return value if math.isfinite(value) else None


def _rounded(value: float) -> float | None:
    """Round to 4 decimals as Cardinal's Meta does: (v·10⁴).round() / 10⁴, halves away from zero."""
    scaled = value * 10_000.0
    if not math.isfinite(scaled):
        return _json_number(scaled)
    whole = float(math.trunc(scaled))
    if abs(scaled - whole) >= 0.5:
        whole += math.copysign(1.0, scaled)
    return math.copysign(whole, scaled) / 10_000.0


# Dates, as chrono's DateTime::parse_from_rfc3339 and TimeDelta::num_days.

_RFC3339 = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:[Zz]|([+\-\u2212])([0-9]{2}):([0-9]{2}))"
)
_DAY = 86_400
_BILLION = 1_000_000_000
# The value of each pair of digits: a lookup is several times faster than int().
_TWO_DIGITS = {f"{number:02}": number for number in range(100)}


def _parse_rfc3339(text: Any) -> tuple[int, int, int] | None:
    """Return (UTC day number, second of that day, nanoseconds), or None unless a text that chrono would accept."""
    match = _RFC3339.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return None
    calendar_date, hour, minute, second, fraction, sign, offset_hours, offset_minutes = match.groups()
    hour, minute, second = _TWO_DIGITS[hour], _TWO_DIGITS[minute], _TWO_DIGITS[second]
    nanoseconds = int(fraction[:9].ljust(9, "0")) if fraction else 0
    if second == 60:
        # chrono keeps a leap second as a second billion of nanoseconds on :59.
        second, nanoseconds = 59, nanoseconds + _BILLION
    offset = 0
    if sign:
        offset_hours, offset_minutes = _TWO_DIGITS[offset_hours], _TWO_DIGITS[offset_minutes]
        if offset_minutes > 59:
            return None
        offset = (offset_hours * 3600 + offset_minutes * 60) * (1 if sign == "+" else -1)
    if hour > 23 or minute > 59 or second > 59 or abs(offset) >= _DAY:
        return None
    try:
        if calendar_date.startswith("0000"):
            # chrono allows year 0 (a leap year); datetime starts at year 1, so count it 400 years (one cycle) later.
            day_number = date.fromisoformat("0400" + calendar_date[4:]).toordinal() - 146_097
        else:
            day_number = date.fromisoformat(calendar_date).toordinal()
    except ValueError:
        return None
    shift, second_of_day = divmod(hour * 3600 + minute * 60 + second - offset, _DAY)
    return day_number + shift, second_of_day, nanoseconds


def _whole_days(start: tuple[int, int, int], end: tuple[int, int, int]) -> int:
    """Return the days from start to end, truncated toward zero, counting leap seconds as chrono does."""
    (start_day, start_second, start_nanos), (end_day, end_second, end_nanos) = start, end
    seconds = (end_day - start_day) * _DAY + end_second - start_second
    if end_second > start_second and start_nanos >= _BILLION:
        seconds += 1
    elif end_second < start_second and end_nanos >= _BILLION:
        seconds -= 1
    carry, nanoseconds = divmod(end_nanos - start_nanos, _BILLION)
    seconds += carry
    if seconds < 0 and nanoseconds > 0:
        seconds += 1
    days = abs(seconds) // _DAY
    return days if seconds >= 0 else -days


# What the indicators read of a release.

# A submitted bid, as the indicators read it: (status, price, tenderer ids, sole tenderer id, date).
_Bid = tuple[str, tuple[float, str] | None, list[str], str | None, str | None]


class _Release:
    """The members of one release that several indicators read, each looked up and type-checked once.

    Missing members and members of another type read as absent, as in Cardinal (where serde_json's accessors give
    None). Without awards or bids, a release reads as one with an empty list of them: no indicator tells them apart.
    """

    __slots__ = (
        "data", "ocid", "tender", "tender_period", "procurement_method_details", "compares_prices",
        "active_awards", "awards_are_final", "supplier_ids", "sole_winner", "bids",
    )

    def __init__(self, data: dict, ocid: str, tender: dict, procurement_method_details: str | None,
                 compares_prices: bool, reads_awards_and_bids: bool) -> None:
        # The release as decoded, for the members that a single indicator reads.
        self.data = data
        self.ocid = ocid
        # Empty dicts when absent, so that their members read as absent too.
        self.tender = tender
        tender_period = tender.get("tenderPeriod")
        self.tender_period = tender_period if isinstance(tender_period, dict) else {}
        self.procurement_method_details = procurement_method_details
        # Whether the indicators that compare prices read this release: not when the buyer sets the prices.
        self.compares_prices = compares_prices
        # The awards and bids are read only when an enabled indicator needs them.
        self.active_awards: list[dict] = []
        # Whether every award with a status is in a final state (active, cancelled or unsuccessful).
        self.awards_are_final = True
        # The suppliers of the active awards.
        self.supplier_ids: set[str] = set()
        # The only supplier of the only active award, when the awards are final.
        self.sole_winner: str | None = None
        # The submitted bids, in order.
        self.bids: list[_Bid] = []
        if reads_awards_and_bids:
            awards = data.get("awards")
            if isinstance(awards, list):
                self._read_awards(awards)
            details = _member(data.get("bids"), "details", list)
            if details is not None:
                self.bids = _submitted_bids(details)

    def _read_awards(self, awards: list) -> None:
        for award in awards:
            if not isinstance(award, dict):
                continue
            status = award.get("status")
            if status == "active":
                self.active_awards.append(award)
                suppliers = award.get("suppliers")
                if isinstance(suppliers, list):
                    for supplier in suppliers:
                        if isinstance(supplier, dict) and isinstance(identifier := supplier.get("id"), str):
                            self.supplier_ids.add(identifier)
            # An award without a status, or with one that is not a string, counts as final.
            elif isinstance(status, str) and status not in ("cancelled", "unsuccessful"):
                self.awards_are_final = False
        if self.awards_are_final and len(self.active_awards) == 1:
            suppliers = self.active_awards[0].get("suppliers")
            if isinstance(suppliers, list) and len(suppliers) == 1:
                self.sole_winner = _member(suppliers[0], "id", str)


def _submitted_bids(details: list) -> list[_Bid]:
    """Read the bids with a status other than invited or withdrawn (pending, valid and disqualified bids): the only
    ones that the indicators count."""
    bids = []
    # The members are read inline rather than with _member: this loop runs for every bid.
    for bid in details:
        if not isinstance(bid, dict):
            continue
        status = bid.get("status")
        if not isinstance(status, str) or status == "invited" or status == "withdrawn":
            continue
        tenderers = bid.get("tenderers")
        tenderer_ids = []
        sole_tenderer_id = None
        if isinstance(tenderers, list):
            for tenderer in tenderers:
                if isinstance(tenderer, dict) and isinstance(identifier := tenderer.get("id"), str):
                    tenderer_ids.append(identifier)
            if len(tenderers) == 1 and tenderer_ids:
                sole_tenderer_id = tenderer_ids[0]
        date = bid.get("date")
        bids.append((status, _price(bid), tenderer_ids, sole_tenderer_id, date if isinstance(date, str) else None))
    return bids


def _matches_procurement_method_details(details: str | None, include: frozenset[str], exclude: frozenset[str]) -> bool:
    """Apply an allow list (when not empty) or else a deny list to /tender/procurementMethodDetails."""
    if details is None:
        return not include
    return details in include if include else details not in exclude


def _matches_procurement_method(tender: dict, methods: frozenset[str]) -> bool:
    return not methods or _member(tender, "procurementMethod", str) in methods


class _State:
    """What the indicators keep between releases: a few figures per process or organization, never the releases."""

    def __init__(self) -> None:
        self.results: dict[str, dict[str, dict[str, float]]] = {group: {} for group in GROUPS}
        self.meta: dict[str, dict[str, float]] = {}
        # The currency of the compared amounts: the configured one, else the first one seen.
        self.currency: str | None = None
        # ocid: (second-lowest ratio, winner, second-lowest bidder).
        self.second_lowest_bids: dict[str, tuple[float, str, str]] = {}
        self._second_lowest_quartiles: tuple[float, float] | None = None
        # tenderer: processes with a valid bid, and processes won.
        self.r025_processes: dict[str, int] = {}
        self.r025_wins: dict[str, int] = {}
        # organization: submitted bids, and disqualified bids, per group.
        self.r038_submitted: dict[str, dict[str, int]] = {"Buyer": {}, "ProcuringEntity": {}, "Tenderer": {}}
        self.r038_disqualified: dict[str, dict[str, int]] = {"Buyer": {}, "ProcuringEntity": {}, "Tenderer": {}}
        # supplier: [processes awarded with classified items, classification prefixes].
        self.r048_suppliers: dict[str, list] = {}

    def flag(self, group: str, identifier: str, code: str, value: float) -> None:
        self.results[group].setdefault(identifier, {})[code] = value

    def note(self, code: str, key: str, value: float) -> None:
        self.meta.setdefault(code, {})[key] = value

    def second_lowest_quartiles(self) -> tuple[float, float]:
        """Return the quartiles of the second-lowest ratios, sorted once for both R024 and R058."""
        if self._second_lowest_quartiles is None:
            self._second_lowest_quartiles = _quartiles(ratio for ratio, _, _ in self.second_lowest_bids.values())
        return self._second_lowest_quartiles

    def in_compared_currency(self, currency: str, settings: Settings) -> bool:
        """Whether amounts in this currency are compared (the configured one, else the first seen); logs a mismatch.

        Callers skip the call for the compared currency, the common case.
        """
        if self.currency is None:
            self.currency = currency if settings.currency is None else settings.currency
        if currency == self.currency:
            return True
        level = logging.INFO if settings.info_currency_mismatches else logging.WARNING
        _LOGGER.log(level, "%s is not %s, skipping.", currency, self.currency)
        return False


class _Indicator:
    """One indicator: `fold` reads a release, `finalize` flags once all are read."""

    code = ""
    # Whether `fold` reads the awards or the bids, which then have to be read from each release.
    reads_awards_and_bids = False

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.options: Mapping[str, Any] = settings.indicators.get(self.code, {})

    def fold(self, state: _State, release: _Release) -> None:
        pass

    def finalize(self, state: _State) -> None:
        pass


class _SecondLowestBidRatio(_Indicator):
    """The gap between the winning bid and the second-lowest valid bid, for R024 and R058."""

    reads_awards_and_bids = True

    def fold(self, state: _State, release: _Release) -> None:
        supplier_id = release.sole_winner
        if supplier_id is None or not release.compares_prices:
            return
        winner = runner_up = None
        for status, price, _, tenderer_id, _ in release.bids:
            if status != "valid" or price is None or tenderer_id is None:
                continue
            amount, currency = price
            if currency != state.currency and not state.in_compared_currency(currency, self.settings):
                continue
            # The first of equal lowest bids is kept, for the winner (several bids) as for the others.
            if tenderer_id == supplier_id:
                if winner is None or amount < winner[0]:
                    winner = (amount, tenderer_id)
            elif runner_up is None or amount < runner_up[0]:
                runner_up = (amount, tenderer_id)
        # A winner whose bid is not the lowest means that the award criteria are not price only.
        if winner is not None and runner_up is not None and runner_up[0] >= winner[0]:
            ratio = _divide(runner_up[0] - winner[0], winner[0])
            state.second_lowest_bids[release.ocid] = (ratio, winner[1], runner_up[1])


class _R003(_Indicator):
    """Short submission period."""

    code = "R003"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.threshold = self.options.get("threshold", 15)
        self.procurement_methods = _pipe_separated(self.options.get("procurement_methods"))
        self.procurement_method_details = self.options.get("procurement_method_details", {})

    def fold(self, state: _State, release: _Release) -> None:
        if not _matches_procurement_method(release.tender, self.procurement_methods):
            return
        start = _parse_rfc3339(release.tender_period.get("startDate"))
        end = _parse_rfc3339(release.tender_period.get("endDate"))
        if start is None or end is None:
            return
        threshold = self.procurement_method_details.get(release.procurement_method_details, self.threshold)
        if _whole_days(start, end) < threshold:
            state.flag("OCID", release.ocid, "R003", 1.0)


class _R018(_Indicator):
    """Single bid received."""

    code = "R018"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.procurement_methods = _pipe_separated(self.options.get("procurement_methods", "open|selective"))

    def fold(self, state: _State, release: _Release) -> None:
        number = release.tender.get("numberOfTenderers")
        # Cardinal reads numberOfTenderers as an unsigned integer: 1.0, 1e0 or true is not 1 there.
        if (
            isinstance(number, int) and not isinstance(number, bool) and number == 1
            and _matches_procurement_method(release.tender, self.procurement_methods)
        ):
            state.flag("OCID", release.ocid, "R018", 1.0)


class _R024(_Indicator):
    """Price close to the winning bid: a second-lowest ratio at or below the lower fence."""

    code = "R024"

    def finalize(self, state: _State) -> None:
        threshold = self.options.get("threshold")
        if threshold is None:
            q1, q3 = state.second_lowest_quartiles()
            state.note("R024", "q1", q1)
            state.note("R024", "q3", q3)
            lower_fence = _fused_multiply_add(q3 - q1, -1.5, q1)
        else:
            # A configured fence needs no quartile to be positive.
            lower_fence, q1 = threshold, 1.0
        state.note("R024", "lower_fence", lower_fence)
        # Ratios are never negative: when Q1 or the fence is not above 0, Cardinal flags nothing rather than every tie.
        if q1 > 0 and lower_fence > 0:
            for ocid, (ratio, winner, runner_up) in state.second_lowest_bids.items():
                if ratio <= lower_fence:
                    state.flag("OCID", ocid, "R024", ratio)
                    state.flag("Tenderer", winner, "R024", 0.0)
                    state.flag("Tenderer", runner_up, "R024", 0.0)


class _R025(_Indicator):
    """Excessive unsuccessful bids: a top tenderer whose ratio of wins is at or below the lower fence."""

    code = "R025"
    reads_awards_and_bids = True

    def fold(self, state: _State, release: _Release) -> None:
        supplier_id = release.sole_winner
        if supplier_id is None:
            return
        # A tenderer counts once per process, whatever its number of bids.
        tenderer_ids = {
            tenderer_id for status, _, _, tenderer_id, _ in release.bids
            if status == "valid" and tenderer_id is not None
        }
        processes = state.r025_processes
        for tenderer_id in tenderer_ids:
            processes[tenderer_id] = processes.get(tenderer_id, 0) + 1
        if supplier_id in tenderer_ids:
            state.r025_wins[supplier_id] = state.r025_wins.get(supplier_id, 0) + 1

    def finalize(self, state: _State) -> None:
        processes = state.r025_processes
        percentile = float(self.options.get("percentile", 75)) / 100.0
        upper_fence = _quantile(_sorted(map(float, processes.values())), percentile)
        ratios = {identifier: state.r025_wins.get(identifier, 0) / total for identifier, total in processes.items()}
        threshold = self.options.get("threshold")
        if threshold is None:
            q1, q3 = _quartiles(ratios.values())
            state.note("R025", "q1", q1)
            state.note("R025", "q3", q3)
            lower_fence = _fused_multiply_add(q3 - q1, -1.5, q1)
        else:
            lower_fence, q1 = threshold, 1.0
        state.note("R025", "upper_fence", upper_fence)
        state.note("R025", "lower_fence", lower_fence)
        # Ratios are never negative: when Q1 or the fence is not above 0, Cardinal flags nothing rather than every top
        # tenderer that never wins.
        if q1 > 0 and lower_fence > 0:
            for identifier, ratio in ratios.items():
                if processes[identifier] >= upper_fence and ratio <= lower_fence:
                    state.flag("Tenderer", identifier, "R025", ratio)


class _R028(_Indicator):
    """Identical bid prices from different tenderers."""

    code = "R028"
    reads_awards_and_bids = True

    def fold(self, state: _State, release: _Release) -> None:
        if not release.compares_prices:
            return
        prices: dict[tuple[float, str], list[str]] = {}
        for _, price, tenderer_ids, _, _ in release.bids:
            if price is None or not tenderer_ids:
                continue
            other = prices.get(price)
            # A tenderer may submit more bids at the same price. (Sets are built only for equal prices, which are rare.)
            if other is not None and frozenset(tenderer_ids) != frozenset(other):
                state.flag("OCID", release.ocid, "R028", 1.0)
                for identifier in frozenset(tenderer_ids) | frozenset(other):
                    state.flag("Tenderer", identifier, "R028", 1.0)
            # Only the last bid at a price is compared with the next one: the value is 1.0 however many pairs match.
            prices[price] = tenderer_ids


class _R030(_Indicator):
    """Late bid won."""

    code = "R030"
    reads_awards_and_bids = True

    def fold(self, state: _State, release: _Release) -> None:
        end_date = release.tender_period.get("endDate")
        if not isinstance(end_date, str) or not release.supplier_ids:
            return
        for status, _, tenderer_ids, _, bid_date in release.bids:
            # Cardinal compares the dates as text, not as instants.
            if status != "valid" or bid_date is None or bid_date <= end_date:
                continue
            for identifier in tenderer_ids:
                if identifier in release.supplier_ids:
                    state.flag("OCID", release.ocid, "R030", 1.0)
                    state.flag("Tenderer", identifier, "R030", 1.0)


class _R035(_Indicator):
    """All except the winning bid disqualified."""

    code = "R035"
    reads_awards_and_bids = True

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.threshold = max(self.options.get("threshold", 1), 1)

    def fold(self, state: _State, release: _Release) -> None:
        # Several winners are not a red flag: a buyer can combine bids into one award and then sign several contracts.
        if not release.awards_are_final or len(release.supplier_ids) != 1:
            return
        valid: set[str] = set()
        disqualified_ids: set[str] = set()
        for status, _, tenderer_ids, _, _ in release.bids:
            if status == "valid":
                valid.update(tenderer_ids)
                # Another valid tenderer than the winner: not raised.
                if len(valid) > 1:
                    return
            elif status == "disqualified":
                disqualified_ids.update(tenderer_ids)
        if valid == release.supplier_ids:
            disqualified = len(disqualified_ids - valid)
            if disqualified >= self.threshold:
                state.flag("OCID", release.ocid, "R035", float(disqualified))
                state.flag("Tenderer", next(iter(valid)), "R035", 0.0)


class _R036(_Indicator):
    """Lowest bid disqualified."""

    code = "R036"
    reads_awards_and_bids = True

    def fold(self, state: _State, release: _Release) -> None:
        if not release.active_awards or not release.compares_prices:
            return
        lowest_amount = None
        lowest_is_disqualified = has_valid_bid = False
        for status, price, _, _, _ in release.bids:
            if price is None:
                continue
            amount, currency = price
            if currency != state.currency and not state.in_compared_currency(currency, self.settings):
                continue
            if lowest_amount is None or amount < lowest_amount:
                lowest_amount = amount
                lowest_is_disqualified = status == "disqualified"
            has_valid_bid = has_valid_bid or status == "valid"
        if has_valid_bid and lowest_is_disqualified:
            state.flag("OCID", release.ocid, "R036", 1.0)


class _R038(_Indicator):
    """Excessive disqualified bids, per buyer, procuring entity and tenderer."""

    code = "R038"
    reads_awards_and_bids = True

    def fold(self, state: _State, release: _Release) -> None:
        if not release.bids:
            return
        disqualified = 0
        submitted_by, disqualified_by = state.r038_submitted["Tenderer"], state.r038_disqualified["Tenderer"]
        for status, _, tenderer_ids, _, _ in release.bids:
            is_disqualified = status == "disqualified"
            disqualified += is_disqualified
            for identifier in tenderer_ids:
                submitted_by[identifier] = submitted_by.get(identifier, 0) + 1
                if is_disqualified:
                    disqualified_by[identifier] = disqualified_by.get(identifier, 0) + 1
        organizations = (
            ("Buyer", _member(release.data.get("buyer"), "id", str)),
            ("ProcuringEntity", _member(release.tender.get("procuringEntity"), "id", str)),
        )
        for group, identifier in organizations:
            if identifier is not None:
                submitted_by = state.r038_submitted[group]
                submitted_by[identifier] = submitted_by.get(identifier, 0) + len(release.bids)
                if disqualified:
                    disqualified_by = state.r038_disqualified[group]
                    disqualified_by[identifier] = disqualified_by.get(identifier, 0) + disqualified

    def finalize(self, state: _State) -> None:
        # Cardinal compares minimum_contracting_processes with the organization's number of submitted bids, not of
        # processes (its example 038 relies on it).
        minimum_processes = self.options.get("minimum_contracting_processes", 2)
        minimums = {"Buyer": minimum_processes, "ProcuringEntity": minimum_processes}
        minimums["Tenderer"] = self.options.get("minimum_submitted_bids", 2)
        for group, minimum in minimums.items():
            disqualified_by = state.r038_disqualified[group]
            ratios = {
                identifier: disqualified_by.get(identifier, 0) / submitted
                for identifier, submitted in state.r038_submitted[group].items()
                if submitted >= minimum
            }
            if not ratios:
                continue
            upper_fence = self.options.get("threshold")
            if upper_fence is None:
                q1, q3 = _quartiles(ratios.values())
                state.note("R038", f"{group}_q1", q1)
                state.note("R038", f"{group}_q3", q3)
                upper_fence = _fused_multiply_add(q3 - q1, 1.5, q3)
            state.note("R038", f"{group}_upper_fence", upper_fence)
            # Ratios are never negative: a fence not above 0 would flag every organization, so Cardinal flags none.
            if upper_fence > 0:
                for identifier, ratio in ratios.items():
                    if ratio >= upper_fence:
                        state.flag(group, identifier, "R038", ratio)


class _R048(_Indicator):
    """Heterogeneous supplier."""

    code = "R048"
    reads_awards_and_bids = True

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.digits = self.options.get("digits", 2)

    def fold(self, state: _State, release: _Release) -> None:
        counted = set()
        for award in release.active_awards:
            items = award.get("items")
            suppliers = award.get("suppliers")
            # Not all suppliers of an award need supply all its items, so only single-supplier awards count.
            if not isinstance(items, list) or not isinstance(suppliers, list) or len(suppliers) != 1:
                continue
            supplier_id = _member(suppliers[0], "id", str)
            if supplier_id is None:
                continue
            for item in items:
                classification_id = _member(_member(item, "classification", dict), "id", str)
                if classification_id is None:
                    continue
                entry = state.r048_suppliers.setdefault(supplier_id, [0, set()])
                if supplier_id not in counted:
                    counted.add(supplier_id)
                    entry[0] += 1
                entry[1].add(classification_id[:self.digits])

    def finalize(self, state: _State) -> None:
        minimum = self.options.get("minimum_contracting_processes", 20)
        # Suppliers awarded in fewer processes are neither in the fence nor flagged.
        varieties = {
            identifier: float(len(prefixes))
            for identifier, (processes, prefixes) in state.r048_suppliers.items()
            if processes >= minimum
        }
        upper_fence = self.options.get("threshold")
        if upper_fence is None:
            q1, q3 = _quartiles(varieties.values())
            state.note("R048", "q1", q1)
            state.note("R048", "q3", q3)
            upper_fence = _fused_multiply_add(q3 - q1, 1.5, q3)
        else:
            upper_fence = float(upper_fence)
        state.note("R048", "upper_fence", upper_fence)
        for identifier, variety in varieties.items():
            if variety >= upper_fence:
                state.flag("Tenderer", identifier, "R048", variety)


class _R058(_Indicator):
    """Heavily discounted bid: a second-lowest ratio at or above the upper fence."""

    code = "R058"

    def finalize(self, state: _State) -> None:
        upper_fence = self.options.get("threshold")
        if upper_fence is None:
            q1, q3 = state.second_lowest_quartiles()
            state.note("R058", "q1", q1)
            state.note("R058", "q3", q3)
            upper_fence = _fused_multiply_add(q3 - q1, 1.5, q3)
        state.note("R058", "upper_fence", upper_fence)
        # Ratios are never negative: a fence not above 0 would flag every process, so Cardinal flags none.
        if upper_fence > 0:
            for ocid, (ratio, winner, _) in state.second_lowest_bids.items():
                if ratio >= upper_fence:
                    state.flag("OCID", ocid, "R058", ratio)
                    state.flag("Tenderer", winner, "R058", 0.0)


_INDICATORS = {
    indicator.code: indicator
    for indicator in (_R003, _R018, _R024, _R025, _R028, _R030, _R035, _R036, _R038, _R048, _R058)
}
CODES = tuple(_INDICATORS)


def compute(releases: Iterable[dict], settings: Settings, meta: bool = True) -> dict:
    """Compute the enabled indicators over compiled releases, read once and not kept, into Cardinal's result object.

    Groups (OCID, Buyer, ProcuringEntity, Tenderer) appear only when not empty. With `meta`, the "Meta" key holds the
    quartiles and fences used, rounded to 4 decimals, as Cardinal prints it unless --no-meta.
    """
    indicators: list[_Indicator] = []
    if "R024" in settings.indicators or "R058" in settings.indicators:
        indicators.append(_SecondLowestBidRatio(settings))
    indicators += [indicator(settings) for code, indicator in _INDICATORS.items() if code in settings.indicators]
    if None not in (settings.no_price_comparison_procurement_methods, settings.price_comparison_procurement_methods):
        _LOGGER.warning(
            "no_price_comparison_procurement_methods has no effect if price_comparison_procurement_methods is set."
        )
    excluded = _pipe_separated(settings.excluded_procurement_method_details)
    price_comparison = _pipe_separated(settings.price_comparison_procurement_methods)
    no_price_comparison = _pipe_separated(settings.no_price_comparison_procurement_methods)
    reads_awards_and_bids = any(indicator.reads_awards_and_bids for indicator in indicators)
    # Some indicators only finalize.
    folds = [indicator.fold for indicator in indicators if type(indicator).fold is not _Indicator.fold]

    state = _State()
    for release in releases:
        ocid = _member(release, "ocid", str)
        if ocid is None:
            continue
        tender = release.get("tender")
        if not isinstance(tender, dict):
            tender = {}
        details = tender.get("procurementMethodDetails")
        if not isinstance(details, str):
            details = None
        if tender.get("status") == "cancelled" or details in excluded:
            continue
        compares_prices = _matches_procurement_method_details(details, price_comparison, no_price_comparison)
        view = _Release(release, ocid, tender, details, compares_prices, reads_awards_and_bids)
        for fold in folds:
            fold(state, view)
    for indicator in indicators:
        indicator.finalize(state)

    output: dict[str, Any] = {
        group: {
            identifier: {code: _json_number(value) for code, value in values.items()}
            for identifier, values in found.items()
        }
        for group, found in state.results.items()
        if found
    }
    if meta:
        output["Meta"] = {
            code: {key: _rounded(value) for key, value in values.items()} for code, values in state.meta.items()
        }
    return output
