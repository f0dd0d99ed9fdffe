"""Three-in-one scoring speed: the engine against a numpy floor, the evaluate endpoint against a SELECT.

Usage: python benchmarks/scoring.py [BIDS EXPERTS CRITERIA [EP_BIDS EP_EXPERTS EP_CRITERIA]]
(defaults 1000 × 25 × 40 and 200 × 9 × 20).

1. The engine's time for each price method (trimmed technical mean, one bid in 20 invalid) and its
   ratio to the floor: one `scores.mean()` over the same tensor. Target: at most 3×.
2. `POST /api/v1/projects/{id}/evaluate` for EP_BIDS bids scored by EP_EXPERTS experts on
   EP_CRITERIA criteria, against the time to just SELECT the project's score cells (its submitted
   sheets). Target: at most 3×. It runs on PostgreSQL: DATABASE_URL when it names one, else a
   throwaway database created on the local server (127.0.0.1:5432) and dropped afterwards.
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from scoring.engine import evaluate  # noqa: E402

TARGET_RATIO = 3.0


def best_time(function, repeats):
    """The fastest of `repeats` runs, in seconds: the least disturbed by other work."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return min(times)


def main(bids=1000, experts=25, criteria=40, repeats=50):
    rng = np.random.default_rng(2026)
    scores = rng.integers(0, 100 // criteria + 1, size=(experts, bids, criteria)).astype(float)
    prices = rng.uniform(800_000, 1_000_000, bids).round(2)
    credit_scores = rng.integers(60, 101, bids).astype(float)
    valid = rng.random(bids) >= 0.05
    floor = best_time(scores.mean, repeats)
    print(f"floor: scores.mean() over {experts} experts × {bids} bids × {criteria} criteria in {floor * 1000:.3f} ms")
    runs = {
        "lowest": dict(price_method="lowest"),
        "average_deviation": dict(price_method="average_deviation", k=0.97, up_deduction=1, down_deduction=0.5),
    }
    for name, options in runs.items():
        elapsed = best_time(lambda: evaluate(scores, prices, credit_scores, valid, (10, 50, 40), trim=True,
                                             **options), repeats)
        ratio = elapsed / floor
        verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
        print(f"engine ({name}): {elapsed * 1000:.3f} ms = {ratio:.2f}× the floor "
              f"({verdict} the {TARGET_RATIO:g}× target)")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:7]]
    main(*sizes[:3])
    from benchmarks.evaluate_endpoint import measure_endpoint  # noqa: E402

    measure_endpoint(*sizes[3:6])
