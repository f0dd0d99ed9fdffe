"""Amendments (澄清/修改): the minimum clarification period at its boundary, change notices,
notifications to signed-up bidders only, bids that predate an amendment."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import Event
from core.notifications import Notification
from core.timeutil import isoformat, parse_datetime
from tests.conftest import T0, error_of
from tests.builders.trading import evaluation, project_payload
from trading.notices.models import Notice

pytestmark = pytest.mark.usefixtures("fast_passwords")

BID_DEADLINE = parse_datetime(project_payload()["bid_deadline"])  # 2026-12-26 09:30 +08:00
SIGNUP_DEADLINE = parse_datetime(project_payload()["signup_deadline"])  # 2026-12-20 17:00 +08:00


def amend(api, user, project, **body):
    return api.post(f"/api/v1/projects/{project.id}/amendments", user, json={"summary": "第三章技术要求修改", **body})


@pytest.fixture
def admin(make):
    return make.admin()


def test_published_exactly_15_days_before_the_deadline_postpones_nothing(api, make, admin, clock):
    project = make.project(admin=admin)
    clock.set(BID_DEADLINE - timedelta(days=15))
    response = amend(api, admin, project)
    assert response.status_code == 201, response.json
    assert response.json["postponed"] is False
    assert response.json["bid_deadline"] == "2026-12-26T09:30:00+08:00"
    assert response.json["signup_deadline"] == "2026-12-20T17:00:00+08:00"


def test_published_14_days_23_hours_before_postpones_to_exactly_15_days(api, make, admin, clock):
    project = make.project(admin=admin)
    published = BID_DEADLINE - timedelta(days=14, hours=23)  # 2026-12-11 10:30 +08:00
    clock.set(published)
    response = amend(api, admin, project)
    assert response.json["postponed"] is True
    assert response.json["bid_deadline"] == "2026-12-26T10:30:00+08:00"  # published + 15 days
    assert response.json["signup_deadline"] == "2026-12-20T17:00:00+08:00"  # still before it: unchanged
    db.session.refresh(project)
    assert project.bid_deadline == published + timedelta(days=15)
    notice = db.session.get(Notice, response.json["notice_id"])
    assert notice.type == "change" and "2026-12-26 10:30" in notice.body and "第三章技术要求修改" in notice.body
    event = db.session.scalars(select(Event).where(Event.action == "project.amended")).one()
    assert event.before["bid_deadline"].startswith("2026-12-26T01:30") and event.sealed_scope is None


def test_a_requested_earlier_deadline_is_raised_to_the_minimum_and_the_signup_deadline_with_it(api, make, admin, clock):
    project = make.project(admin=admin)
    clock.set(T0)  # 2026-12-01 09:00 +08:00: minimum 12-16 09:00
    response = amend(api, admin, project, bid_deadline="2026-12-10T09:00:00+08:00")
    assert response.json["postponed"] is True
    assert response.json["bid_deadline"] == "2026-12-16T09:00:00+08:00"
    assert response.json["signup_deadline"] == "2026-12-16T09:00:00+08:00"  # was 12-20 17:00, after it


def test_a_later_deadline_asked_is_kept(api, make, admin, clock):
    project = make.project(admin=admin)
    response = amend(api, make.purchaser(project.purchaser), project,
                     bid_deadline="2027-01-05T09:30:00+08:00", signup_deadline="2027-01-04T17:00:00+08:00")
    assert response.status_code == 201
    assert (response.json["bid_deadline"], response.json["signup_deadline"], response.json["postponed"]) == (
        "2027-01-05T09:30:00+08:00", "2027-01-04T17:00:00+08:00", False)


def test_negotiation_counts_three_working_days(api, make, admin, clock):
    # Published Wed 2026-09-30 10:00: 3 working days later is Sat 10-10 10:00 (make-up day).
    clock.set(parse_datetime("2026-09-28T09:00:00+08:00"))
    project = make.project(admin=admin, method="competitive_negotiation", evaluation=evaluation(panel_size=3),
                           signup_deadline="2026-10-08T17:00:00+08:00", bid_deadline="2026-10-09T09:00:00+08:00")
    clock.set(parse_datetime("2026-09-30T10:00:00+08:00"))
    response = amend(api, admin, project)
    assert response.json["postponed"] is True
    assert response.json["bid_deadline"] == "2026-10-10T10:00:00+08:00"


def test_the_deadlines_asked_must_be_coherent_and_in_the_future(api, make, admin, clock):
    project = make.project(admin=admin)
    past = (T0 - timedelta(minutes=1)).isoformat()
    response = amend(api, admin, project, bid_deadline=past)
    assert error_of(response) == (422, "validation_failed")
    assert "bid_deadline" in response.json["error"]["fields"]
    response = amend(api, admin, project, bid_deadline="2027-01-05T09:30:00+08:00",
                     signup_deadline="2027-01-06T09:30:00+08:00")
    assert response.json["error"]["fields"]["signup_deadline"] == ["must not be after the bid deadline"]
    assert db.session.scalars(select(Notice).where(Notice.type == "change")).all() == []


def test_who_may_amend_and_when(api, make, admin, clock):
    project = make.project(admin=admin)
    assert error_of(amend(api, make.purchaser(), project)) == (403, "not_owner")
    assert error_of(amend(api, make.bidder(), project)) == (403, "forbidden")
    draft = make.project(status="draft")
    assert error_of(amend(api, admin, draft))[0] == 404  # the center does not see drafts
    submitted = make.project(status="submitted")
    assert error_of(amend(api, admin, submitted)) == (409, "wrong_status")


def test_signed_up_bidders_are_notified_each_alone(api, make, admin, clock):
    project = make.project(admin=admin)
    first, second, outsider = make.bidder(), make.bidder(), make.bidder()
    for bidder in (first, second):
        api.post(f"/api/v1/projects/{project.id}/signups", bidder)
    amend(api, admin, project)
    notified = db.session.scalars(select(Notification).where(Notification.kind == "project.amended")).all()
    assert sorted(n.user_id for n in notified) == sorted([first.id, second.id])
    assert all(set(n.params) == {"code", "title", "summary", "bid_deadline"} for n in notified)


def test_a_bid_that_predates_an_amendment_is_to_be_confirmed_or_replaced(api, make, admin, clock):
    project = make.project(admin=admin)
    bidder, later = make.bidder(), make.bidder()
    make.bid(project, bidder, "900000.00")
    status_url = f"/api/v1/projects/{project.id}/bid/status"
    assert api.get(status_url, bidder).json["amendments_to_confirm"] == []
    clock.advance(hours=1)
    amendment_id = amend(api, admin, project).json["id"]
    clock.advance(hours=1)
    make.bid(project, later, "910000.00")  # sealed after the amendment: nothing to confirm
    assert api.get(status_url, bidder).json["amendments_to_confirm"] == [amendment_id]
    assert api.get(status_url, later).json["amendments_to_confirm"] == []
    assert error_of(api.post(f"/api/v1/projects/{project.id}/bid/confirm", later)) == (409, "nothing_to_confirm")
    confirmed = api.post(f"/api/v1/projects/{project.id}/bid/confirm", bidder)
    assert confirmed.status_code == 200 and confirmed.json["amendments_to_confirm"] == []
    event = db.session.scalars(select(Event).where(Event.action == "bid.confirmed")).one()
    assert event.sealed_scope == f"project:{project.id}"
    # Replacing instead also settles it.
    clock.advance(hours=1)
    amend(api, admin, project)
    assert len(api.get(status_url, bidder).json["amendments_to_confirm"]) == 1
    make.bid(project, bidder, "905000.00")
    assert api.get(status_url, bidder).json["amendments_to_confirm"] == []


def test_the_bid_page_asks_for_confirmation(make, admin, login, clock):
    project = make.project(admin=admin)
    bidder = make.bidder()
    make.bid(project, bidder, "900000.00")
    clock.advance(hours=1)
    from trading.amendments.operations import publish_amendment

    publish_amendment(admin, project.id, "开标地点变更")
    db.session.commit()
    client = login(bidder)
    page = client.get(f"/projects/{project.id}/bid").get_data(as_text=True)
    assert "开标地点变更" in page and f"/projects/{project.id}/bid/confirm" in page
    english = client.get(f"/projects/{project.id}/bid?lang=en").get_data(as_text=True)
    assert "Confirm that your bid stands" in english
    response = client.post(f"/projects/{project.id}/bid/confirm", follow_redirects=True)
    assert f"/projects/{project.id}/bid/confirm" not in response.get_data(as_text=True)


def test_the_amendment_page(make, admin, login, clock):
    project = make.project(admin=admin)
    client = login(admin)
    page = client.get(f"/projects/{project.id}/amend?lang=en")
    assert page.status_code == 200 and "2026-12-16 09:00" in page.get_data(as_text=True)  # T0 + 15 days
    response = client.post(f"/projects/{project.id}/amend", data={"summary": "", "bid_deadline": ""})
    assert response.status_code == 422
    response = client.post(f"/projects/{project.id}/amend", data={"summary": "补充技术参数", "bid_deadline": "2026-12-10T09:00"},
                           follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "补充技术参数" in text and "2026-12-16 09:00" in text
    assert isoformat(project.bid_deadline) == "2026-12-16T09:00:00+08:00"
    assert login(make.bidder()).get(f"/projects/{project.id}/amend").status_code == 403


def test_an_amendment_adds_documents_and_a_bad_one_changes_nothing(api, make, admin, clock):
    import base64

    project = make.project(admin=admin)
    pdf = base64.b64encode(b"%PDF-1.4 revised").decode()
    bad = amend(api, admin, project, bid_deadline="2027-01-05T09:30:00+08:00",
                documents=[{"name": "修订.pdf", "content_base64": base64.b64encode(b"PK\x03\x04").decode()}])
    assert error_of(bad) == (422, "bad_document")
    db.session.refresh(project)
    assert isoformat(project.bid_deadline) == "2026-12-26T09:30:00+08:00"
    response = amend(api, admin, project, documents=[{"name": "修订.pdf", "content_base64": pdf}])
    listed = api.get(f"/api/v1/projects/{project.id}/documents").json["items"]
    assert [(d["name"], d["amendment_id"]) for d in listed] == [("修订.pdf", response.json["id"])]
    assert [a["id"] for a in api.get(f"/api/v1/projects/{project.id}/amendments").json["items"]] == [response.json["id"]]
