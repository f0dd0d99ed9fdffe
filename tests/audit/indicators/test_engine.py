"""Cardinal's red-flag indicators (docs/indicators.md): Cardinal's own examples give its output, and hand-made releases
show each rule, exclusion, fence and setting, with the expected values computed by hand in the comments."""
import json
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from audit.indicators.operations import engine
from audit.indicators.operations.engine import SettingsError, compute, parse_settings, read_jsonl

# tests/audit/indicators/test_engine.py → parents[4] is the folder holding the project and shared/.
EXAMPLES = Path(__file__).resolve().parents[4] / "shared" / "ocds" / "cardinal-examples"
CODES = ["R003", "R018", "R024", "R025", "R028", "R030", "R035", "R036", "R038", "R048", "R058"]


def bid(tenderer, amount=None, status="valid", currency="USD", **fields):
    details = {"status": status, "tenderers": [{"id": tenderer}], **fields}
    if amount is not None:
        details["value"] = {"amount": amount, "currency": currency}
    return details


def award(supplier, status="active", **fields):
    return {"status": status, "suppliers": [{"id": supplier}], **fields}


def release(ocid, bids=None, awards=None, **fields):
    data = {"ocid": ocid, **fields}
    if bids is not None:
        data["bids"] = {"details": bids}
    if awards is not None:
        data["awards"] = awards
    return data


def run(releases, ini, meta=False):
    # An iterator, read once, as a file's lines are.
    return compute(iter(releases), parse_settings(ini), meta=meta)


# Cardinal's examples (its docs/examples/R, run there with --no-meta).

@pytest.mark.parametrize("code", CODES)
def test_cardinal_example(code):
    if not EXAMPLES.is_dir():
        pytest.skip(f"Cardinal's examples are not at {EXAMPLES}")
    number = code.removeprefix("R")
    ini = EXAMPLES / f"{number}.ini"
    settings = parse_settings((ini if ini.exists() else EXAMPLES / "settings.ini").read_text(encoding="utf-8"))
    errors = []
    with (EXAMPLES / f"{number}.jsonl").open(encoding="utf-8") as lines:
        result = compute((data for _, data in read_jsonl(lines, errors)), settings, meta=False)
    assert errors == []
    assert result == json.loads((EXAMPLES / f"{number}.expected").read_text(encoding="utf-8"))


# R003.

def period(start, end, **tender):
    return {"tenderPeriod": {"startDate": start, "endDate": end}, **tender}


def test_r003_counts_whole_days_between_instants():
    releases = [
        # 14 days 23:59:59 → 14 whole days < 15: raised.
        release("A", tender=period("2020-01-01T00:00:00Z", "2020-01-15T23:59:59Z")),
        # 15 days: not raised.
        release("B", tender=period("2020-01-01T00:00:00Z", "2020-01-16T00:00:00Z")),
        # Starts 2019-12-31T22:00Z, so 15 days 1 hour: not raised (reading the local times would give 14 days).
        release("C", tender=period("2020-01-01T00:00:00+02:00", "2020-01-15T23:00:00Z")),
        # No offset is not RFC 3339: skipped.
        release("D", tender=period("2020-01-01T00:00:00", "2020-01-02T00:00:00Z")),
        # Ends before it starts: −31 days < 15, raised.
        release("E", tender=period("2020-01-01T00:00:00Z", "2019-12-01T00:00:00Z")),
    ]
    assert run(releases, "[R003]") == {"OCID": {"A": {"R003": 1.0}, "E": {"R003": 1.0}}}


def test_r003_threshold_per_method_details_and_method_filter():
    nine_days = ("2020-01-01T00:00:00Z", "2020-01-10T00:00:00Z")
    releases = [
        # 9 days ≥ the 5 set for emergency: not raised.
        release("A", tender=period(*nine_days, procurementMethod="open", procurementMethodDetails="emergency")),
        # 9 days < the general 10: raised.
        release("B", tender=period(*nine_days, procurementMethod="open", procurementMethodDetails="national")),
        # Not an open or selective method, or no method at all: skipped.
        release("C", tender=period(*nine_days, procurementMethod="direct")),
        release("D", tender=period(*nine_days)),
    ]
    ini = """
[R003]
threshold = 10
procurement_methods = open|selective

[R003.procurement_method_details]
emergency = 5
"""
    assert run(releases, ini) == {"OCID": {"B": {"R003": 1.0}}}


