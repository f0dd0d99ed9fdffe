"""Open data: the red-flag indicators over COUNT OCDS compiled releases against the time to only parse the same
file line by line with the same JSON library (target <= 3x).

Usage: python benchmarks/open_data.py [COUNT]   (default 100,000). The releases are generated: 2 to 8 bids from a
pool of 2,000 tenderers, one active award, 50 buyers, tender periods of 5 to 40 days, item classifications from 60
CPV-like divisions; every tenth process has a disqualified bid and every fiftieth two equal bid amounts.
"""
import json
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from audit.indicators import engine  # noqa: E402
from audit.indicators.cli import ALL_INDICATORS  # noqa: E402

TARGET = 3.0


def _release(n, rng):
    bidders = rng.sample(range(2000), rng.randint(2, 8))
    amounts = [round(rng.uniform(50_000, 1_000_000), 2) for _ in bidders]
    if n % 50 == 0:
        amounts[1] = amounts[0]
    statuses = ["valid"] * len(bidders)
    if n % 10 == 0:
        statuses[-1] = "disqualified"
    winner = min((a, t) for a, t, s in zip(amounts, bidders, statuses) if s == "valid")[1]
    start = 1_700_000_000 + n * 3600
    end = start + rng.randint(5, 40) * 86400
    iso = lambda seconds: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))  # noqa: E731
    return {
        "ocid": f"ocds-bench-{n}", "buyer": {"id": f"CN-USCC-B{n % 50}"},
        "tender": {"procuringEntity": {"id": "CN-USCC-CENTER"}, "procurementMethod": "open",
                   "procurementMethodDetails": "公开招标",
                   "tenderPeriod": {"startDate": iso(start), "endDate": iso(end)},
                   "items": [{"id": "1", "classification": {"scheme": "CPV", "id": f"{rng.randint(10, 69)}000000"}}]},
        "bids": {"details": [{"id": str(i), "status": status, "date": iso(end - 3600),
                              "tenderers": [{"id": f"CN-USCC-T{t}"}], "value": {"amount": amount, "currency": "CNY"}}
                             for i, (t, amount, status) in enumerate(zip(bidders, amounts, statuses))]},
        "awards": [{"id": "1", "status": "active", "suppliers": [{"id": f"CN-USCC-T{winner}"}]}],
    }


def main(count=100_000):
    rng = random.Random(2026)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as out:
        for n in range(count):
            out.write(json.dumps(_release(n, rng), ensure_ascii=False) + "\n")
        path = out.name
    try:
        settings = engine.parse_settings(ALL_INDICATORS)
        parse_times, indicator_times = [], []
        for _ in range(3):
            began = time.perf_counter()
            with open(path, encoding="utf-8") as lines:
                for line in lines:
                    json.loads(line)
            parse_times.append(time.perf_counter() - began)
            began = time.perf_counter()
            with open(path, encoding="utf-8") as lines:
                errors = []
                result = engine.compute((r for _, r in engine.read_jsonl(lines, errors)), settings, meta=True)
            indicator_times.append(time.perf_counter() - began)
            assert not errors
        parse, indicators = min(parse_times), min(indicator_times)
        raised = sum(len(group) for key, group in result.items() if key != "Meta")
        ratio = indicators / parse
        print(f"parse only: {count:,} compiled releases in {parse:.2f} s")
        print(f"indicators: {count:,} compiled releases in {indicators:.2f} s = {ratio:.2f}x the parse "
              f"({'within' if ratio <= TARGET else 'ABOVE'} the {TARGET:g}x target); {raised:,} flagged subjects")
    finally:
        os.unlink(path)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
