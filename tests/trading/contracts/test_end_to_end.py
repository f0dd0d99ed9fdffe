"""Through the API, the link between the site and the trading venue (两场联动): award → award notice PDF → contract
recorded → contract notice → acceptance rated poor → the winner's credit 80 → 70 → its next bid, opened with credit
70, scores less in the three-in-one credit part.

Hand computation (weights credit 10, technical 50, commercial 40; every expert gives every bid 80):
  credit part = W_c × credit score / 100
  the winner, before: 10 × 80 / 100 = 8.00; after the poor rating: 10 × (80 − 10) / 100 = 7.00
  so its credit part drops by W_c × 10 / 100 = 10 × 10 / 100 = 1.00, and another bidder without a record keeps 8.00.
"""
import base64
import hashlib
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import Event, User
from trading.tender.models import Bid

pytestmark = pytest.mark.usefixtures("fast_passwords")
PDF = {"name": "合同.pdf", "content_base64": base64.b64encode(b"%PDF-1.4 signed").decode()}


def test_a_poor_acceptance_lowers_the_winners_next_credit_part(api, make, clock):
    clock.set(datetime(2026, 9, 25, 1, 0, tzinfo=timezone.utc))
    owner, admin = make.purchaser(), make.admin()
    project = make.project(purchaser=owner, admin=admin, status="awarded")
    contract = project.contract
    winner = db.session.scalars(select(User).where(User.organization_id == contract.supplier_id)).first()

    # The award notice, stored as a PDF with its SHA-256 in the trail, for the winner.
    notice = api.get(f"/api/v1/projects/{project.id}/award-notice.pdf", winner)
    assert notice.status_code == 200 and notice.data.startswith(b"%PDF")
    digest = hashlib.sha256(notice.data).hexdigest()
    assert notice.headers["ETag"].strip('"') == digest
    stored = db.session.scalars(select(Event).where(Event.action == "document.stored")).all()
    assert any(e.after.get("kind") == "award_notice" and e.after.get("sha256") == digest for e in stored)
    inbox = api.get("/api/v1/me/notifications", winner).json["items"]
    assert any(n["kind"] == "contracts.award_notice" for n in inbox)

    # The contract, recorded on time, publishes the contract notice.
    clock.set(datetime(2026, 10, 9, 2, 0, tzinfo=timezone.utc))
    recorded = api.post(f"/api/v1/projects/{project.id}/contract", owner,
                        json={"signed_on": "2026-09-30", "amount": "800000.00", "document": PDF})
    assert recorded.status_code == 201, recorded.json
    notices = api.get(f"/api/v1/notices?type=contract&project_id={project.id}").json["items"]
    assert [n["id"] for n in notices] == [recorded.json["notice_id"]]

    credit = f"/api/v1/organizations/{contract.supplier_id}/credit"
    assert api.get(credit).json["score"] == 80

    # Accepted, rated poor: a 10-point deduction for 12 months, sourced to the contract.
    accepted = api.post(f"/api/v1/contracts/{contract.id}/acceptance", owner, json={
        "accepted_on": "2026-10-09", "result": "passed", "rating": "poor", "reason": "工期延误二十天",
        "document": PDF})
    assert accepted.status_code == 201, accepted.json
    public = api.get(credit).json
    assert public["score"] == 70 and public["base"] == 80
    [record] = public["records"]
    assert (record["kind"], record["points"], record["valid_until"]) == ("deduction", 10, "2027-10-09")
    assert record["source"]["kind"] == "contract" and record["source"]["reference"] == contract.code

    # The next tender: the winner and a bidder without a record bid; the opening takes the scores as they stand.
    other = make.bidder()
    following = make.project(admin=admin, status="published", title="县第二中学运动场改造工程")
    make.bid(following, winner, "850000.00")
    make.bid(following, other, "850000.00")
    make.bid(following, make.bidder(), "900000.00")
    clock.set(following.bid_deadline)
    assert api.post(f"/api/v1/projects/{following.id}/open", admin).json["status"] == "opened"
    bids = {b.organization_id: b for b in db.session.scalars(select(Bid).where(Bid.project_id == following.id))}
    assert bids[winner.organization_id].credit_score == 70 and bids[other.organization_id].credit_score == 80
    clock.advance(minutes=31)
    make.panel(following, admin).submit_all()
    result = api.post(f"/api/v1/projects/{following.id}/evaluate", admin)
    assert result.status_code == 200, result.json
    rows = {row["bidder"]: row for row in result.json["ranking"]}
    assert rows[winner.organization.name]["credit"] == 7.0
    assert rows[other.organization.name]["credit"] == 8.0
    assert rows[other.organization.name]["credit"] - rows[winner.organization.name]["credit"] == 10 * 10 / 100
