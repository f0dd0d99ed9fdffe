"""Sealed-bid throughput, opening time and trail verification speed.

Usage: python benchmarks/bench_bidding.py [BIDDERS]   (DATABASE_URL selects the database;
default: a temporary SQLite file). Prints bids/s through the HTTP API, the opening time and
trail events verified per second.
"""
import os
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# A throwaway database with development keys: no production secrets needed.
os.environ.setdefault("PLATFORM_ENV", "development")
BENCH_PASSWORD = "Bench-Sealed-Bids-2026"

from flask_migrate import upgrade  # noqa: E402

from core import clock, create_app  # noqa: E402
from core.accounts import create_organization, create_user, issue_token  # noqa: E402
from core.auth import SYSTEM  # noqa: E402
from core.extensions import db  # noqa: E402
from core.models import User  # noqa: E402
from core.signing import new_private_key_pem  # noqa: E402
from core.trail import verify_trail  # noqa: E402
from core.uscc import check_character  # noqa: E402
from trading.tender import operations as ops  # noqa: E402
from trading.tender.schemas import ProjectIn  # noqa: E402


def main(bidders=200):
    tmp = tempfile.mkdtemp()
    url = os.environ.get("DATABASE_URL", f"sqlite:///{tmp}/bench.db")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "MIN_BID_DAYS": 0,
                      "TRAIL_SIGNING_KEY": os.environ.get("TRAIL_SIGNING_KEY") or new_private_key_pem()})
    with app.app_context():
        upgrade()
        start = clock.now()
        buyer_org = create_organization(SYSTEM, "基准测试采购人", _uscc(1), "purchaser")
        buyer = create_user(SYSTEM, f"bench-buyer-{start.timestamp():.0f}", BENCH_PASSWORD, "purchaser", buyer_org.id)
        admin = create_user(SYSTEM, f"bench-admin-{start.timestamp():.0f}", BENCH_PASSWORD, "admin")
        data = ProjectIn().load({
            "title": "基准测试项目", "category": "goods", "method": "open_tender", "budget": "1000000",
            "ceiling_price": "990000", "signup_deadline": (start + timedelta(hours=1)).isoformat(),
            "bid_deadline": (start + timedelta(hours=1)).isoformat(), "responsible_person": "基准",
            "evaluation": {"weights": {"credit": 10, "technical": 50, "commercial": 40}, "price_method": "lowest",
                           "technical_criteria": [{"name": "方案", "max": 100}], "panel_size": 5, "expert_specialty": "B01"},
        })
        project = ops.create_project(buyer, data)
        ops.submit_project(buyer, project.id)
        ops.publish_project(admin, project.id)
        tokens = []
        for i in range(bidders):
            org = create_organization(SYSTEM, f"基准投标人{i}", _uscc(1000 + i), "bidder")
            user = create_user(SYSTEM, f"bench-bidder-{i}-{start.timestamp():.0f}", BENCH_PASSWORD, "bidder", org.id)
            ops.sign_up(user, project.id)
            tokens.append(issue_token(user)[0])
        db.session.commit()
        project_id, admin_id = project.id, admin.id

    client = app.test_client()
    proposal = "技术方案" * 500
    began = time.perf_counter()
    for i, token in enumerate(tokens):
        r = client.put(f"/api/v1/projects/{project_id}/bid", headers={"Authorization": f"Bearer {token}"},
                       json={"price": str(Decimal(900000) + i), "technical_proposal": proposal})
        assert r.status_code == 200, r.get_json()
    elapsed = time.perf_counter() - began
    print(f"bids submitted: {bidders} in {elapsed:.2f} s = {bidders / elapsed:.0f} bids/s "
          f"({elapsed / bidders * 1000:.1f} ms per bid, 2 KB proposal, encrypt + receipt + trail)")

    with app.app_context():
        clock.set_source(lambda: start + timedelta(hours=1))
        began = time.perf_counter()
        ops.open_bids(db.session.get(User, admin_id), project_id)
        db.session.commit()
        print(f"opening: {bidders} bids decrypted and checked in {time.perf_counter() - began:.2f} s")
        clock.set_source(None)
        began = time.perf_counter()
        result = verify_trail()
        elapsed = time.perf_counter() - began
        print(f"trail verify: {result['events']} events in {elapsed:.2f} s = {result['events'] / elapsed:.0f} events/s, ok={result['ok']}")


def _uscc(n):
    first17 = "913501" + f"{n:011d}"
    return first17 + check_character(first17)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 200)