def test_exclusions_cancelled_processes_and_releases_without_ocid_are_left_out():
    nine_days = period("2020-01-01T00:00:00Z", "2020-01-10T00:00:00Z")
    releases = [
        release("A", tender=nine_days | {"procurementMethodDetails": "Random Selection"}),
        release("B", tender=nine_days | {"status": "cancelled"}),
        release("C", tender=nine_days),
        {"tender": nine_days},
        ["not", "an", "object"],
    ]
    ini = "[exclusions]\nprocurement_method_details = Random Selection|Lottery\n\n[R003]\n"
    assert run(releases, ini) == {"OCID": {"C": {"R003": 1.0}}}
    assert run(releases, "[R003]") == {"OCID": {"A": {"R003": 1.0}, "C": {"R003": 1.0}}}


# R018.

def test_r018_one_tenderer_in_open_or_selective_methods():
    releases = [
        release("A", tender={"numberOfTenderers": 1, "procurementMethod": "open"}),
        release("B", tender={"numberOfTenderers": 1, "procurementMethod": "direct"}),
        release("C", tender={"numberOfTenderers": 2, "procurementMethod": "selective"}),
        # Cardinal reads the number as an unsigned integer: 1.0 is not 1 there.
        release("D", tender={"numberOfTenderers": 1.0, "procurementMethod": "open"}),
    ]
    assert run(releases, "[R018]") == {"OCID": {"A": {"R018": 1.0}}}
    assert run(releases, "[R018]\nprocurement_methods = direct") == {"OCID": {"B": {"R018": 1.0}}}


# R024 and R058: the second-lowest ratio (second-lowest valid bid − winning bid) / winning bid.

def gap(ocid, winning, second):
    return release(ocid, bids=[bid(f"W{ocid}", winning), bid(f"L{ocid}", second)], awards=[award(f"W{ocid}")])


# Twelve ratios: sorted, the 3rd and 4th are 0.25 and the 9th and 10th 0.375.
# Q1: h = (12 + 1/3)·0.25 + 1/3 = 3.42, between the 3rd and 4th → 0.25; Q3: h = (12 + 1/3)·0.75 + 1/3 = 9.58 → 0.375.
# IQR = 0.125, so the lower fence is 0.25 − 0.1875 = 0.0625 and the upper fence 0.375 + 0.1875 = 0.5625, exactly.
GAPS = [
    gap("P00", 16, 17),  # 1/16 = 0.0625: on the lower fence, raised by R024
    gap("P01", 10000, 10626),  # 0.0626: just above it
    gap("P02", 4, 5), gap("P03", 4, 5), gap("P04", 4, 5),  # 0.25
    gap("P05", 16, 21), gap("P06", 16, 21),  # 0.3125
    gap("P07", 8, 11), gap("P08", 8, 11), gap("P09", 8, 11),  # 0.375
    gap("P10", 10000, 15624),  # 0.5624: just below the upper fence
    gap("P11", 16, 25),  # 9/16 = 0.5625: on the upper fence, raised by R058
]


def test_r024_and_r058_fences_include_the_value_on_the_fence():
    expected = {
        "OCID": {"P00": {"R024": 0.0625}, "P11": {"R058": 0.5625}},
        # R024 flags the winner and the second-lowest bidder, R058 the winner.
        "Tenderer": {"WP00": {"R024": 0.0}, "LP00": {"R024": 0.0}, "WP11": {"R058": 0.0}},
    }
    meta = {
        "R024": {"q1": 0.25, "q3": 0.375, "lower_fence": 0.0625},
        "R058": {"q1": 0.25, "q3": 0.375, "upper_fence": 0.5625},
    }
    assert run(GAPS, "[R024]\n[R058]", meta=True) == expected | {"Meta": meta}
    assert run(GAPS, "[R024]\n[R058]", meta=False) == expected


