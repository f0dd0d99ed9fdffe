"""Sign-up and sealed bids: who may sign up and until when, deadlines to the second, receipts."""
import base64
import hashlib
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from core.extensions import db
from core.timeutil import parse_datetime
from tests.builders.trading import project_payload
from tests.conftest import error_of
from trading.tender.models import Bid
from trading.tender.operations import bid_sealing as sealing

pytestmark = pytest.mark.usefixtures("fast_passwords")

# project_payload(): signup_deadline 2026-12-20 17:00, bid_deadline 2026-12-26 09:30 (+08:00).
SIGNUP_DEADLINE = parse_datetime(project_payload()["signup_deadline"])
BID_DEADLINE = parse_datetime(project_payload()["bid_deadline"])
SECOND = timedelta(seconds=1)
PROPOSAL = "施工组织设计：分三个阶段施工，工期 120 天。"
DOCUMENT = b"%PDF-1.4 qualification certificate"


def signup(api, project, user):
    return api.post(f"/api/v1/projects/{project.id}/signups", user)


def put_bid(api, project, user, price="900000.00", proposal=PROPOSAL, documents=(), deposit=None):
    return api.put(f"/api/v1/projects/{project.id}/bid", user, json={
        "price": price, "technical_proposal": proposal, "documents": list(documents), "deposit": deposit})


def signed_up(api, make):
    project, bidder = make.project(), make.bidder()
    assert signup(api, project, bidder).status_code == 201
    return project, bidder


def open_project(api, make, project, clock):
    clock.set(BID_DEADLINE)
    response = api.post(f"/api/v1/projects/{project.id}/open", make.admin())
    assert response.status_code == 200, response.json
    return response.json


# -- Sign-up ----------------------------------------------------------------------------------

def test_an_approved_bidder_signs_up(api, make):
    response = signup(api, make.project(), make.bidder())
    assert response.status_code == 201, response.json
    assert response.json["signed_up_at"] == "2026-12-01T09:00:00+08:00"


def test_a_bidder_whose_organisation_is_not_approved_cannot_sign_up(api, make):
    response = signup(api, make.project(), make.bidder(status="pending"))
    assert error_of(response) == (403, "organization_not_approved")


def test_a_bidder_blacklisted_through_today_cannot_sign_up(api, make):
    # Today is 2026-12-01; the blacklist holds through its last day.
    bidder = make.bidder(blacklisted_until=date(2026, 12, 1), blacklist_reason="重大税收违法失信主体")
    response = signup(api, make.project(), bidder)
    assert error_of(response) == (422, "blacklisted")
    assert "2026-12-01" in response.json["error"]["message"]
    assert "重大税收违法失信主体" in response.json["error"]["message"]


def test_a_bidder_whose_blacklisting_ended_yesterday_signs_up(api, make):
    bidder = make.bidder(blacklisted_until=date(2026, 11, 30))
    assert signup(api, make.project(), bidder).status_code == 201


def test_sign_up_one_second_before_the_signup_deadline_is_accepted(api, make, clock):
    project, bidder = make.project(), make.bidder()
    clock.set(SIGNUP_DEADLINE - SECOND)
    assert signup(api, project, bidder).status_code == 201


def test_sign_up_at_the_signup_deadline_is_refused(api, make, clock):
    project, bidder = make.project(), make.bidder()
    clock.set(SIGNUP_DEADLINE)
    assert error_of(signup(api, project, bidder)) == (409, "signup_closed")


def test_signing_up_twice_is_refused(api, make):
    project, bidder = signed_up(api, make)
    assert error_of(signup(api, project, bidder)) == (409, "already_signed_up")


@pytest.mark.parametrize("role", ["purchaser", "admin", "supervisor", "expert"])
def test_only_bidders_sign_up(role, api, make):
    project = make.project()
    user = make.user(role, profile={"name": "李专家", "specialties": ["A01"]}) if role == "expert" else make.user(role)
    assert error_of(signup(api, project, user)) == (403, "forbidden")


def test_signing_up_needs_a_token(api, make):
    assert signup(api, make.project(), None).status_code == 401


def test_an_unpublished_project_is_not_found_for_sign_up(api, make):
    project = make.project(status="submitted")
    assert error_of(signup(api, project, make.bidder())) == (404, "not_found")


def test_a_cancelled_project_takes_no_sign_ups(api, make):
    admin = make.admin()
    project = make.project(admin=admin)
    api.post(f"/api/v1/projects/{project.id}/cancel", admin, json={"reason": "终止"})
    assert error_of(signup(api, project, make.bidder())) == (409, "not_accepting_bids")


# -- Bids and the deadline --------------------------------------------------------------------

def test_a_bid_one_second_before_the_deadline_is_accepted(api, make, clock):
    project, bidder = signed_up(api, make)
    clock.set(BID_DEADLINE - SECOND)
    response = put_bid(api, project, bidder)
    assert response.status_code == 200, response.json
    assert response.json["submitted_at"] == "2026-12-26T09:29:59+08:00"


