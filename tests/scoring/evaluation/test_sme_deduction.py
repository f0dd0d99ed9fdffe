"""The SME price deduction through the platform: set per project within its category's range (default by
category), declared in the sealed bid, read at the opening, applied to the commercial part only; the award, the
savings and the ceiling check keep the price bid.

Goods, lowest price, weights 10 / 50 / 40, every expert's total 80 (technical 40.00), credit 80 (8.00):
  A large 800,000 → commercial 40 × 765,000 / 800,000 = 38.25, total 86.25
  B small 850,000, deduction 0.10 → evaluation price 765,000, the base: 40.00, total 88.00 (first)
  C large 900,000 → 40 × 765,000 / 900,000 = 34.00, total 82.00
  award to B for 850,000.00; savings 1,000,000 − 850,000 = 150,000.00 (rate 0.1500).
"""
from decimal import Decimal

import pytest
from sqlalchemy import select

from core.extensions import db
from scoring.evaluation import operations as evaluation
from tests.builders.trading import evaluation as evaluation_settings
from tests.builders.trading import project_payload
from trading.tender import operations as ops
from trading.tender.models import Bid

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.mark.parametrize("category, given, status, stored", [
    ("goods", None, 201, 0.1), ("services", None, 201, 0.1), ("construction", None, 201, 0.03),
    ("goods", 0, 201, 0), ("goods", 0.2, 201, 0.2), ("goods", 0.21, 422, None), ("goods", 0.05, 422, None),
    ("construction", 0.05, 201, 0.05), ("construction", 0.06, 422, None), ("construction", 0.1, 422, None),
])
def test_the_deduction_stays_in_its_categorys_range_with_a_default(api, make, category, given, status, stored):
    settings = evaluation_settings(**({} if given is None else {"sme_deduction": given}))
    response = api.post("/api/v1/projects", make.purchaser(), json=project_payload(category=category,
                                                                                   evaluation=settings))
    assert response.status_code == status, response.json
    if status == 201:
        assert response.json["evaluation"]["sme_deduction"] == stored
    else:
        assert list(response.json["error"]["fields"]) == ["evaluation.sme_deduction"]


def test_a_small_enterprise_wins_on_its_evaluation_price_and_is_awarded_its_price(api, make, clock):
    admin = make.admin()
    project = make.project(admin=admin, category="goods", evaluation=evaluation_settings(expert_specialty="A01"))
    assert project.evaluation.sme_deduction == Decimal("0.10")
    bidders = {name: make.bidder(name=f"投标人{name}") for name in "ABC"}
    for name, price, sme in (("A", "800000.00", False), ("B", "850000.00", True), ("C", "900000.00", False)):
        assert api.post(f"/api/v1/projects/{project.id}/signups", bidders[name]).status_code == 201
        sealed = api.put(f"/api/v1/projects/{project.id}/bid", bidders[name],
                         json={"price": price, "technical_proposal": "方案", "sme": sme})
        assert sealed.status_code == 200, sealed.json
    clock.set(project.bid_deadline)
    assert api.post(f"/api/v1/projects/{project.id}/open", admin).json["status"] == "opened"
    sme = {b.organization.name: b.sme for b in db.session.scalars(select(Bid).where(Bid.project_id == project.id))}
    assert sme == {"投标人A": False, "投标人B": True, "投标人C": False}
    clock.advance(minutes=31)
    make.panel(project, admin).submit_all()
    result = api.post(f"/api/v1/projects/{project.id}/evaluate", admin).json
    rows = {row["bidder"]: row for row in result["ranking"]}
    assert [(r["bidder"], r["rank"], r["total"]) for r in result["ranking"]] == [
        ("投标人B", 1, 88.0), ("投标人A", 2, 86.25), ("投标人C", 3, 82.0)]
    assert (rows["投标人B"]["price"], rows["投标人B"]["evaluation_price"], rows["投标人B"]["sme"]) == (
        "850000.00", "765000.00", True)
    assert (rows["投标人A"]["evaluation_price"], rows["投标人A"]["sme"]) == ("800000.00", False)
    assert rows["投标人C"]["commercial"] == 34.0 and result["base_price"] == "765000.00"
    assert result["settings"]["sme_deduction"] == 0.1
    assert evaluation.verify_result(project) == (True, [])
    clock.set(project.evaluation_record.publicity_ends_at)
    award = api.post(f"/api/v1/projects/{project.id}/award", admin, json={}).json["award"]
    assert (award["bidder"], award["amount"], award["savings"], award["savings_rate"]) == (
        "投标人B", "850000.00", "150000.00", 0.15)


def test_the_bid_form_declares_the_sme_status_sealed_and_read_at_the_opening(login, make, clock):
    admin = make.admin()
    project = make.project(admin=admin)  # construction: 3%
    assert "扣除 3%" in login(make.purchaser()).get(f"/projects/{project.id}").get_data(as_text=True)
    bidder = make.bidder()
    client = login(bidder)
    client.post(f"/projects/{project.id}/signup")
    form = client.get(f"/projects/{project.id}/bid").get_data(as_text=True)
    assert "中小企业声明函" in form and "扣除 3%" in form
    response = client.post(f"/projects/{project.id}/bid", data={
        "price": "930000.00", "technical_proposal": "施工方案", "sme": "y"})
    assert response.status_code == 302
    make.bid(project, make.bidder(), "900000.00")
    make.bid(project, make.bidder(), "910000.00")
    clock.set(project.bid_deadline)
    ops.open_bids(admin, project.id)
    db.session.commit()
    declared = db.session.scalar(select(Bid.sme).where(Bid.organization_id == bidder.organization_id))
    assert declared is True