def test_r024_and_r058_threshold_replaces_the_fence():
    result = run(GAPS, "[R024]\nthreshold = 0.25\n[R058]\nthreshold = 0.5", meta=True)
    # Ratios ≤ 0.25: P00 to P04; ratios ≥ 0.5: P10 and P11.
    assert result["OCID"] == {
        "P00": {"R024": 0.0625}, "P01": {"R024": 0.0626}, "P02": {"R024": 0.25}, "P03": {"R024": 0.25},
        "P04": {"R024": 0.25}, "P10": {"R058": 0.5624}, "P11": {"R058": 0.5625},
    }
    assert result["Meta"] == {"R024": {"lower_fence": 0.25}, "R058": {"upper_fence": 0.5}}


def test_second_lowest_ratio_exclusions():
    releases = [
        # (110 − 100) / 100 = 0.1.
        release("A", bids=[bid("W", 100), bid("L", 110), bid("M", 120)], awards=[award("W")]),
        # An award still pending; two active awards; the winner's bid not the lowest: excluded.
        release("B", bids=[bid("W", 100), bid("L", 110)], awards=[award("W"), award("X", status="pending")]),
        release("C", bids=[bid("W", 100), bid("L", 110)], awards=[award("W"), award("L")]),
        release("D", bids=[bid("W", 120), bid("L", 110)], awards=[award("W")]),
        # Only valid bids count: (150 − 100) / 100 = 0.5.
        release("E", bids=[bid("W", 100), bid("L", 104, status="disqualified"), bid("M", 150)], awards=[award("W")]),
        # A bid in another currency than the first seen (USD) is skipped, a cancelled award ignored: 0.3.
        release(
            "F", bids=[bid("W", 100), bid("L", 90, currency="EUR"), bid("M", 130)],
            awards=[award("W"), award("Z", status="cancelled")],
        ),
        # Prices set by the buyer: excluded.
        release("G", bids=[bid("W", 100), bid("L", 105)], awards=[award("W")],
                tender={"procurementMethodDetails": "Random Selection"}),
        # Amounts read as decimals: (110.0 − 100) / 100 = 0.1.
        release("H", bids=[bid("W", Decimal("100")), bid("N", Decimal("110.0"))], awards=[award("W")]),
    ]
    ini = "no_price_comparison_procurement_methods = Random Selection\n[R024]\nthreshold = 10\n"
    assert run(releases, ini) == {
        "OCID": {"A": {"R024": 0.1}, "E": {"R024": 0.5}, "F": {"R024": 0.3}, "H": {"R024": 0.1}},
        "Tenderer": {"W": {"R024": 0.0}, "L": {"R024": 0.0}, "M": {"R024": 0.0}, "N": {"R024": 0.0}},
    }


def test_price_comparison_procurement_methods_keep_only_those_methods():
    auction = {"procurementMethodDetails": "Reverse Auction"}
    releases = [
        release("A", bids=[bid("W", 100), bid("L", 110)], awards=[award("W")], tender=auction),
        # No method details, or others: left out of the price comparisons.
        release("B", bids=[bid("W", 100), bid("L", 110)], awards=[award("W")]),
        release("C", bids=[bid("W", 100), bid("L", 100)], tender={"procurementMethodDetails": "Tender"}),
    ]
    ini = "price_comparison_procurement_methods = Reverse Auction\n[R024]\nthreshold = 10\n[R028]\n"
    assert run(releases, ini) == {
        "OCID": {"A": {"R024": 0.1}},
        "Tenderer": {"W": {"R024": 0.0}, "L": {"R024": 0.0}},
    }


# R025.