@pytest.mark.parametrize("after", [timedelta(0), timedelta(days=1)], ids=["at_deadline", "a_day_later"])
def test_a_bid_at_or_after_the_deadline_is_refused(after, api, make, clock):
    project, bidder = signed_up(api, make)
    clock.set(BID_DEADLINE + after)
    assert error_of(put_bid(api, project, bidder)) == (409, "deadline_passed")


def test_a_bid_without_sign_up_is_refused(api, make):
    assert error_of(put_bid(api, make.project(), make.bidder())) == (403, "not_signed_up")


def test_documents_that_are_not_base64_are_a_field_error(api, make):
    project, bidder = signed_up(api, make)
    response = put_bid(api, project, bidder, documents=[{"name": "资质.pdf", "part": "qualification",
                                                          "content_base64": "not base64!"}])
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"documents.0.content_base64": ["is not valid base64"]}


@pytest.mark.parametrize("price", ["0", "-1", "900000.001", "九十万"])
def test_a_bad_price_is_a_field_error(price, api, make):
    project, bidder = signed_up(api, make)
    response = put_bid(api, project, bidder, price=price)
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["price"])


def test_a_bid_document_needs_its_part(api, make):
    project, bidder = signed_up(api, make)
    content = base64.b64encode(DOCUMENT).decode()
    missing = put_bid(api, project, bidder, documents=[{"name": "方案.pdf", "content_base64": content}])
    wrong = put_bid(api, project, bidder, documents=[{"name": "方案.pdf", "part": "price", "content_base64": content}])
    assert missing.json["error"]["fields"] == {"documents.0.part": ["Missing data for required field."]}
    assert list(wrong.json["error"]["fields"]) == ["documents.0.part"]
    assert db.session.query(Bid).count() == 0


