"""Anchor cost against the size of the trail.

Usage: python benchmarks/trail_anchors.py [CHAINS]   (default 100,000 chains of 3 events each;
DATABASE_URL selects the database, default a temporary SQLite file).

An anchor hashes the chain heads that moved since the previous anchor. Prints the first anchor (every
head is new), the median anchor after 10 chains moved, and, for scale, what every anchor did before:
read and hash every chain head (it then stored them all, too). Opening, evaluation and award each make an
anchor inside their request, so this is part of their time.
"""
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("PLATFORM_ENV", "development")  # a throwaway database with development keys

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from core import create_app, trail  # noqa: E402
from core.extensions import db  # noqa: E402
from core.models import Event  # noqa: E402
from core.signing import new_private_key_pem  # noqa: E402

EVENTS_PER_CHAIN, MOVED, ROUNDS, CHUNK = 3, 10, 5, 10_000


def _events(chain_numbers, seq, now):
    """Stand-in events (the anchor reads only chain, seq and hash; nothing here is verified)."""
    return [{"chain_key": f"mall_product:{n}", "seq": seq, "action": "bench.event", "object_type": "mall_product",
             "object_id": n, "created_at": now, "prev_hash": "0" * 64, "hash": f"{n:032x}{seq:032x}"}
            for n in chain_numbers]


def _timed(work):
    began = time.perf_counter()
    result = work()
    return (time.perf_counter() - began) * 1000, result


def _anchor():
    anchor = trail.create_anchor()
    db.session.commit()
    return anchor


def main(chains=100_000):
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/anchors.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url,
                      "TRAIL_SIGNING_KEY": os.environ.get("TRAIL_SIGNING_KEY") or new_private_key_pem()})
    with app.app_context():
        upgrade()
        now = datetime.now(timezone.utc).replace(microsecond=0)
        for seq in range(1, EVENTS_PER_CHAIN + 1):
            for start in range(0, chains, CHUNK):
                db.session.execute(insert(Event), _events(range(start, min(start + CHUNK, chains)), seq, now))
        db.session.commit()
        dialect = db.engine.dialect.name
        first_ms, first = _timed(_anchor)
        if dialect == "postgresql":  # as autovacuum would have by now, after the first anchor marked every head
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE trail_head"))
        times = []
        for round_ in range(ROUNDS):
            db.session.execute(insert(Event), _events(range(round_ * MOVED, (round_ + 1) * MOVED),
                                                      EVENTS_PER_CHAIN + 1 + round_, now))
            db.session.commit()
            elapsed, anchor = _timed(_anchor)
            assert len(anchor.heads) == MOVED, len(anchor.heads)
            times.append(elapsed)
        full_ms, _ = _timed(lambda: trail.heads_hash(trail.chain_heads()))
        print(f"trail: {chains:,} chains, {chains * EVENTS_PER_CHAIN:,} events ({dialect})")
        print(f"first anchor ({len(first.heads):,} heads, all new): {first_ms:.1f} ms")
        print(f"anchor after {MOVED} chains moved: median {statistics.median(times):.1f} ms over {ROUNDS} anchors")
        print(f"  for scale: reading and hashing every chain head, as each anchor did before "
              f"(it then stored them all): {full_ms:.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1].replace("_", "").replace(",", "")) if len(sys.argv) > 1 else 100_000)
