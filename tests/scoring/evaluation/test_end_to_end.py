"""Through the API: project → 5 bids → opening → draw → 5 experts submit → evaluate → award.

Settings (tests.conftest.evaluation): weights credit 10, technical 50, commercial 40; lowest price;
trim; criteria 施工方案 ≤ 40 and 质量保证 ≤ 60; panel of 5. Budget 1,000,000.00.

Hand computation, per bidder (credit score at opening → credit = 10 × score / 100):
  lowest valid price 800,000 → commercial = 40 × 800,000 / price
  technical: 5 experts, trimmed (drop the highest and lowest total), × 50 / 100

  bidder  price    credit  expert totals (E1..E5)   trimmed mean   technical  commercial  total
  A       900,000  100→10  85 80 90 70 88           253/3=84.333   42.1667    35.5556     87.7222 → 87.72
  B       850,000   90→9   75 78 72 80 76           229/3=76.333   38.1667    37.6471     84.8137 → 84.81
  C       800,000   80→8   70 65 68 72 40           203/3=67.667   33.8333    40.0000     81.8333 → 81.83
  D       920,000   60→6   90 92 88 95 91           273/3=91       45.5000    34.7826     86.2826 → 86.28
  E       880,000   70→7   80 82 79 81 83           243/3=81       40.5000    36.3636     83.8636 → 83.86

  ranks: A 1, D 2, B 3, E 4, C 5. Candidates A, D, B.
  deviation: E5 on C gives 40 against the others' mean (70+65+68+72)/4 = 68.75: −41.82% → one warning.
  award to A: 900,000; savings 100,000.00; savings rate 0.1000.
"""
import pytest

from core.extensions import db
from core.timeutil import parse_datetime
from scoring.evaluation.models import ProjectEvaluation
from tests.conftest import error_of
from tests.builders.trading import project_payload
from trading.tender.models import Bid

pytestmark = pytest.mark.usefixtures("fast_passwords")

BID_DEADLINE = parse_datetime(project_payload()["bid_deadline"])
BIDDERS = {  # name: (price, organisation credit fields)
    "A": ("900000.00", {"credit_score": 100}),
    "B": ("850000.00", {"credit_score": 90}),
    "C": ("800000.00", {}),
    "D": ("920000.00", {"credit_grade": "C"}),
    "E": ("880000.00", {"credit_score": 70}),
}
TOTALS = {  # bidder: each expert's total, E1..E5
    "A": [85, 80, 90, 70, 88], "B": [75, 78, 72, 80, 76], "C": [70, 65, 68, 72, 40],
    "D": [90, 92, 88, 95, 91], "E": [80, 82, 79, 81, 83],
}
EXPECTED = {  # bidder: (rank, credit, technical, commercial, total)
    "A": (1, 10.0, 42.17, 35.56, 87.72),
    "B": (3, 9.0, 38.17, 37.65, 84.81),
    "C": (5, 8.0, 33.83, 40.0, 81.83),
    "D": (2, 6.0, 45.5, 34.78, 86.28),
    "E": (4, 7.0, 40.5, 36.36, 83.86),
}


