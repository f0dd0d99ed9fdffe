"""Open data, in one run:
- the red-flag indicators over COUNT OCDS compiled releases against the time to only parse the same file line by
  line with the same JSON library (target <= 3x);
- the export (`flask ocds export`'s streaming) of COUNT processes' releases: releases per second, and the peak
  memory of exporting a tenth of them and all of them (flat: the same).

Usage: python benchmarks/open_data.py [COUNT]   (default 100,000; PostgreSQL as the other benchmarks, or
DATABASE_URL). The releases are generated: 2 to 8 bids from a pool of 2,000 tenderers, one active award, 50 buyers,
tender periods of 5 to 40 days, item classifications from 60 CPV-like divisions; every tenth process has a
disqualified bid and every fiftieth two equal bid amounts.
"""
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

os.environ.setdefault("PLATFORM_ENV", "development")

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from audit.indicators.cli import ALL_INDICATORS  # noqa: E402
from audit.indicators.operations import engine  # noqa: E402
from audit.opendata import operations as ocds  # noqa: E402
from audit.opendata.cli import write_package  # noqa: E402
from audit.opendata.models import OcdsRelease  # noqa: E402
from benchmarks._databases import benchmark_database  # noqa: E402
from core import create_app  # noqa: E402
from core.extensions import db  # noqa: E402

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


def _export(count, traced=False):
    """(seconds, peak bytes or None) of writing the first `count` releases as one package, streamed from the
    database (memory traced apart: tracing slows the writing down several times)."""
    with tempfile.TemporaryFile("w", encoding="utf-8") as out:
        if traced:
            tracemalloc.start()
        began = time.perf_counter()
        written = write_package(out, (r for _, r in zip(range(count), ocds.all_releases())), "urn:bench")
        elapsed = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1] if traced else None
        tracemalloc.stop()
    assert written == count
    return elapsed, peak


def export(count):
    """Store `count` generated releases, then stream them out as `flask ocds export` does."""
    url, drop = benchmark_database("bench_open_data")
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            rng = random.Random(7)
            moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
            for first in range(0, count, 5000):
                rows = []
                for n in range(first, min(first + 5000, count)):
                    release = _release(n, rng) | {"id": f"ocds-bench-{n}-1", "date": "2026-01-01T00:00:00Z",
                                                  "tag": ["award"]}
                    rows.append({"ocid": release["ocid"], "release_id": release["id"], "date": moment,
                                 "tag": release["tag"], "data": release})
                db.session.execute(insert(OcdsRelease), rows)
            db.session.commit()
            whole_time = _export(count)[0]
            tenth_peak = _export(count // 10, traced=True)[1]
            whole_peak = _export(count, traced=True)[1]
            dialect = db.engine.dialect.name
            db.session.remove()
            db.engine.dispose()
        print(f"export: {count:,} releases in {whole_time:.2f} s, {count / whole_time:,.0f} releases/s ({dialect})")
        print(f"  peak memory: {tenth_peak / 2**20:.1f} MB for {count // 10:,} releases, "
              f"{whole_peak / 2**20:.1f} MB for {count:,} (x{whole_peak / tenth_peak:.2f} for 10 times as many)")
    finally:
        drop()


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
    export(count)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