R025_RELEASES = [
    # A bids twice in P1 and counts once. A: 1 win in 4 processes (0.25), B: 1 in 2 (0.5), C: 2 in 2 (1.0).
    release("P1", bids=[bid("A"), bid("A"), bid("B")], awards=[award("A")]),
    release("P2", bids=[bid("A"), bid("B")], awards=[award("B")]),
    release("P3", bids=[bid("A"), bid("C")], awards=[award("C")]),
    release("P4", bids=[bid("A"), bid("C")], awards=[award("C")]),
    # An award still pending: excluded (A would have 5 processes).
    release("P5", bids=[bid("A"), bid("C")], awards=[award("C"), award("X", status="pending")]),
]


def test_r025_top_tenderer_with_few_wins():
    # Processes per tenderer, sorted: 2, 2, 4. 75th percentile: h = (3 + 1/3)·0.75 + 1/3 = 2.83 → 2 + 0.83·(4 − 2)
    # = 3.6667. A: 4 ≥ 3.6667 and 0.25 ≤ 0.5: raised; B has 2 processes.
    result = run(R025_RELEASES, "[R025]\nthreshold = 0.5", meta=True)
    assert result == {
        "Tenderer": {"A": {"R025": 0.25}},
        "Meta": {"R025": {"upper_fence": 3.6667, "lower_fence": 0.5}},
    }
    # 50th percentile: h = (3 + 1/3)·0.5 + 1/3 = 2 → 2. B: 2 ≥ 2 and 0.5 ≤ 0.5: raised too.
    assert run(R025_RELEASES, "[R025]\nthreshold = 0.5\npercentile = 50") == {
        "Tenderer": {"A": {"R025": 0.25}, "B": {"R025": 0.5}},
    }


def test_r025_not_raised_below_a_positive_fence():
    # Ratios 0.25, 0.5, 1.0. Q1: h = 1.17 → 0.25 + (1/6)·0.25 = 0.2917; Q3: h = 2.83 → 0.5 + (5/6)·0.5 = 0.9167;
    # lower fence 0.2917 − 1.5·0.625 = −0.6458: not positive, nothing raised.
    assert run(R025_RELEASES, "[R025]", meta=True) == {
        "Meta": {"R025": {"q1": 0.2917, "q3": 0.9167, "upper_fence": 3.6667, "lower_fence": -0.6458}},
    }


# R028.

def test_r028_same_price_from_different_tenderers():
    releases = [
        release("A", bids=[bid("T1", 100), bid("T2", 100)]),
        # The same tenderer twice at one price; one price in two currencies; an invited bid: not raised.
        release("B", bids=[bid("T3", 100), bid("T3", 100)]),
        release("C", bids=[bid("T4", 100), bid("T5", 100, currency="EUR")]),
        release("E", bids=[bid("T8", 100, status="invited"), bid("T9", 100)]),
        # Any submitted status counts, and 100 and 100.0 are one price: raised.
        release("D", bids=[bid("T6", 100, status="disqualified"), bid("T7", 100.0, status="pending")]),
    ]
    assert run(releases, "[R028]") == {
        "OCID": {"A": {"R028": 1.0}, "D": {"R028": 1.0}},
        "Tenderer": {"T1": {"R028": 1.0}, "T2": {"R028": 1.0}, "T6": {"R028": 1.0}, "T7": {"R028": 1.0}},
    }


# R030.

def test_r030_late_bid_won():
    end = {"tenderPeriod": {"endDate": "2020-01-10T00:00:00Z"}}
    releases = [
        # The winner's valid bid came a second late: raised.
        release("A", tender=end, awards=[award("W")],
                bids=[bid("W", date="2020-01-10T00:00:01Z"), bid("L", date="2020-01-09T00:00:00Z")]),
        # The winner on time (at the end date) and a late loser; a late winner whose award is pending: not raised.
        release("B", tender=end, awards=[award("W")],
                bids=[bid("W", date="2020-01-10T00:00:00Z"), bid("L", date="2020-01-11T00:00:00Z")]),
        release("C", tender=end, awards=[award("V", status="pending")], bids=[bid("V", date="2020-01-11T00:00:00Z")]),
        # Cardinal compares the dates as text: 01:00+02:00 is 23:00Z the day before, yet it comes after and is raised.
        release("D", tender=end, awards=[award("X")], bids=[bid("X", date="2020-01-10T01:00:00+02:00")]),
    ]
    assert run(releases, "[R030]") == {
        "OCID": {"A": {"R030": 1.0}, "D": {"R030": 1.0}},
        "Tenderer": {"W": {"R030": 1.0}, "X": {"R030": 1.0}},
    }


