"""Parallel payments and supplements on one contract (PostgreSQL): the row lock keeps the payments within the total
and the supplements within 10%, however many arrive at once."""
import base64
import threading
from datetime import date, datetime, timezone

from core.extensions import db
from core.trail import verify_trail
from tests.builders import Make
from tests.conftest import Api
from trading.contracts import operations as contracts
from trading.contracts.models import Contract

PARALLEL = 8
PDF = {"name": "合同.pdf", "content_base64": base64.b64encode(b"%PDF-1.4 signed").decode()}


def _signed(pg_app, clock):
    make, api = Make(pg_app), Api(pg_app)
    clock.set(datetime(2026, 9, 25, 1, 0, tzinfo=timezone.utc))
    owner = make.purchaser()
    project = make.project(purchaser=owner, status="awarded")
    clock.set(datetime(2026, 10, 9, 2, 0, tzinfo=timezone.utc))
    contracts.sign_contract(owner, project.id, {"signed_on": date(2026, 9, 30), "amount": project.contract.award_amount,
                                                "document": {"name": "合同.pdf", "content": b"%PDF-1.4 signed"}})
    db.session.commit()
    return api.token(owner), project.contract.id


def _race(pg_app, path, token, bodies):
    statuses = [None] * len(bodies)
    start = threading.Barrier(len(bodies))

    def post(i):
        client = pg_app.test_client()
        start.wait()
        response = client.post(path, headers={"Authorization": f"Bearer {token}"}, json=bodies[i])
        statuses[i] = (response.status_code, (response.get_json() or {}).get("error", {}).get("code"))

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_parallel_payments_never_exceed_the_total(pg_app, clock):
    token, contract_id = _signed(pg_app, clock)  # 800,000.00: three payments of 250,000.00 fit, not four
    statuses = _race(pg_app, f"/api/v1/contracts/{contract_id}/payments", token,
                     [{"paid_on": "2026-10-09", "amount": "250000.00", "reference": f"GK{i}"} for i in range(PARALLEL)])
    assert sorted(statuses) == [(201, None)] * 3 + [(422, "payment_over_total")] * (PARALLEL - 3)
    db.session.expire_all()
    contract = db.session.get(Contract, contract_id)
    assert contract.paid_total == 750000 and len(contract.payments) == 3
    assert verify_trail()["ok"]


def test_parallel_supplements_stay_within_10_percent(pg_app, clock):
    token, contract_id = _signed(pg_app, clock)  # at most 80,000.00: three of 25,000.00 fit, not four
    statuses = _race(pg_app, f"/api/v1/contracts/{contract_id}/supplements", token,
                     [{"signed_on": "2026-10-09", "amount": "25000.00", "reason": f"增项 {i}", "document": PDF}
                      for i in range(PARALLEL)])
    assert sorted(statuses) == [(201, None)] * 3 + [(422, "supplement_over_limit")] * (PARALLEL - 3)
    db.session.expire_all()
    contract = db.session.get(Contract, contract_id)
    assert contract.supplements_total == 75000 and len(contract.supplements) == 3
    assert verify_trail()["ok"]
