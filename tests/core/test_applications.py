"""Rejected registrations: the applicant sees the reason, corrects and resubmits; a rejected
application never holds the USCC; its account may only work on its own application."""
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.models import Event, Organization, User
from tests.builders.core import TEST_PASSWORD, make_uscc

pytestmark = pytest.mark.usefixtures("fast_passwords")

USCC = make_uscc(901)
REASON = "营业执照已过期，请上传有效的营业执照"


def registration(username="minxing", uscc=USCC, name="福建闽兴建设工程有限公司"):
    return {"username": username, "password": TEST_PASSWORD, "organization": {
        "name": name, "uscc": uscc, "contact_name": "张建平", "contact_phone": "0591-22860001"}}


def application(**changes):
    return {"name": "福建闽兴建设工程有限公司", "uscc": USCC, "contact_name": "张建平",
            "contact_phone": "0591-22860001"} | changes


@pytest.fixture
def admin(make):
    return make.admin()


@pytest.fixture
def rejected(api, admin):
    """A bidder whose registration the center rejected, with REASON."""
    response = api.post("/api/v1/auth/register", json=registration())
    assert response.status_code == 201, response.json
    user = db.session.get(User, response.json["user"]["id"])
    response = api.post(f"/api/v1/organizations/{user.organization_id}/reject", admin, json={"reason": REASON})
    assert response.status_code == 200, response.json
    return user


def test_the_rejected_applicant_sees_the_reason(api, rejected, admin):
    response = api.get("/api/v1/me/application", rejected)
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["rejection_reason"]) == ("rejected", REASON)
    assert api.get(f"/api/v1/organizations/{rejected.organization_id}", admin).json["rejection_reason"] == REASON


def test_a_rejected_account_may_only_work_on_its_application(api, make, rejected):
    project = make.project()
    for method, url in [("GET", "/api/v1/projects"), ("GET", f"/api/v1/projects/{project.id}"),
                        ("POST", f"/api/v1/projects/{project.id}/signups"), ("GET", "/api/v1/my/bids"),
                        ("GET", f"/api/v1/organizations/{rejected.organization_id}")]:
        response = api.call(method, url, rejected)
        assert (response.status_code, response.json["error"]["code"]) == (403, "application_rejected"), url
    assert api.get("/api/v1/me", rejected).status_code == 200
    assert api.get("/api/v1/me/application", rejected).status_code == 200
    new_password = "Copper-Kettle-Morning-88"
    response = api.post("/api/v1/me/password", rejected,
                        json={"current_password": TEST_PASSWORD, "new_password": new_password})
    assert response.status_code == 200, response.json
    token = api.post("/api/v1/auth/tokens", json={"username": rejected.username, "password": new_password}
                     ).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert api.put("/api/v1/me/application", json=application(), headers=headers).status_code == 200
    assert api.delete("/api/v1/auth/tokens", headers=headers).status_code == 204


def test_a_pending_account_keeps_its_access_and_cannot_resubmit(api, make):
    api.post("/api/v1/auth/register", json=registration())
    pending = db.session.scalar(select(User).filter_by(username="minxing"))
    assert api.get("/api/v1/my/bids", pending).status_code == 200
    assert api.get("/api/v1/projects", pending).status_code == 200
    response = api.put("/api/v1/me/application", pending, json=application())
    assert (response.status_code, response.json["error"]["code"]) == (409, "wrong_status")
    assert response.json["error"]["message"] == "Only a rejected application can be resubmitted; this one is pending."


def test_resubmitting_corrects_the_application_and_makes_it_pending(api, admin, rejected):
    corrected = application(name="福建闽兴建设集团有限公司", contact_phone="0591-22860002")
    response = api.put("/api/v1/me/application", rejected, json=corrected)
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["name"], response.json["rejection_reason"]) == (
        "pending", "福建闽兴建设集团有限公司", None)
    event = db.session.scalar(select(Event).where(Event.action == "organization.resubmitted"))
    assert (event.object_id, event.actor_id) == (rejected.organization_id, rejected.id)
    assert (event.before["status"], event.before["rejection_reason"], event.before["name"]) == (
        "rejected", REASON, "福建闽兴建设工程有限公司")
    assert (event.after["status"], event.after["contact_phone"]) == ("pending", "0591-22860002")
    assert api.get("/api/v1/projects", rejected).status_code == 200, "pending again: today's access"
    response = api.post(f"/api/v1/organizations/{rejected.organization_id}/approve", admin)
    assert response.json["status"] == "approved"