# R035.

R035_RELEASES = [
    # Two others disqualified: 2.
    release("A", bids=[bid("V"), bid("D1", status="disqualified"), bid("D2", status="disqualified")],
            awards=[award("V")]),
    # Two tenderers with valid bids; an award still pending: not raised.
    release("B", bids=[bid("V"), bid("W"), bid("D1", status="disqualified")], awards=[award("V")]),
    release("C", bids=[bid("V"), bid("D1", status="disqualified")], awards=[award("V"), award("X", status="pending")]),
    # The winner's own disqualified bid does not count: 1.
    release("E", bids=[bid("U"), bid("U", status="disqualified"), bid("D3", status="disqualified")],
            awards=[award("U")]),
]


def test_r035_all_except_the_winning_bid_disqualified():
    assert run(R035_RELEASES, "[R035]") == {
        "OCID": {"A": {"R035": 2.0}, "E": {"R035": 1.0}},
        "Tenderer": {"V": {"R035": 0.0}, "U": {"R035": 0.0}},
    }
    assert run(R035_RELEASES, "[R035]\nthreshold = 2") == {
        "OCID": {"A": {"R035": 2.0}},
        "Tenderer": {"V": {"R035": 0.0}},
    }


# R036.

def test_r036_lowest_bid_disqualified():
    releases = [
        release("A", bids=[bid("D", 90, status="disqualified"), bid("V", 100)], awards=[award("V")]),
        # The lowest bid valid; no active award; no valid bid with an amount: not raised.
        release("B", bids=[bid("D", 110, status="disqualified"), bid("V", 100)], awards=[award("V")]),
        release("C", bids=[bid("D", 90, status="disqualified"), bid("V", 100)], awards=[award("V", status="pending")]),
        release("E", bids=[bid("D", 90, status="disqualified"), bid("V")], awards=[award("V")]),
        # Prices set by the buyer.
        release("F", bids=[bid("D", 90, status="disqualified"), bid("V", 100)], awards=[award("V")],
                tender={"procurementMethodDetails": "Lottery"}),
    ]
    ini = "no_price_comparison_procurement_methods = Lottery\n[R036]"
    assert run(releases, ini) == {"OCID": {"A": {"R036": 1.0}}}


# R038.

R038_RELEASES = [
    release("P1", buyer={"id": "B1"}, tender={"procuringEntity": {"id": "E1"}},
            bids=[bid("T1", status="disqualified"), bid("T2")]),
    release("P2", buyer={"id": "B1"}, tender={"procuringEntity": {"id": "E1"}},
            bids=[bid("T1", status="disqualified"), bid("T3")]),
    release("P3", buyer={"id": "B2"}, tender={"procuringEntity": {"id": "E2"}}, bids=[bid("T2"), bid("T3")]),
    release("P4", buyer={"id": "B2"}, bids=[bid("T4", status="disqualified")]),
    release("P5", buyer={"id": "B3"}, bids=[bid("T5", status="disqualified"), bid("T5")]),
]


