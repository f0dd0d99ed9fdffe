"""Accounts, organisations and credit through the API: registration, tokens, users, credit, sign-up refusals."""
import hashlib
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text

from core.extensions import db
from core.models import ApiToken, Organization, User
from scoring.pool.models import Expert
from tests.conftest import T0
from tests.builders.core import make_uscc

pytestmark = pytest.mark.usefixtures("fast_passwords")

BAD_USCC = "91350100M000100Y44"  # the valid example with its check character changed (3 -> 4)


def local(*args):
    """A moment in the center's local time (Beijing)."""
    return datetime(*args, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(timezone.utc)


def error_of(response, status, code):
    """Check the status and the one error shape; return the error."""
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert list(body) == ["error"]
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    return error


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def registration(username="minxing", uscc=None, **organization):
    return {
        "username": username,
        "password": "secret-pass-1",
        "organization": {"name": "福建闽兴建设工程有限公司", "uscc": uscc or make_uscc(901),
                         "contact_name": "张建平", "contact_phone": "0591-22860001"} | organization,
    }


def register(api, **kwargs):
    response = api.post("/api/v1/auth/register", json=registration(**kwargs))
    assert response.status_code == 201, response.json
    return db.session.get(User, response.json["user"]["id"])


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


# -- Registration -----------------------------------------------------------------------------

def test_register_creates_a_pending_bidder_organisation(api):
    r = api.post("/api/v1/auth/register", json=registration())
    assert r.status_code == 201, r.json
    org = r.json["organization"]
    assert (org["status"], org["kind"], org["uscc"]) == ("pending", "bidder", make_uscc(901))
    assert r.json["user"] | {"id": None} == {"id": None, "username": "minxing", "role": "bidder",
                                             "display_name": "张建平", "organization_id": org["id"]}
    assert db.session.get(Organization, org["id"]).approved_at is None


def test_register_with_a_bad_uscc_is_refused_with_the_field(api):
    error = error_of(api.post("/api/v1/auth/register", json=registration(uscc=BAD_USCC)), 422, "invalid_uscc")
    assert error["fields"] == {"organization.uscc": ["The check character is wrong: the code was mistyped."]}
    assert count(Organization) == count(User) == 0


def test_register_with_a_taken_username_creates_no_organisation(api):
    register(api)
    r = api.post("/api/v1/auth/register", json=registration(uscc=make_uscc(902)))
    assert error_of(r, 409, "username_taken")["fields"] == {"username": ["taken"]}
    assert count(Organization) == 1
    assert count(Organization, Organization.uscc == make_uscc(902)) == 0


def test_register_with_a_taken_uscc_creates_no_user(api):
    register(api)
    r = api.post("/api/v1/auth/register", json=registration(username="another"))
    assert error_of(r, 409, "uscc_taken")["fields"] == {"organization.uscc": ["already registered"]}
    assert count(User) == 1


def test_register_names_every_bad_field(api):
    body = registration(contact_phone="call me")
    body["password"] = "short"
    error = error_of(api.post("/api/v1/auth/register", json=body), 422, "validation_failed")
    assert set(error["fields"]) == {"password", "organization.contact_phone"}


# -- Tokens -----------------------------------------------------------------------------------

def test_token_for_the_right_password(api, make):
    user = make.user("supervisor", password="right-pass-1")
    r = api.post("/api/v1/auth/tokens", json={"username": user.username, "password": "right-pass-1"})
    assert r.status_code == 201, r.json
    assert r.json["expires_at"] == "2026-12-01T21:00:00+08:00"  # T0 09:00 + API_TOKEN_HOURS (12)
    assert api.get("/api/v1/me", headers=bearer(r.json["token"])).json["username"] == user.username


@pytest.mark.parametrize("username, password", [("known", "wrong-pass-1"), ("unknown", "right-pass-1")])
def test_token_refused_for_a_wrong_password_or_user(api, make, username, password):
    make.user("supervisor", username="known", password="right-pass-1")
    r = api.post("/api/v1/auth/tokens", json={"username": username, "password": password})
    assert error_of(r, 401, "invalid_credentials")["message"] == "Wrong username or password."
    assert count(ApiToken) == 0


def test_token_expires_after_api_token_hours(api, make, clock):
    user = make.user("supervisor", password="right-pass-1")
    token = api.post("/api/v1/auth/tokens", json={"username": user.username, "password": "right-pass-1"}).json["token"]
    clock.set(T0 + timedelta(hours=12) - timedelta(seconds=1))
    assert api.get("/api/v1/me", headers=bearer(token)).status_code == 200
    clock.set(T0 + timedelta(hours=12))
    error_of(api.get("/api/v1/me", headers=bearer(token)), 401, "invalid_token")


def test_tokens_are_stored_only_as_their_sha256(api, make):
    user = make.user("supervisor", password="right-pass-1")
    token = api.post("/api/v1/auth/tokens", json={"username": user.username, "password": "right-pass-1"}).json["token"]
    rows = db.session.execute(text("SELECT * FROM api_token")).all()
    assert len(rows) == 1
    assert hashlib.sha256(token.encode()).hexdigest() in rows[0]
    assert not any(token in str(value) for value in rows[0])


# -- Users ------------------------------------------------------------------------------------

def test_admin_creates_purchaser_expert_and_supervisor(api, make):
    admin = make.admin()
    org = api.post("/api/v1/organizations", admin, json={"name": "县人民医院", "uscc": make_uscc(801), "kind": "purchaser"})
    assert org.status_code == 201, org.json
    bodies = [
        {"username": "hospital", "role": "purchaser", "organization_id": org.json["id"]},
        {"username": "expert01", "role": "expert", "expert": {
            "name": "陈建华", "specialties": ["B01", "A01", "B01"], "employer_uscc": make_uscc(801),
            "employer_name": "县人民医院"}},
        {"username": "audit", "role": "supervisor"},
    ]
    for body in bodies:
        r = api.post("/api/v1/users", admin, json=body | {"password": "secret-pass-1"})
        assert r.status_code == 201, r.json
        assert (r.json["username"], r.json["role"]) == (body["username"], body["role"])
    expert = db.session.scalar(select(Expert))
    assert (expert.name, expert.specialty_codes, expert.employer_uscc) == ("陈建华", ["A01", "B01"], make_uscc(801))
    assert expert.user.display_name == "陈建华"
    r = api.post("/api/v1/auth/tokens", json={"username": "hospital", "password": "secret-pass-1"})
    assert r.status_code == 201


def test_a_user_belongs_to_an_organisation_of_its_kind(api, make):
    admin, bidder_org = make.admin(), make.org("bidder")
    r = api.post("/api/v1/users", admin, json={"username": "hospital", "password": "secret-pass-1",
                                               "role": "purchaser", "organization_id": bidder_org.id})
    assert error_of(r, 422, "validation_failed")["fields"] == {
        "organization_id": ["a purchaser belongs to a purchaser organisation"]}


def test_only_an_admin_creates_users(api, make):
    purchaser = make.purchaser()
    body = {"username": "audit", "password": "secret-pass-1", "role": "supervisor"}
    error_of(api.post("/api/v1/users", purchaser, json=body), 403, "forbidden")
    error_of(api.post("/api/v1/users", json=body), 401, "not_authenticated")
    error_of(api.post("/api/v1/users", json=body, headers=bearer("not-a-token")), 401, "invalid_token")
    assert count(User, User.username == "audit") == 0


def test_expert_with_a_bad_employer_uscc_leaves_no_account(api, make):
    admin = make.admin()
    r = api.post("/api/v1/users", admin, json={"username": "expert01", "password": "secret-pass-1", "role": "expert",
                                               "expert": {"name": "陈建华", "specialties": ["A01"], "employer_uscc": BAD_USCC}})
    assert set(error_of(r, 422, "invalid_uscc")["fields"]) == {"expert.employer_uscc"}
    assert count(User, User.username == "expert01") == 0  # the user row was flushed, then rolled back


# -- Organisations ----------------------------------------------------------------------------

def test_organisation_created_by_the_center_is_approved_at_once(api, make):
    admin = make.admin()
    r = api.post("/api/v1/organizations", admin, json={"name": "县第一中学", "uscc": make_uscc(802), "kind": "purchaser"})
    assert r.status_code == 201, r.json
    assert (r.json["status"], r.json["kind"]) == ("approved", "purchaser")
    assert db.session.get(Organization, r.json["id"]).approved_at == T0


def test_approve_a_pending_organisation_once(api, make):
    admin = make.admin()
    org_id = register(api).organization_id
    r = api.post(f"/api/v1/organizations/{org_id}/approve", admin)
    assert (r.status_code, r.json["status"]) == (200, "approved")
    error_of(api.post(f"/api/v1/organizations/{org_id}/approve", admin), 409, "wrong_status")
    error_of(api.post("/api/v1/organizations/999/approve", admin), 404, "not_found")


def test_reject_a_pending_organisation_needs_a_reason(api, make):
    admin = make.admin()
    org_id = register(api).organization_id
    error_of(api.post(f"/api/v1/organizations/{org_id}/reject", admin, json={}), 422, "validation_failed")
    r = api.post(f"/api/v1/organizations/{org_id}/reject", admin, json={"reason": "营业执照已过期"})
    assert (r.status_code, r.json["status"]) == (200, "rejected")
    error_of(api.post(f"/api/v1/organizations/{org_id}/approve", admin), 409, "wrong_status")


# -- Credit -----------------------------------------------------------------------------------

def put_credit(api, admin, org, **body):
    return api.put(f"/api/v1/organizations/{org.id}/credit", admin, json={"note": "年度信用评价"} | body)


def effective_score(api, admin, org):
    return api.get(f"/api/v1/organizations/{org.id}", admin).json["effective_credit_score"]


def test_credit_takes_a_score_or_a_grade(api, make):
    admin, org = make.admin(), make.org("bidder")
    r = put_credit(api, admin, org, score=90)
    assert (r.json["credit_score"], r.json["credit_grade"], r.json["effective_credit_score"]) == (90, None, 90.0)
    r = put_credit(api, admin, org, grade="B")
    assert (r.json["credit_score"], r.json["credit_grade"], r.json["effective_credit_score"]) == (None, "B", 80.0)
    error = error_of(put_credit(api, admin, org, score=90, grade="A"), 422, "validation_failed")
    assert error["fields"] == {"score": ["give a score or a grade, not both"]}
    assert set(error_of(put_credit(api, admin, org, score=101), 422, "validation_failed")["fields"]) == {"score"}
    r = api.put(f"/api/v1/organizations/{org.id}/credit", admin, json={"grade": "A"})
    assert set(error_of(r, 422, "validation_failed")["fields"]) == {"note"}
    assert effective_score(api, admin, org) == 80.0  # the refused requests changed nothing


def test_effective_credit_score_subtracts_unexpired_records(api, make, clock):
    admin, org = make.admin(), make.org("bidder")
    put_credit(api, admin, org, grade="B")
    for deduction, expires_on in (("5.00", "2027-06-30"), ("3.00", "2027-03-31"), ("4.00", "2026-12-15")):
        r = api.post(f"/api/v1/organizations/{org.id}/credit/records", admin,
                     json={"deduction": deduction, "reason": "提供虚假材料", "expires_on": expires_on})
        assert r.status_code == 201, r.json
        assert (r.json["deduction"], r.json["expires_on"]) == (deduction, expires_on)
    assert effective_score(api, admin, org) == 68.0  # B 80 - 5 - 3 - 4
    clock.set(local(2026, 12, 15, 9, 0))
    assert effective_score(api, admin, org) == 72.0  # the 4-point record has expired: 80 - 5 - 3


def test_default_score_is_80_and_the_score_never_goes_below_zero(api, make):
    admin, org = make.admin(), make.org("bidder")
    assert effective_score(api, admin, org) == 80.0
    put_credit(api, admin, org, score=10)
    api.post(f"/api/v1/organizations/{org.id}/credit/records", admin,
             json={"deduction": "15", "reason": "串通投标", "expires_on": "2027-12-01"})
    assert effective_score(api, admin, org) == 0.0  # 10 - 15, clamped


def test_credit_record_needs_a_positive_deduction_and_a_future_expiry(api, make):
    admin, org = make.admin(), make.org("bidder")
    url = f"/api/v1/organizations/{org.id}/credit/records"
    r = api.post(url, admin, json={"deduction": "5", "reason": "x", "expires_on": "2026-12-01"})  # today
    assert set(error_of(r, 422, "validation_failed")["fields"]) == {"expires_on"}
    r = api.post(url, admin, json={"deduction": "0", "reason": "x", "expires_on": "2027-12-01"})
    assert set(error_of(r, 422, "validation_failed")["fields"]) == {"deduction"}
    assert org.credit_records == []


# -- Who may sign up --------------------------------------------------------------------------

def test_blacklisted_bidder_cannot_sign_up_until_the_day_after(api, make, clock):
    admin = make.admin()
    project, bidder = make.project(admin=admin), make.bidder()
    r = put_credit(api, admin, bidder.organization, blacklisted_until="2026-12-10", note="列入失信被执行人名单")
    assert r.json["blacklisted_until"] == "2026-12-10"
    url = f"/api/v1/projects/{project.id}/signups"
    message = error_of(api.post(url, bidder), 422, "blacklisted")["message"]
    assert "2026-12-10" in message and "列入失信被执行人名单" in message
    clock.set(local(2026, 12, 10, 23, 59, 59))  # the date itself: still blacklisted
    error_of(api.post(url, bidder), 422, "blacklisted")
    clock.set(local(2026, 12, 11, 0, 0, 0))
    assert api.post(url, bidder).status_code == 201


def test_pending_organisation_cannot_sign_up_until_approved(api, make):
    admin = make.admin()
    project, user = make.project(admin=admin), register(api)
    url = f"/api/v1/projects/{project.id}/signups"
    error_of(api.post(url, user), 403, "organization_not_approved")
    api.post(f"/api/v1/organizations/{user.organization_id}/approve", admin)
    assert api.post(url, user).status_code == 201


# -- Request handling -------------------------------------------------------------------------

@pytest.mark.parametrize("body, content_type", [
    ("{not json", "application/json"),
    ('["username", "password"]', "application/json"),
    ("username=known", "application/x-www-form-urlencoded"),
])
def test_a_body_that_is_not_a_json_object_is_400(api, body, content_type):
    r = api.post("/api/v1/auth/tokens", data=body, content_type=content_type)
    error_of(r, 400, "malformed_json")


def test_unknown_paths_and_methods_answer_in_the_error_shape(api):
    error_of(api.get("/api/v1/no-such-thing"), 404, "not_found")
    error_of(api.put("/api/v1/auth/tokens"), 405, "method_not_allowed")