def test_a_resubmission_is_checked_like_a_registration(api, rejected):
    response = api.put("/api/v1/me/application", rejected, json=application(uscc="91350100M000100Y44"))
    assert (response.status_code, response.json["error"]["code"]) == (422, "invalid_uscc")
    response = api.put("/api/v1/me/application", rejected, json=application(contact_phone="call me"))
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["contact_phone"])
    assert db.session.get(Organization, rejected.organization_id).status == "rejected"


def test_a_rejected_application_does_not_hold_the_uscc(api, admin, rejected):
    real = api.post("/api/v1/auth/register", json=registration(username="real-company", name="闽兴建设（真实）"))
    assert real.status_code == 201, real.json
    assert real.json["organization"]["uscc"] == USCC
    response = api.put("/api/v1/me/application", rejected, json=application())
    assert (response.status_code, response.json["error"]["code"]) == (409, "uscc_taken")
    assert response.json["error"]["fields"] == {"uscc": ["already registered"]}
    org = db.session.get(Organization, rejected.organization_id)
    assert (org.status, org.rejection_reason) == ("rejected", REASON), "the refused resubmission changed nothing"
    other = application(uscc=make_uscc(902))
    assert api.put("/api/v1/me/application", rejected, json=other).json["status"] == "pending"


def test_the_center_can_register_a_uscc_a_rejected_application_used(api, admin, rejected):
    response = api.post("/api/v1/organizations", admin, json={"name": "闽兴建设", "uscc": USCC, "kind": "bidder"})
    assert response.status_code == 201, response.json
    response = api.post("/api/v1/organizations", admin, json={"name": "另一单位", "uscc": USCC, "kind": "bidder"})
    assert (response.status_code, response.json["error"]["code"]) == (409, "uscc_taken")


def test_the_database_holds_a_uscc_once_among_organisations_not_rejected(app):
    for status in ("rejected", "rejected", "approved"):
        db.session.add(Organization(name="单位", uscc=USCC, kind="bidder", status=status))
        db.session.commit()
    db.session.add(Organization(name="单位", uscc=USCC, kind="bidder", status="pending"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


# -- Pages ------------------------------------------------------------------------------------

def page(response):
    return response.get_data(as_text=True)


def test_the_rejected_applicant_logs_in_to_its_account_page_and_resubmits(app, rejected):
    client = app.test_client()
    response = client.post("/login", data={"username": rejected.username, "password": TEST_PASSWORD},
                           follow_redirects=True)
    assert response.request.path == "/account"
    assert REASON in page(response) and "修改并重新提交注册申请" in page(response)
    response = client.post("/account/application", data=application(name="福建闽兴建设集团有限公司"),
                           follow_redirects=True)
    assert "修改后的注册申请已提交交易中心审核" in page(response)
    org = db.session.get(Organization, rejected.organization_id)
    assert (org.status, org.name) == ("pending", "福建闽兴建设集团有限公司")
    assert "修改并重新提交注册申请" not in page(client.get("/account"))


def test_the_account_page_shows_a_taken_uscc_on_its_field(api, app, rejected):
    api.post("/api/v1/auth/register", json=registration(username="real-company"))
    client = app.test_client()
    client.post("/login", data={"username": rejected.username, "password": TEST_PASSWORD})
    response = client.post("/account/application", data=application(uscc=USCC.lower()))
    html = page(response)
    assert response.status_code == 422
    assert html.index("已被注册", html.index('id="uscc"')) < html.index('id="contact_name"')
    assert db.session.get(Organization, rejected.organization_id).status == "rejected"
