"""Opening (开标): when, which bids are valid, 流标, abnormally low prices, tampering, who sees it."""
from datetime import timedelta

import pytest
from sqlalchemy import text

from core.extensions import db
from core.timeutil import parse_datetime
from tests.conftest import error_of
from tests.builders.trading import project_payload

pytestmark = pytest.mark.usefixtures("fast_passwords")

# project_payload(): budget 1,000,000.00, ceiling 950,000.00, bid_deadline 2026-12-26 09:30 (+08:00).
BID_DEADLINE = parse_datetime(project_payload()["bid_deadline"])


@pytest.fixture
def admin(make):
    return make.admin()


def tender(make, admin, prices, purchaser=None):
    """A published project with one bid per price, each from a new bidder; returns it and the bidders."""
    project = make.project(purchaser, admin=admin)
    bidders = [make.bidder() for _ in prices]
    for bidder, price in zip(bidders, prices):
        make.bid(project, bidder, price)
    return project, bidders


def open_at_deadline(api, admin, project, clock):
    clock.set(BID_DEADLINE)
    return api.post(f"/api/v1/projects/{project.id}/open", admin)


def test_opening_one_second_before_the_deadline_is_too_early(api, make, admin, clock):
    project, _ = tender(make, admin, ["900000.00"] * 3)
    clock.set(BID_DEADLINE - timedelta(seconds=1))
    assert error_of(api.post(f"/api/v1/projects/{project.id}/open", admin)) == (409, "too_early")


def test_opening_at_the_exact_deadline_is_allowed(api, make, admin, clock):
    project, _ = tender(make, admin, ["900000.00", "910000.00", "920000.00"])
    response = open_at_deadline(api, admin, project, clock)
    assert response.status_code == 200, response.json
    assert response.json["status"] == "opened"


def test_the_opening_lists_each_bid_with_bidder_price_and_validity(api, make, admin, clock):
    project, bidders = tender(make, admin, ["900000.00", "910000.00", "950000.01"])
    bids = open_at_deadline(api, admin, project, clock).json["bids"]
    assert [(b["bidder"], b["price"], b["valid"], b["invalid_reason"]) for b in bids] == [
        (bidders[0].organization.name, "900000.00", True, None),
        (bidders[1].organization.name, "910000.00", True, None),
        (bidders[2].organization.name, "950000.01", False, "over_ceiling_price"),
    ]
    assert all(isinstance(b["bid_id"], int) for b in bids)


def test_a_bid_equal_to_the_ceiling_is_valid_and_one_cent_above_is_not(api, make, admin, clock):
    project, _ = tender(make, admin, ["950000.00", "950000.01", "900000.00", "910000.00"])
    bids = open_at_deadline(api, admin, project, clock).json["bids"]
    assert [(b["price"], b["invalid_reason"]) for b in bids[:2]] == [
        ("950000.00", None), ("950000.01", "over_ceiling_price")]


def test_three_valid_bids_open_the_project(api, make, admin, clock):
    project, _ = tender(make, admin, ["900000.00", "910000.00", "920000.00", "950000.01"])
    assert open_at_deadline(api, admin, project, clock).json["status"] == "opened"


def test_two_valid_bids_fail_the_project(api, make, admin, clock):
    # 3 bids, one over the ceiling: 2 valid < MIN_VALID_BIDS 3 -> 流标.
    project, _ = tender(make, admin, ["900000.00", "910000.00", "950000.01"])
    assert open_at_deadline(api, admin, project, clock).json["status"] == "failed"
    seen = api.get(f"/api/v1/projects/{project.id}").json
    assert (seen["status"], seen["closed_reason"]) == ("failed", "insufficient_valid_bids")


def test_the_minimum_number_of_valid_bids_is_configurable(app, api, make, admin, clock):
    app.config["MIN_VALID_BIDS"] = 2
    project, _ = tender(make, admin, ["900000.00", "910000.00", "950000.01"])
    assert open_at_deadline(api, admin, project, clock).json["status"] == "opened"


def test_a_project_without_bids_fails(api, make, admin, clock):
    project, _ = tender(make, admin, [])
    assert open_at_deadline(api, admin, project, clock).json == {"project_id": project.id, "status": "failed", "bids": []}


def test_a_price_more_than_20_percent_below_the_others_is_abnormally_low(api, make, admin, clock):
    project, _ = tender(make, admin, ["700000.00", "900000.00", "950000.00"])
    bids = open_at_deadline(api, admin, project, clock).json["bids"]
    # 700000 vs (900000 + 950000) / 2 = 925000; 80% = 740000 > 700000 -> flagged.
    # 900000 vs (700000 + 950000) / 2 = 825000; 80% = 660000 -> not flagged.
    # 950000 vs (700000 + 900000) / 2 = 800000; 80% = 640000 -> not flagged.
    assert [b["abnormally_low"] for b in bids] == [True, False, False]
    assert all(b["valid"] for b in bids)  # a warning, not a rejection


def test_a_price_exactly_20_percent_below_the_others_is_not_abnormally_low(api, make, admin, clock):
    project, _ = tender(make, admin, ["720000.00", "880000.00", "920000.00"])
    bids = open_at_deadline(api, admin, project, clock).json["bids"]
    # 720000 vs (880000 + 920000) / 2 = 900000; 80% = 720000: not *more* than 20% below.
    assert [b["abnormally_low"] for b in bids] == [False, False, False]


def test_a_price_one_cent_more_than_20_percent_below_is_abnormally_low(api, make, admin, clock):
    project, _ = tender(make, admin, ["719999.99", "880000.00", "920000.00"])
    bids = open_at_deadline(api, admin, project, clock).json["bids"]
    # 719999.99 < 80% of 900000 = 720000.
    assert [b["abnormally_low"] for b in bids] == [True, False, False]