def test_r038_disqualified_share_per_buyer_procuring_entity_and_tenderer():
    # Buyers: B1 2/4 = 0.5, B2 1/3, B3 1/2 = 0.5. Cardinal compares minimum_contracting_processes with the submitted
    # bids, so B3 (one process, two bids) counts. Procuring entities: E1 2/4 = 0.5, E2 0/2. Tenderers: T1 2/2 = 1.0,
    # T2 0/2, T3 0/2, T5 1/2 = 0.5; T4 has one bid, below the minimum of 2.
    assert run(R038_RELEASES, "[R038]\nthreshold = 0.5", meta=True) == {
        "Buyer": {"B1": {"R038": 0.5}, "B3": {"R038": 0.5}},
        "ProcuringEntity": {"E1": {"R038": 0.5}},
        "Tenderer": {"T1": {"R038": 1.0}, "T5": {"R038": 0.5}},
        "Meta": {"R038": {"Buyer_upper_fence": 0.5, "ProcuringEntity_upper_fence": 0.5, "Tenderer_upper_fence": 0.5}},
    }


def test_r038_minimums():
    # At least 3 bids: buyers B1 (4) and B2 (3), procuring entity E1 (4), no tenderer (so no fence for them).
    ini = "[R038]\nthreshold = 0.5\nminimum_submitted_bids = 3\nminimum_contracting_processes = 3"
    assert run(R038_RELEASES, ini, meta=True) == {
        "Buyer": {"B1": {"R038": 0.5}},
        "ProcuringEntity": {"E1": {"R038": 0.5}},
        "Meta": {"R038": {"Buyer_upper_fence": 0.5, "ProcuringEntity_upper_fence": 0.5}},
    }


# R048.

def classified(supplier, *codes, status="active"):
    return award(supplier, status=status, items=[{"classification": {"id": code}} for code in codes])


R048_RELEASES = [
    # S1, in 2 processes: prefixes 10, 20 (and 1011, 2011, 1022 on 4 digits).
    release("P1", awards=[classified("S1", "10111111", "20111111")]),
    release("P2", awards=[classified("S1", "10222222")]),
    # S2 in 1 process only: below the minimum, neither in the fence nor raised.
    release("P3", awards=[classified("S2", "30111111", "40111111", "50111111")]),
    # An award to two suppliers and one still pending: not counted.
    release("P4", awards=[classified("S1", "60111111") | {"suppliers": [{"id": "S1"}, {"id": "S3"}]}]),
    release("P5", awards=[classified("S1", "70111111", status="pending")]),
]


def test_r048_heterogeneous_supplier():
    ini = "[R048]\nthreshold = 2\nminimum_contracting_processes = 2"
    assert run(R048_RELEASES, ini, meta=True) == {
        "Tenderer": {"S1": {"R048": 2.0}},
        "Meta": {"R048": {"upper_fence": 2.0}},
    }
    assert run(R048_RELEASES, ini + "\ndigits = 4") == {"Tenderer": {"S1": {"R048": 3.0}}}
    assert run(R048_RELEASES, "[R048]\nthreshold = 3\nminimum_contracting_processes = 2") == {}


# Meta.

def test_meta_is_printed_even_when_empty_and_nan_becomes_null():
    assert run([], "[R028]", meta=True) == {"Meta": {}}
    # Quartiles of no values are NaN in Cardinal, which serde_json prints as null.
    assert run([], "[R024]", meta=True) == {"Meta": {"R024": {"q1": None, "q3": None, "lower_fence": None}}}
    assert run([], "[R024]", meta=False) == {}


def test_quartiles_follow_cardinal_where_numpy_rounds_otherwise():
    values = [0.3754223950409733, 50.30499494951645]
    # n = 2, median: h = (2 + 1/3)·0.5 + 1/3 = 1.5, so statrs gives x1 + 0.5·(x2 − x1); numpy computes
    # x2 − 0.5·(x2 − x1), one ulp away.
    median = engine._quantile(values, 0.5)
    assert median == values[0] + 0.5 * (values[1] - values[0])
    assert median != np.quantile(values, 0.5, method="median_unbiased")
    assert median == pytest.approx(np.quantile(values, 0.5, method="median_unbiased"), rel=1e-15)
    # Edge rules: Q1's h = 0.92 ≤ 1 gives the minimum, Q3's h = 2.08 ≥ n the maximum; numpy agrees there.
    assert engine._quantile(values, 0.25) == values[0] == np.quantile(values, 0.25, method="median_unbiased")
    assert engine._quantile(values, 0.75) == values[1] == np.quantile(values, 0.75, method="median_unbiased")
    rng = np.random.default_rng(7)
    for size in range(1, 40):
        sample = sorted(rng.random(size).tolist())
        for tau in (0.25, 0.5, 0.75, 0.9):
            assert engine._quantile(sample, tau) == pytest.approx(np.quantile(sample, tau, method="median_unbiased"))


