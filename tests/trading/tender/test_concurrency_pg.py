"""Races that only a real database shows: parallel bids around the deadline (PostgreSQL)."""
import threading
from datetime import timedelta

from sqlalchemy import func, select

from core.extensions import db
from core.trail import verify_trail
from tests.conftest import Api
from tests.builders import Make
from trading.tender import operations as ops
from trading.tender.models import Bid

PARALLEL = 20


def test_parallel_bids_around_the_deadline_accept_exactly_those_before_it(pg_app, clock):
    make, api = Make(pg_app), Api(pg_app)
    project = make.project(status="published")
    deadline = project.bid_deadline
    bidders = [make.bidder() for _ in range(PARALLEL)]
    for bidder in bidders:
        ops.sign_up(bidder, project.id)
    db.session.commit()
    clock.set(deadline - timedelta(minutes=1))
    for bidder in bidders:
        api.token(bidder)
    project_id = project.id
    tokens = [api.tokens[b.id][0] for b in bidders]
    # Bidder i arrives at deadline - 10 s + i s: 0..9 are before the deadline, 10..19 at or after.
    arrival = [deadline - timedelta(seconds=10 - i) for i in range(PARALLEL)]
    statuses = [None] * PARALLEL
    start = threading.Barrier(PARALLEL)

    def submit(i):
        clock.set_for_thread(arrival[i])
        client = pg_app.test_client()
        start.wait()
        response = client.put(
            f"/api/v1/projects/{project_id}/bid",
            headers={"Authorization": f"Bearer {tokens[i]}"},
            json={"price": f"{900000 + i}.00", "technical_proposal": f"方案 {i}"},
        )
        statuses[i] = (response.status_code, (response.get_json() or {}).get("error", {}).get("code"))

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses[:10] == [(200, None)] * 10
    assert statuses[10:] == [(409, "deadline_passed")] * 10
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Bid.id))) == 10
    # Nothing half-written: every stored bid decrypts, and its receipt matches at opening.
    clock.set(deadline)
    _, opened = ops.open_bids(make.admin(), project_id)
    db.session.commit()
    assert sorted(b.price for b in opened) == [900000 + i for i in range(10)]
    assert all(b.receipt_ok and b.valid for b in opened)
    assert verify_trail()["ok"]


def test_parallel_duplicate_signups_leave_exactly_one(pg_app, clock):
    make, api = Make(pg_app), Api(pg_app)
    project = make.project(status="published")
    bidder = make.bidder()
    token = api.token(bidder)
    url = f"/api/v1/projects/{project.id}/signups"
    statuses = []
    start = threading.Barrier(8)

    def sign_up():
        client = pg_app.test_client()
        start.wait()
        response = client.post(url, headers={"Authorization": f"Bearer {token}"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=sign_up) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201] + [409] * 7
