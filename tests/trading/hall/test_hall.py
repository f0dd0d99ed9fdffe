"""The opening hall: check-ins, the record as the center opens it, confirmations, objections and answers;
and the printable opening record (PDF)."""
import hashlib
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from core import documents
from core.extensions import db
from core.models import Event, User
from core.notifications import Notification
from tests.conftest import error_of
from trading.hall import operations as hall
from trading.hall.models import HallAttendance
from trading.hall.tasks import store_opening_records

pytestmark = pytest.mark.usefixtures("fast_passwords")
PRICES = ["900000.00", "910000.00", "920000.00"]


@pytest.fixture
def scene(make):
    purchaser, admin = make.purchaser(), make.admin()
    project = make.project(purchaser=purchaser, admin=admin, status="published")
    bidders = [make.bidder(name=name) for name in ("闽江路桥建设有限公司", "榕城照明工程有限公司", "海峡电气安装有限公司")]
    bids = [make.bid(project, bidder, price) for bidder, price in zip(bidders, PRICES)]
    signed_only = make.bidder(name="只报名未投标公司")
    from trading.tender import operations as ops
    ops.sign_up(signed_only, project.id)
    db.session.commit()
    return {"project": project, "purchaser": purchaser, "admin": admin, "bidders": bidders, "bids": bids,
            "signed_only": signed_only, "supervisor": make.supervisor()}


def _open(api, clock, scene):
    clock.set(scene["project"].bid_deadline)
    response = api.post(f"/api/v1/projects/{scene['project'].id}/open", scene["admin"])
    assert response.status_code == 200, response.json
    return scene["project"].opened_at


def test_check_in_opens_thirty_minutes_before_the_deadline(api, clock, scene):
    project, bidder = scene["project"], scene["bidders"][0]
    url = f"/api/v1/projects/{project.id}/hall/checkin"
    clock.set(project.bid_deadline - timedelta(minutes=30, seconds=1))
    assert error_of(api.post(url, bidder)) == (409, "checkin_not_open")
    clock.set(project.bid_deadline - timedelta(minutes=30))
    response = api.post(url, bidder)
    assert response.status_code == 201, response.json
    assert response.json["participant"] is True and response.json["me"]["checked_in_at"]
    assert response.json["attendance"] == [] and response.json["bids"] == []  # sealed until opening
    assert error_of(api.post(url, bidder)) == (409, "already_checked_in")
    event = db.session.scalar(select(Event).where(Event.action == "hall.checked_in"))
    assert event.sealed_scope == f"project:{project.id}"


def test_only_participants_check_in(api, clock, scene):
    project = scene["project"]
    clock.set(project.bid_deadline - timedelta(minutes=5))
    url = f"/api/v1/projects/{project.id}/hall/checkin"
    assert error_of(api.post(url, scene["signed_only"])) == (403, "not_participant")
    for role in ("admin", "purchaser", "supervisor"):
        assert api.post(url, scene[role]).status_code == 403
    _open(api, clock, scene)
    assert error_of(api.post(url, scene["bidders"][1])) == (409, "checkin_closed")


def test_the_hall_shows_the_record_after_opening_with_check_ins(api, clock, scene):
    project, bidders = scene["project"], scene["bidders"]
    clock.set(project.bid_deadline - timedelta(minutes=10))
    api.post(f"/api/v1/projects/{project.id}/hall/checkin", bidders[0])
    before = api.get(f"/api/v1/projects/{project.id}/hall", scene["admin"]).json
    assert before["bids"] == [] and before["attendance"] == [] and before["status"] == "published"
    _open(api, clock, scene)
    for viewer in ("admin", "purchaser", "supervisor"):
        view = api.get(f"/api/v1/projects/{project.id}/hall", scene[viewer]).json
        assert sorted(b["price"] for b in view["bids"]) == PRICES
        assert [a["bidder"] for a in view["attendance"] if a["checked_in_at"]] == ["闽江路桥建设有限公司"]
    mine = api.get(f"/api/v1/projects/{project.id}/hall", bidders[0]).json
    assert mine["participant"] and mine["me"]["checked_in_at"] and len(mine["bids"]) == 3
    assert api.get(f"/api/v1/projects/{project.id}/hall", scene["signed_only"]).status_code == 403


