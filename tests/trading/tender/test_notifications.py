"""The tender lifecycle's notifications: who gets which, and nothing about sealed bids."""
import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from core import notifications
from core.extensions import db
from core.notifications import Notification, OutboxMessage
from core.timeutil import parse_datetime
from tests.builders.trading import project_payload

pytestmark = pytest.mark.usefixtures("fast_passwords")

BID_DEADLINE = parse_datetime(project_payload()["bid_deadline"])


def received(user):
    """(kind, title, body, link) of the user's notifications, newest first, in English."""
    with force_locale("en"):
        return [(n.kind, *notifications.render(n), n.link) for n in db.session.scalars(notifications.inbox(user))]


def notification_count():
    return db.session.scalar(select(func.count()).select_from(Notification))


@pytest.fixture
def people(make):
    """The purchasing unit with two users, the center, and four approved bidders."""
    purchaser = make.purchaser()
    return {
        "purchasers": [purchaser, make.purchaser(purchaser.organization)],
        "admin": make.admin(),
        "bidders": [make.bidder() for _ in range(4)],
    }


def test_publishing_tells_every_user_of_the_purchasing_unit(make, people):
    project = make.project(people["purchasers"][0], title="城区道路照明改造", admin=people["admin"])
    expected = [("project.published", f"Project {project.code} published",
                 f"The tender notice of project {project.code} “城区道路照明改造” has been published.",
                 f"/projects/{project.id}")]
    assert [received(u) for u in people["purchasers"]] == [expected, expected]
    assert notification_count() == 2, "nobody else: not the center, not the bidders"


def test_returning_tells_the_purchasing_unit_why(api, make, people):
    project = make.project(people["purchasers"][0], status="submitted", title="学校食堂设备采购")
    response = api.post(f"/api/v1/projects/{project.id}/return", people["admin"], json={"reason": "预算说明不完整"})
    assert response.status_code == 200
    for user in people["purchasers"]:
        assert received(user) == [("project.returned", f"Project {project.code} returned",
                                   f"The trading center returned project {project.code} “学校食堂设备采购” "
                                   "for correction: 预算说明不完整", f"/projects/{project.id}")]
    assert notification_count() == 2


def test_a_refused_publication_notifies_nobody(api, make, people):
    project = make.project(people["purchasers"][0], status="submitted", bid_deadline="2026-12-10T09:30:00+08:00",
                           signup_deadline="2026-12-09T09:30:00+08:00")
    assert api.post(f"/api/v1/projects/{project.id}/publish", people["admin"]).status_code == 422
    assert notification_count() == 0


def test_the_opening_tells_the_purchasing_unit_and_the_bidders_whose_bids_were_opened(api, make, people, clock):
    bidders = people["bidders"]
    project = make.project(people["purchasers"][0], admin=people["admin"], title="路灯")
    for bidder, price in zip(bidders, ["900000.00", "910000.00", "920000.00", "930000.00"]):
        make.bid(project, bidder, price)
    assert api.delete(f"/api/v1/projects/{project.id}/bid", bidders[3]).status_code in (200, 204)
    clock.set(BID_DEADLINE)
    assert api.post(f"/api/v1/projects/{project.id}/open", people["admin"]).json["status"] == "opened"

    opened = ("project.opened", f"Bids opened: project {project.code}",
              f"The bids of project {project.code} “路灯” have been opened; the opening record is available.",
              f"/projects/{project.id}")
    for user in bidders[:3]:
        assert received(user) == [opened]
    for user in people["purchasers"]:
        assert [kind for kind, *_ in received(user)] == ["project.opened", "project.published"]
        assert received(user)[0] == opened
    assert received(bidders[3]) == [], "a withdrawn bid was not opened"
    assert received(people["admin"]) == []


def test_a_failed_opening_says_the_tender_failed(api, make, people, clock):
    bidder = people["bidders"][0]
    project = make.project(people["purchasers"][0], admin=people["admin"], title="路灯")
    make.bid(project, bidder, "900000.00")
    clock.set(BID_DEADLINE)
    assert api.post(f"/api/v1/projects/{project.id}/open", people["admin"]).json["status"] == "failed"
    failed = ("project.failed", f"Tender failed: project {project.code}",
              f"The bids of project {project.code} “路灯” have been opened with too few valid bids: the tender failed. "
              "The opening record is available.", f"/projects/{project.id}")
    for user in (*people["purchasers"], bidder):
        assert received(user)[0] == failed
    assert received(people["bidders"][1]) == []


def test_sign_ups_and_bids_notify_nobody_at_all(app, api, make, people, clock):
    """Nothing sealed is notified: not to the purchasing unit, the center, or anyone else."""
    app.config["NOTIFICATION_CHANNELS"] = ["sms"]
    project = make.project(people["purchasers"][0], admin=people["admin"])
    before = (notification_count(), db.session.scalar(select(func.count()).select_from(OutboxMessage)))
    first, second, third, fourth = people["bidders"]
    assert api.post(f"/api/v1/projects/{project.id}/signups", first).status_code == 201
    bid = {"price": "900000.00", "technical_proposal": "方案"}
    assert api.put(f"/api/v1/projects/{project.id}/bid", first, json=bid).status_code == 200
    assert api.put(f"/api/v1/projects/{project.id}/bid", first, json=bid | {"price": "899000.00"}).status_code == 200
    make.bid(project, second, "910000.00")
    make.bid(project, third, "920000.00")
    assert api.delete(f"/api/v1/projects/{project.id}/bid", third).status_code in (200, 204)
    assert api.post(f"/api/v1/projects/{project.id}/signups", fourth).status_code == 201
    clock.set(BID_DEADLINE)
    assert api.put(f"/api/v1/projects/{project.id}/bid", fourth, json=bid).status_code == 409
    after = (notification_count(), db.session.scalar(select(func.count()).select_from(OutboxMessage)))
    assert before == after == (2, 2), "only the publication (to the two purchaser users)"
