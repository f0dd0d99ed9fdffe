"""The whole lifecycle through the API: register, submit, publish, sign up, bid, open."""
from tests.builders.trading import project_payload


def test_full_lifecycle_through_api(api, make, clock):
    purchaser, admin = make.purchaser(), make.admin()
    bidders = [make.bidder() for _ in range(3)]
    r = api.post("/api/v1/projects", purchaser, json=project_payload())
    assert r.status_code == 201, r.json
    pid = r.json["id"]
    assert r.json["code"] == "2026-GC-0001"
    assert api.post(f"/api/v1/projects/{pid}/submit", purchaser).status_code == 200
    assert api.post(f"/api/v1/projects/{pid}/publish", admin).json["status"] == "published"
    receipts = {}
    for bidder, price in zip(bidders, ["900000.00", "910000.00", "920000.00"]):
        assert api.post(f"/api/v1/projects/{pid}/signups", bidder).status_code == 201
        r = api.put(f"/api/v1/projects/{pid}/bid", bidder, json={"price": price, "technical_proposal": "方案"})
        assert r.status_code == 200, r.json
        receipts[bidder.id] = r.json["receipt"]
    clock.set(clock.current.replace(day=26, hour=1, minute=30))
    r = api.post(f"/api/v1/projects/{pid}/open", admin)
    assert r.status_code == 200, r.json
    assert r.json["status"] == "opened"
    assert sorted(b["receipt"] for b in r.json["bids"]) == sorted(receipts.values())