def criteria_for(total):
    """A total split over the two criteria (≤ 40, ≤ 60)."""
    first = min(40, total // 2)
    return [first, total - first]


def test_a_tender_from_bids_to_award_through_the_api(api, make, clock):
    admin = make.admin()
    project = make.project(admin=admin)
    bidders = {name: make.bidder(name=f"投标人{name}", **fields) for name, (_, fields) in BIDDERS.items()}
    for name, bidder in bidders.items():
        assert api.post(f"/api/v1/projects/{project.id}/signups", bidder).status_code == 201
        response = api.put(f"/api/v1/projects/{project.id}/bid", bidder,
                           json={"price": BIDDERS[name][0], "technical_proposal": f"{name}的施工组织设计"})
        assert response.status_code == 200, response.json
    experts = make.experts(5)
    conflicted = make.expert(employer_uscc=bidders["A"].organization.uscc)

    clock.set(BID_DEADLINE)
    assert api.post(f"/api/v1/projects/{project.id}/open", admin).json["status"] == "opened"
    clock.advance(minutes=31)  # the scoring waits for the end of the 30-minute objection window

    drawn = api.post(f"/api/v1/projects/{project.id}/experts/draw", admin, json={"seed": "e2e-seed-2026"})
    assert drawn.status_code == 201, drawn.json
    assert len(drawn.json["panel"]) == 5 and drawn.json["reserves"] == []
    assert conflicted.expert.id not in drawn.json["eligible_ids"]
    by_expert_id = {user.expert.id: user for user in experts}
    panel = [by_expert_id[member["expert_id"]] for member in drawn.json["panel"]]  # E1..E5 in draw order

    # The purchasing unit follows the panel without names.
    members = api.get(f"/api/v1/projects/{project.id}/experts", project.created_by).json["members"]
    assert {m["name"] for m in members} == {None}

    codes = db.session.query(ProjectEvaluation).filter_by(project_id=project.id).one().bid_codes
    name_of_org = {bidder.organization_id: name for name, bidder in bidders.items()}
    name_of_bid = {bid_id: name_of_org[db.session.get(Bid, bid_id).organization_id] for bid_id in codes.values()}
    for e, expert in enumerate(panel):
        assert api.post(f"/api/v1/projects/{project.id}/experts/respond", expert, json={"accept": True}).status_code == 200
        blind = api.get(f"/api/v1/projects/{project.id}/evaluation", expert).json
        assert sorted(b["code"] for b in blind["bids"]) == sorted(codes)
        assert "price" not in str(blind) and "投标人" not in str(blind)
        scores = [{"code": code, "criteria": criteria_for(TOTALS[name_of_bid[codes[code]]][e]), "comment": "符合要求"}
                  for code in codes]
        response = api.put(f"/api/v1/projects/{project.id}/evaluation/scores", expert,
                           json={"scores": scores, "submit": True})
        assert response.status_code == 200, response.json

    result = api.post(f"/api/v1/projects/{project.id}/evaluate", admin)
    assert result.status_code == 200, result.json
    ranking = {name_of_bid[row["bid_id"]]: row for row in result.json["ranking"]}
    for name, (rank, credit, technical, commercial, total) in EXPECTED.items():
        row = ranking[name]
        assert (row["rank"], row["credit"], row["technical"], row["commercial"], row["total"]) == (
            rank, credit, technical, commercial, total), name
        assert [e["technical_raw"] for e in row["experts"]] == TOTALS[name]
    assert [name_of_bid[b] for b in result.json["candidates"]] == ["A", "D", "B"]
    c_code = next(code for code, bid_id in codes.items() if name_of_bid[bid_id] == "C")
    assert result.json["warnings"] == [
        {"code": "expert_score_deviation", "expert": "E5", "bid_code": c_code, "deviation": -0.4182}]
    assert api.get(f"/api/v1/projects/{project.id}", admin).json["status"] == "evaluated"

    # The result stays with the center, the purchasing unit and the supervisor until the award.
    assert error_of(api.get(f"/api/v1/projects/{project.id}/result", bidders["B"])) == (403, "result_not_public")
    assert error_of(api.post(f"/api/v1/projects/{project.id}/award", admin, json={})) == (409, "publicity_running")

    clock.advance(days=3)
    awarded = api.post(f"/api/v1/projects/{project.id}/award", admin, json={})
    assert awarded.status_code == 200, awarded.json
    assert awarded.json["award"] | {"awarded_at": None} == {
        "bid_id": next(b for b, n in name_of_bid.items() if n == "A"), "bidder": "投标人A",
        "amount": "900000.00", "savings": "100000.00", "savings_rate": 0.1, "reason": None, "awarded_at": None}

    public = api.get(f"/api/v1/projects/{project.id}/result")
    assert public.status_code == 200
    assert [p["name"] for p in public.json["panel"]] == [u.expert.name for u in panel]
    assert api.get(f"/api/v1/projects/{project.id}", admin).json["status"] == "awarded"