# JSON lines.

def test_malformed_lines_are_reported_by_number_and_skipped():
    lines = [
        '{"ocid": "A", "tender": {"numberOfTenderers": 1, "procurementMethod": "open"}}\n',
        "\n",
        "{bad\n",
        "[1, 2]\n",
        '{"ocid": "N", "value": NaN}\n',
        b'{"ocid": "\xff"}\n',
        '{"ocid": "B", "tender": {"numberOfTenderers": 1, "procurementMethod": "open"}}\r\n',
    ]
    errors = []
    read = list(read_jsonl(lines, errors))
    assert [number for number, _ in read] == [1, 7]
    assert [number for number, _ in errors] == [3, 4, 5, 6]
    assert "invalid JSON" in errors[0][1]
    assert "not a JSON object" in errors[1][1]
    assert "NaN" in errors[2][1]
    assert "UTF-8" in errors[3][1]
    result = compute((data for _, data in read_jsonl(lines, [])), parse_settings("[R018]"), meta=False)
    assert result == {"OCID": {"A": {"R018": 1.0}, "B": {"R018": 1.0}}}


# Settings.

def test_settings_accept_cardinal_files():
    settings = parse_settings("""\
; Cardinal's own settings file, as `ocdscardinal init` writes it, with some values set.
currency = USD
no_price_comparison_procurement_methods = "Random Selection"

[output]
info_currency_mismatches = true

[defaults]
bid_status = valid

[codelists.bid_status]
qualified = valid

[exclusions]
# A comment.
procurement_method_details = Lottery|Draw

[R003]
threshold = 10

[R003.procurement_method_details]
emergency = 5

[R028]
""")
    assert settings.currency == "USD"
    assert settings.no_price_comparison_procurement_methods == "Random Selection"
    assert settings.excluded_procurement_method_details == "Lottery|Draw"
    assert settings.info_currency_mismatches is True
    assert settings.indicators == {
        "R003": {"threshold": 10, "procurement_method_details": {"emergency": 5}},
        "R028": {},
    }


@pytest.mark.parametrize(("text", "message"), [
    ("[R024]\nthreshhold = 0.1", "unknown key 'threshhold' in [R024]; allowed: threshold"),
    ("[R024]\nthreshold = abc", "[R024] threshold: expected a number, got 'abc'"),
    ("[R024]\nthreshold = 0.05 ; default", "[R024] threshold: expected a number, got '0.05 ; default'"),
    ("[R025]\npercentile = -5", "[R025] percentile: expected a natural number, got '-5'"),
    ("[R003.procurement_method_details]\nemergency = soon", "[R003.procurement_method_details] emergency: expected an"),
    ("[R099]", "unknown section 'R099'"),
    ("[r024]", "unknown section 'r024'"),
    ("curency = USD", "unknown key 'curency' before the first section"),
    ("[R024]\nthreshold", "line 2: expected 'key = value', got 'threshold'"),
    ("[R024 ; all defaults", "line 1: a section name must end with ']'"),
])
def test_settings_errors_say_what_and_where(text, message):
    with pytest.raises(SettingsError) as error:
        parse_settings(text)
    assert message in str(error.value)


# Fast paths that must read as the plain ones.