def test_invalid_bids_do_not_count_in_the_abnormally_low_average(app, api, make, admin, clock):
    app.config["MIN_VALID_BIDS"] = 2
    project, _ = tender(make, admin, ["720000.00", "900000.00", "950000.01"])
    bids = open_at_deadline(api, admin, project, clock).json["bids"]
    # Valid others of 720000: only 900000; 80% = 720000 -> not flagged. Were the invalid
    # 950000.01 counted, the average 925000.005 (80% = 740000.004) would flag it.
    assert [b["abnormally_low"] for b in bids] == [False, False, False]


def _bid_ids():
    return db.session.scalars(text("SELECT id FROM bid ORDER BY organization_id")).all()


def _set_bid_column(bid_id, column, value):
    db.session.execute(text(f"UPDATE bid SET {column} = :value WHERE id = :id"), {"value": value, "id": bid_id})
    db.session.commit()


def test_a_bid_whose_receipt_was_altered_is_invalid(api, make, admin, clock):
    project, _ = tender(make, admin, ["900000.00", "910000.00", "920000.00"])
    _set_bid_column(_bid_ids()[0], "receipt", "0" * 64)
    bids = open_at_deadline(api, admin, project, clock).json["bids"]
    assert [(b["valid"], b["receipt_ok"], b["invalid_reason"]) for b in bids] == [
        (False, False, "receipt_mismatch"), (True, True, None), (True, True, None)]


def test_a_bid_whose_ciphertext_was_altered_is_invalid(api, make, admin, clock):
    project, _ = tender(make, admin, ["900000.00", "910000.00", "920000.00"])
    _set_bid_column(_bid_ids()[0], "ciphertext", b"gAAAAA-not-a-fernet-token")
    bid = open_at_deadline(api, admin, project, clock).json["bids"][0]
    assert (bid["valid"], bid["price"], bid["invalid_reason"]) == (False, None, "undecryptable")


def test_bids_whose_ciphertexts_were_swapped_are_invalid(api, make, admin, clock):
    # Each ciphertext still decrypts with the project key, but its content no longer
    # matches the receipt issued for that row.
    project, _ = tender(make, admin, ["900000.00", "910000.00", "920000.00"])
    rows = db.session.execute(text("SELECT id, ciphertext FROM bid ORDER BY organization_id")).all()
    _set_bid_column(rows[0].id, "ciphertext", bytes(rows[1].ciphertext))
    _set_bid_column(rows[1].id, "ciphertext", bytes(rows[0].ciphertext))
    bids = open_at_deadline(api, admin, project, clock).json["bids"]
    assert [b["invalid_reason"] for b in bids] == ["receipt_mismatch", "receipt_mismatch", None]


def test_opening_twice_is_a_status_conflict(api, make, admin, clock):
    project, _ = tender(make, admin, ["900000.00", "910000.00", "920000.00"])
    open_at_deadline(api, admin, project, clock)
    assert error_of(api.post(f"/api/v1/projects/{project.id}/open", admin)) == (409, "wrong_status")


def test_only_the_center_opens(api, make, admin, clock):
    purchaser = make.purchaser()
    project, bidders = tender(make, admin, ["900000.00"], purchaser)
    clock.set(BID_DEADLINE)
    for user in (purchaser, bidders[0], make.supervisor()):
        assert error_of(api.post(f"/api/v1/projects/{project.id}/open", user)) == (403, "forbidden")


# -- The opening record ------------------------------------------------------------------------

@pytest.fixture
def opened(api, make, admin, clock):
    """An opened project: its purchaser, its three bidders (one signed up without bidding)."""
    purchaser = make.purchaser()
    project, bidders = tender(make, admin, ["900000.00", "910000.00", "920000.00"], purchaser)
    silent = make.bidder()
    api.post(f"/api/v1/projects/{project.id}/signups", silent)
    open_at_deadline(api, admin, project, clock)
    return {"project": project, "purchaser": purchaser, "bidders": bidders, "silent": silent}


@pytest.mark.parametrize("viewer", ["admin", "purchaser", "supervisor", "bidder", "silent"])
def test_the_opening_record_is_shown_to_the_center_purchaser_supervisor_and_participants(viewer, api, make, admin, opened):
    user = {"admin": admin, "purchaser": opened["purchaser"], "supervisor": make.supervisor(),
            "bidder": opened["bidders"][0], "silent": opened["silent"]}[viewer]
    response = api.get(f"/api/v1/projects/{opened['project'].id}/opening", user)
    assert response.status_code == 200, response.json
    assert [b["price"] for b in response.json["bids"]] == ["900000.00", "910000.00", "920000.00"]


@pytest.mark.parametrize("viewer", ["other_bidder", "other_purchaser"])
def test_the_opening_record_is_not_found_for_outsiders(viewer, api, make, opened):
    user = make.bidder() if viewer == "other_bidder" else make.purchaser()
    response = api.get(f"/api/v1/projects/{opened['project'].id}/opening", user)
    assert error_of(response) == (404, "no_opening_record")


def test_the_opening_record_needs_a_token(api, opened):
    assert api.get(f"/api/v1/projects/{opened['project'].id}/opening").status_code == 401


def test_there_is_no_opening_record_before_opening(api, make, admin):
    project, _ = tender(make, admin, ["900000.00"])
    assert error_of(api.get(f"/api/v1/projects/{project.id}/opening", admin)) == (404, "no_opening_record")