def test_objections_only_within_the_window(api, clock, scene, app):
    project, bidder = scene["project"], scene["bidders"][1]
    url = f"/api/v1/projects/{project.id}/hall/objections"
    assert error_of(api.post(url, bidder, json={"text": "价格唱错"})) == (409, "not_opened")
    opened_at = _open(api, clock, scene)
    assert app.config["OBJECTION_WINDOW_MINUTES"] == 30
    clock.set(opened_at + timedelta(minutes=30))  # the last moment of the window
    response = api.post(url, bidder, json={"text": "我公司报价应为910000元，请核实唱标。"})
    assert response.status_code == 201, response.json
    clock.set(opened_at + timedelta(minutes=30, seconds=1))
    assert error_of(api.post(url, bidder, json={"text": "再次异议"})) == (409, "objection_window_closed")
    assert error_of(api.post(f"/api/v1/projects/{project.id}/hall/confirm", bidder)) == (409, "objection_window_closed")


def test_objections_only_from_participants(api, clock, scene):
    project = scene["project"]
    _open(api, clock, scene)
    url = f"/api/v1/projects/{project.id}/hall/objections"
    assert error_of(api.post(url, scene["signed_only"], json={"text": "异议"})) == (403, "not_participant")
    outsider = scene["admin"]
    assert api.post(url, outsider, json={"text": "异议"}).status_code == 403
    assert error_of(api.post(url, scene["bidders"][0], json={"text": "  "})) == (400, "validation_failed") or \
        api.post(url, scene["bidders"][0], json={"text": "  "}).status_code in (400, 422)


def test_confirm_answer_notifications_and_trail(api, clock, scene):
    project, bidders, admin = scene["project"], scene["bidders"], scene["admin"]
    _open(api, clock, scene)
    clock.advance(minutes=5)
    response = api.post(f"/api/v1/projects/{project.id}/hall/confirm", bidders[0])
    assert response.status_code == 200 and response.json["me"]["confirmed_at"]
    assert error_of(api.post(f"/api/v1/projects/{project.id}/hall/confirm", bidders[0])) == (409, "already_confirmed")
    objection = api.post(f"/api/v1/projects/{project.id}/hall/objections", bidders[2],
                         json={"text": "我方投标文件哈希值与回执不一致"}).json
    center_inbox = db.session.scalars(select(Notification).where(Notification.user_id == admin.id,
                                                                 Notification.kind == "opening.objection")).all()
    assert len(center_inbox) == 1
    answer_url = f"/api/v1/projects/{project.id}/hall/objections/{objection['id']}/answer"
    assert api.post(answer_url, bidders[0], json={"answer": "x"}).status_code == 403
    assert api.post(answer_url, scene["purchaser"], json={"answer": "x"}).status_code == 403
    answered = api.post(answer_url, admin, json={"answer": "经核对，回执一致，异议不成立。"})
    assert answered.status_code == 200 and answered.json["answer"] == "经核对，回执一致，异议不成立。"
    assert error_of(api.post(answer_url, admin, json={"answer": "再答"})) == (409, "already_answered")
    assert error_of(api.post(f"/api/v1/projects/{project.id}/hall/objections/999999/answer", admin,
                             json={"answer": "x"})) == (404, "objection_not_found")
    bidder_inbox = db.session.scalars(select(Notification).where(
        Notification.user_id == bidders[2].id, Notification.kind == "opening.objection_answered")).all()
    assert len(bidder_inbox) == 1
    actions = set(db.session.scalars(select(Event.action)).all())
    assert {"hall.record_confirmed", "hall.objection_raised", "hall.objection_answered"} <= actions
    view = api.get(f"/api/v1/projects/{project.id}/hall", scene["supervisor"]).json
    assert [o["answer"] for o in view["objections"]] == ["经核对，回执一致，异议不成立。"]
    assert [a["bidder"] for a in view["attendance"] if a["confirmed_at"]] == ["闽江路桥建设有限公司"]