def test_the_receipt_is_the_sha256_of_the_canonical_bid(api, make):
    project, bidder = signed_up(api, make)
    document = {"name": "资质.pdf", "part": "qualification", "content_base64": base64.b64encode(DOCUMENT).decode()}
    deposit = {"method": "guarantee", "amount": 20000, "reference": " BH-2026-0042 ", "issuer": "县融资担保公司"}
    response = put_bid(api, project, bidder, price=900000, documents=[document], deposit=deposit)
    # The price as sent (900000) is canonicalised to "900000.00", and so is the deposit's amount, its reference
    # trimmed; documents enter by their digest.
    canonical = json.dumps({
        "project": project.code,
        "bidder_uscc": bidder.organization.uscc,
        "price": "900000.00",
        "sme": False,
        "deposit": {"method": "guarantee", "amount": "20000.00", "reference": "BH-2026-0042", "issuer": "县融资担保公司"},
        "technical_proposal": PROPOSAL,
        "documents": [{"name": "资质.pdf", "part": "qualification", "sha256": hashlib.sha256(DOCUMENT).hexdigest()}],
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert response.json["receipt"] == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_a_guarantee_names_its_issuer(api, make):
    project, bidder = signed_up(api, make)
    response = put_bid(api, project, bidder, deposit={"method": "guarantee", "amount": "20000.00",
                                                      "reference": "BH-1"})
    assert error_of(response) == (422, "validation_failed")
    assert "deposit.issuer" in response.json["error"]["fields"]
    assert error_of(api.get(f"/api/v1/projects/{project.id}/bid", bidder)) == (404, "no_bid")


def test_replacing_a_bid_gives_a_new_receipt(api, make):
    project, bidder = signed_up(api, make)
    first = put_bid(api, project, bidder, price="900000.00").json
    second = put_bid(api, project, bidder, price="880000.00").json
    assert first["bid_id"] == second["bid_id"]
    assert first["receipt"] != second["receipt"]
    assert api.get(f"/api/v1/projects/{project.id}/bid", bidder).json["receipt"] == second["receipt"]


def test_the_opening_reads_the_latest_bid(api, make, clock):
    project, bidder = signed_up(api, make)
    put_bid(api, project, bidder, price="900000.00")
    latest = put_bid(api, project, bidder, price="880000.00").json
    opening = open_project(api, make, project, clock)
    assert [(b["price"], b["receipt"], b["valid"]) for b in opening["bids"]] == [("880000.00", latest["receipt"], True)]


def test_a_withdrawn_bid_is_not_opened(api, make, clock):
    project, bidder = signed_up(api, make)
    put_bid(api, project, bidder)
    withdrawn = api.delete(f"/api/v1/projects/{project.id}/bid", bidder)
    assert withdrawn.json["status"] == "withdrawn"
    assert open_project(api, make, project, clock)["bids"] == []


def test_a_withdrawn_bid_loses_its_sealed_content(api, make):
    project, bidder = signed_up(api, make)
    bid_id = put_bid(api, project, bidder).json["bid_id"]
    api.delete(f"/api/v1/projects/{project.id}/bid", bidder)
    assert db.session.execute(text("SELECT ciphertext FROM bid WHERE id = :id"), {"id": bid_id}).scalar() is None


def test_withdrawing_at_the_deadline_is_refused(api, make, clock):
    project, bidder = signed_up(api, make)
    put_bid(api, project, bidder)
    clock.set(BID_DEADLINE)
    assert error_of(api.delete(f"/api/v1/projects/{project.id}/bid", bidder)) == (409, "deadline_passed")


def test_withdrawing_without_a_bid_is_refused(api, make):
    project, bidder = signed_up(api, make)
    assert error_of(api.delete(f"/api/v1/projects/{project.id}/bid", bidder)) == (409, "no_bid")


# -- Sealing ----------------------------------------------------------------------------------

def _raw_ciphertext(bid_id):
    return bytes(db.session.execute(text("SELECT ciphertext FROM bid WHERE id = :id"), {"id": bid_id}).scalar())


def test_the_stored_bid_shows_no_price_proposal_or_document_in_plain_text(api, make):
    project, bidder = signed_up(api, make)
    document = {"name": "资质.pdf", "part": "qualification", "content_base64": base64.b64encode(DOCUMENT).decode()}
    bid_id = put_bid(api, project, bidder, price="912345.67", documents=[document]).json["bid_id"]
    raw = _raw_ciphertext(bid_id)
    for secret in (b"912345", PROPOSAL.encode("utf-8"), "施工".encode("utf-8"), DOCUMENT,
                   document["content_base64"].encode(), bidder.organization.uscc.encode()):
        assert secret not in raw
    row = db.session.execute(text("SELECT price, valid FROM bid WHERE id = :id"), {"id": bid_id}).one()
    assert tuple(row) == (None, None)


def test_the_stored_bid_decrypts_with_its_project_key_only(api, make):
    project, bidder = signed_up(api, make)
    bid_id = put_bid(api, project, bidder, price="912345.67").json["bid_id"]
    raw = _raw_ciphertext(bid_id)
    assert sealing.unseal_bid(project, raw)["content"]["price"] == "912345.67"
    assert sealing.unseal_bid(make.project(), raw) is None


def test_the_project_key_is_useless_without_the_master_key(app, api, make):
    project, bidder = signed_up(api, make)
    raw = _raw_ciphertext(put_bid(api, project, bidder).json["bid_id"])
    app.config["SECRET_KEY"] = "another-deployment"  # the master key derives from it in tests
    assert sealing.unseal_bid(project, raw) is None


def test_others_see_no_bid_in_the_project_view(api, make):
    project, bidder = signed_up(api, make)
    put_bid(api, project, bidder)
    anonymous = api.get(f"/api/v1/projects/{project.id}").json
    assert "my_signup" not in anonymous and "opening" not in anonymous
    for viewer in (make.bidder(), make.admin(), make.supervisor(), make.purchaser()):
        assert api.get(f"/api/v1/projects/{project.id}", viewer).json == anonymous
    own = api.get(f"/api/v1/projects/{project.id}", bidder).json
    assert own["my_signup"]["bid"]["status"] == "submitted"


def test_the_owning_purchaser_sees_no_bid_either(api, make):
    purchaser = make.purchaser()
    project, bidder = make.project(purchaser), make.bidder()
    signup(api, project, bidder)
    put_bid(api, project, bidder)
    assert api.get(f"/api/v1/projects/{project.id}", purchaser).json == api.get(f"/api/v1/projects/{project.id}").json


def test_another_bidder_has_no_bid_to_read(api, make):
    project, bidder = signed_up(api, make)
    put_bid(api, project, bidder)
    assert error_of(api.get(f"/api/v1/projects/{project.id}/bid", make.bidder())) == (404, "no_bid")


def test_a_bid_records_the_clock_reading_its_deadline_check_used(make):
    """The clock moves on while the bid is stored: the recorded time is still the one that was checked."""
    from core import clock as clock_module
    from trading.tender import operations as ops

    project, bidder = make.project(), make.bidder()
    ops.sign_up(bidder, project.id)
    taken = []

    def ticking():  # 1 ms later at every reading, from 2 ms before the deadline
        taken.append(BID_DEADLINE + timedelta(milliseconds=len(taken) - 2))
        return taken[-1]

    clock_module.set_source(ticking)
    try:
        bid = ops.submit_bid(bidder, project.id, project.ceiling_price, PROPOSAL)
    finally:
        clock_module.set_source(None)
    assert max(taken) >= BID_DEADLINE, "the clock passed the deadline while the bid was stored"
    assert bid.submitted_at in taken and bid.submitted_at < BID_DEADLINE


def test_bid_and_signup_ids_reveal_no_count(make):
    project = make.project()
    bids = [make.bid(project, make.bidder(), "900000.00") for _ in range(4)]
    bid_ids, signup_ids = [b.id for b in bids], [b.signup_id for b in bids]
    for ids in (bid_ids, signup_ids):
        steps = {b - a for a, b in zip(ids, ids[1:])}
        assert steps != {1} and min(ids) > 4, f"ids look sequential: {ids}"