def test_rfc3339_dates_read_as_chrono_reads_them():
    releases = [
        # Year 0 (a leap year in chrono): 9 days, raised.
        release("A", tender=period("0000-02-28T00:00:00Z", "0000-03-08T00:00:00Z")),
        # A lower-case t and z, or a space: 9 days, raised.
        release("B", tender=period("2020-01-01t00:00:00z", "2020-01-10 00:00:00Z")),
        # A leap second is :59 and a second billion of nanoseconds. Ending on one, 14 days 23:59:60 is 15 days: not
        # raised. Starting on one, 00:00:60 to 00:00:59 15 days later is a second short of 15 days: raised.
        release("C", tender=period("2020-01-01T00:00:00Z", "2020-01-15T23:59:60Z")),
        release("D", tender=period("2020-01-01T00:00:60Z", "2020-01-16T00:00:59Z")),
        # Fractions beyond nanoseconds are cut: 14 days 23:59:59.999999999, raised.
        release("E", tender=period("2020-01-01T00:00:00Z", "2020-01-15T23:59:59.9999999999Z")),
        # Refused by chrono, so skipped: no day 30 in February, hour 24, an offset of a day, minute 60 in an offset.
        release("F", tender=period("2020-02-30T00:00:00Z", "2020-03-01T00:00:00Z")),
        release("G", tender=period("2020-01-01T24:00:00Z", "2020-01-02T00:00:00Z")),
        release("H", tender=period("2020-01-01T00:00:00+24:00", "2020-01-02T00:00:00Z")),
        release("I", tender=period("2020-01-01T00:00:00+01:60", "2020-01-02T00:00:00Z")),
        # Not a string: skipped.
        release("J", tender=period(20200101, "2020-01-02T00:00:00Z")),
    ]
    assert run(releases, "[R003]") == {
        "OCID": {"A": {"R003": 1.0}, "B": {"R003": 1.0}, "D": {"R003": 1.0}, "E": {"R003": 1.0}},
    }


def test_only_finite_numbers_are_amounts():
    releases = [
        # Equal amounts as an int, a float and a decimal: raised.
        release("A", bids=[bid("T1", 100), bid("T2", 100.0), bid("T3", Decimal("100"))]),
        # A boolean or a string is no amount, nor is a number beyond a float: not raised.
        release("B", bids=[bid("T4", True), bid("T5", 1)]),
        release("C", bids=[bid("T6", "100"), bid("T7", 100)]),
        release("D", bids=[bid("T8", 10**400), bid("T9", 10**400)]),
        release("E", bids=[bid("T10", Decimal("1E+400")), bid("T11", Decimal("Infinity"))]),
        release("F", bids=[bid("T12", Decimal("NaN")), bid("T13", Decimal("NaN"))]),
    ]
    assert run(releases, "[R028]") == {
        "OCID": {"A": {"R028": 1.0}},
        "Tenderer": {"T1": {"R028": 1.0}, "T2": {"R028": 1.0}, "T3": {"R028": 1.0}},
    }


def test_a_nan_ratio_is_sorted_last():
    # Ratios 0.25, 0.5 and 0/0 (a winning bid of 0 and a second of 0): sorted with NaN last, Q1: h = 1.17 →
    # 0.25 + (1/6)·0.25 = 0.2917; Q3: h = 2.83, between 0.5 and NaN → NaN, printed as null.
    releases = [gap("P1", 4, 5), gap("P2", 2, 3), gap("P3", 0, 0)]
    assert run(releases, "[R024]", meta=True)["Meta"] == {"R024": {"q1": 0.2917, "q3": None, "lower_fence": None}}


@pytest.mark.parametrize("line", [
    '\ufeff{"ocid": "A"}', '{"ocid": "A"} {}', '{"ocid": "A"', '{"ocid": "A", "value": Infinity}', "[" * 100_000,
])
def test_a_malformed_line_is_reported_as_json_loads_reports_it(line):
    errors = []
    assert list(read_jsonl([line + "\n"], errors)) == []
    with pytest.raises((ValueError, RecursionError)) as error:
        json.loads(line, parse_constant=engine._reject_constant)
    assert errors == [(1, f"invalid JSON ({error.value})")]


def test_whitespace_around_a_release_is_allowed_as_json_loads_allows_it():
    assert list(read_jsonl([' \t{"ocid": "A"} \n'])) == [(1, {"ocid": "A"})]