def test_hall_pages(login, clock, scene, api):
    project, bidder = scene["project"], scene["bidders"][0]
    client = login(bidder)
    clock.set(project.bid_deadline - timedelta(minutes=20))
    page = client.get(f"/projects/{project.id}/hall").get_data(as_text=True)
    assert "开标大厅" in page and "签到" in page and "js/hall.js" in page
    response = client.post(f"/projects/{project.id}/hall/checkin", follow_redirects=True)
    assert "已签到" in response.get_data(as_text=True)
    assert db.session.scalar(select(HallAttendance.checked_in_at).where(
        HallAttendance.organization_id == bidder.organization_id)) is not None
    live = client.get(f"/projects/{project.id}/hall/live").json
    assert live["status"] == "published" and "闽江路桥" not in live["html"].replace(bidder.organization.name, "")
    _open(api, clock, scene)
    live = client.get(f"/projects/{project.id}/hall/live").json
    assert live["status"] == "opened" and "¥910,000.00" in live["html"]
    client.post(f"/projects/{project.id}/hall/objections", data={"text": "唱标价格有误"})
    admin_page = login(scene["admin"]).get(f"/projects/{project.id}/hall?lang=en").get_data(as_text=True)
    assert "Objections to answer" in admin_page and "唱标价格有误" in admin_page
    assert login(scene["signed_only"]).get(f"/projects/{project.id}/hall").status_code == 403


def test_the_opening_record_pdf_has_every_bidder_price_and_receipt(login, api, clock, scene):
    from pypdf import PdfReader

    project = scene["project"]
    clock.set(project.bid_deadline - timedelta(minutes=1))
    api.post(f"/api/v1/projects/{project.id}/hall/checkin", scene["bidders"][0])
    _open(api, clock, scene)
    client = login(scene["supervisor"])
    page = client.get(f"/projects/{project.id}/opening-record")
    assert page.status_code == 200 and "开标记录表" in page.get_data(as_text=True)
    waiting = client.get(f"/projects/{project.id}/opening-record.pdf")
    assert waiting.status_code == 404 and "异议" in waiting.get_data(as_text=True)
    clock.advance(minutes=31)  # the objection window closed: the opening is done
    assert store_opening_records() == 1
    response = client.get(f"/projects/{project.id}/opening-record.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    stored = documents.latest("opening_record", project)
    assert response.headers["ETag"] == f'"{stored.sha256}"'
    assert hashlib.sha256(response.data).hexdigest() == stored.sha256
    assert client.get(f"/projects/{project.id}/opening-record.pdf",
                      headers={"If-None-Match": f'"{stored.sha256}"'}).status_code == 304
    assert store_opening_records() == 0  # stored once
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    compact = text.replace("\n", "").replace(" ", "")
    for bidder, price, bid in zip(scene["bidders"], ["¥900,000.00", "¥910,000.00", "¥920,000.00"], scene["bids"]):
        assert bidder.organization.name in compact
        assert price in compact
        assert bid.receipt in compact, f"receipt {bid.receipt} missing"
    assert project.code in compact


def test_the_opening_record_is_not_printable_before_opening(login, scene):
    response = login(scene["admin"]).get(f"/projects/{scene['project'].id}/opening-record")
    assert response.status_code == 404


def test_the_demo_has_a_project_to_open_at_once_and_an_opening_hall_with_an_answered_objection(app, api):
    from core import clock as clock_module
    from core.seed import seed_demo
    from trading.hall.models import OpeningObjection
    from trading.tender.models import Project

    seed_demo()
    db.session.commit()
    due = db.session.scalar(select(Project).where(Project.title == "县城区主干道路灯节能改造工程"))
    assert due.status == "published" and due.bid_deadline <= clock_module.now()
    assert due.bid_deadline > clock_module.now() - timedelta(minutes=1)
    center = db.session.scalar(select(User).where(User.username == "center"))
    project, bids = __import__("trading.tender.operations", fromlist=["open_bids"]).open_bids(center, due.id)
    assert project.status == "opened" and len(bids) >= 3
    assert len([a for a in hall.attendances(project) if a.checked_in_at]) == 3
    ct = db.session.scalar(select(Project).where(Project.title == "县人民医院64排CT设备采购项目"))
    attendance = hall.attendances(ct)
    assert len([a for a in attendance if a.checked_in_at]) == 4 and len([a for a in attendance if a.confirmed_at]) == 3
    objection = db.session.scalar(select(OpeningObjection).where(OpeningObjection.project_id == ct.id))
    assert objection.answered_at is not None and "异议不成立" in objection.answer
    assert seed_demo() == "Demo data already present: nothing created."
