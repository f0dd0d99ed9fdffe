"""Bad input gets a 4xx with the JSON error shape (API) or an error page (pages), never a 500.

Most of these returned 500 on PostgreSQL only (integer and bigint overflow, NUL bytes, numeric
overflow), so every test here runs on both databases."""
import re

import pytest
from werkzeug.routing import IntegerConverter
from werkzeug.routing import IntegerConverter

from core.extensions import db
from core.inputs import at_most
from core.models import CreditRecord, Organization, User
from tests.conftest import error_of
from tests.builders.core import make_uscc

pytestmark = pytest.mark.usefixtures("fast_passwords")

HUGE_IDS = ["2147483648", "99999999999999999999", "9" * 5000]
BAD_TEXTS = {"nul": "ab\x00cd", "surrogate": "ab\ud800cd"}
NUL_OR_SURROGATE = "must not contain a NUL character or an unpaired surrogate"


def int_routes(app):
    """Every route with an <int:...> argument."""
    for rule in app.url_map.iter_rules():
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values()):
            yield rule


def fill(rule, value):
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<int:{name}>", value)
    return path


def test_every_int_route_uses_the_bounded_converter(app):
    routes = list(int_routes(app))
    assert len(routes) >= 20
    for rule in routes:
        for converter in rule._converters.values():
            if isinstance(converter, IntegerConverter):
                assert converter.max == 2**31 - 1


@pytest.mark.parametrize("value", HUGE_IDS, ids=["2**31", "20_digits", "5000_digits"])
def test_ids_beyond_32_bits_are_not_found_on_every_route(app, make, login, value):
    admin = make.admin()
    api_client, page_client = app.test_client(), login(admin)
    from core.accounts import issue_token

    token, _ = issue_token(admin)
    db.session.commit()
    for rule in int_routes(app):
        path = fill(rule, value)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if path.startswith("/api/"):
                response = api_client.open(path, method=method, headers={"Authorization": f"Bearer {token}"}, json={})
                assert error_of(response) == (404, "not_found"), (method, path)
            else:
                response = page_client.open(path, method=method)
                assert response.status_code == 404, (method, path)
                assert "text/html" in response.content_type


@pytest.mark.parametrize("limit", [0, 7, 9, 10, 99, 100, 120, 2**31 - 1])
def test_the_id_pattern_matches_exactly_the_numbers_up_to_its_limit(limit):
    pattern = re.compile(at_most(limit))
    numbers = set(range(0, 2100)) | set(range(max(0, limit - 1100), limit + 1100)) | {10 * limit + 9, 10**12}
    assert [n for n in sorted(numbers) if bool(pattern.fullmatch(str(n))) != (n <= limit)] == []
    assert pattern.fullmatch("000" + str(limit))


def test_the_largest_32_bit_id_is_a_plain_not_found(api, make):
    assert error_of(api.get("/api/v1/projects/2147483647")) == (404, "not_found")
    assert error_of(api.get("/api/v1/organizations/2147483647", make.admin())) == (404, "not_found")


def test_non_ascii_digits_are_no_id(client):
    assert client.get("/api/v1/projects/%D9%A1").status_code == 404  # ARABIC-INDIC DIGIT ONE


# -- Pagination -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/v1/projects", "/api/v1/organizations"])
def test_a_page_beyond_the_bound_is_a_field_error(api, make, path):
    admin = make.admin()
    response = api.get(f"{path}?page={10**20}", admin)
    assert error_of(response) == (422, "validation_failed")
    assert list(response.json["error"]["fields"]) == ["page"]
    assert api.get(f"{path}?page=100000", admin).status_code == 200
    assert error_of(api.get(f"{path}?page=100001", admin))[0] == 422


@pytest.mark.parametrize("path", ["/projects", "/admin/organizations", "/admin/users"])
def test_pages_clamp_a_huge_page_number(login, make, path):
    client = login(make.admin())
    assert client.get(f"{path}?page={10**20}").status_code == 200
    assert client.get(f"{path}?page=-5").status_code == 200


# -- NUL bytes and unpaired surrogates ----------------------------------------------------------

@pytest.mark.parametrize("kind", BAD_TEXTS)
def test_registration_refuses_nul_and_surrogates_in_every_string(api, kind):
    bad = BAD_TEXTS[kind]
    body = {"username": f"user{bad}", "password": f"password{bad}",
            "organization": {"name": f"单位{bad}", "uscc": make_uscc(7), "contact_name": f"王{bad}",
                             "contact_phone": "0591-1234567"}}
    response = api.post("/api/v1/auth/register", json=body)
    assert error_of(response) == (422, "validation_failed")
    assert response.json["error"]["fields"] == {
        "username": [NUL_OR_SURROGATE], "password": [NUL_OR_SURROGATE],
        "organization.name": [NUL_OR_SURROGATE], "organization.contact_name": [NUL_OR_SURROGATE],
    }
    assert db.session.query(User).count() == 0


@pytest.mark.parametrize("kind", BAD_TEXTS)
def test_an_organisation_name_with_nul_or_a_surrogate_is_refused(api, make, kind):
    response = api.post("/api/v1/organizations", make.admin(),
                        json={"name": f"单位{BAD_TEXTS[kind]}", "uscc": make_uscc(9), "kind": "purchaser"})
    assert error_of(response) == (422, "validation_failed")
    assert response.json["error"]["fields"] == {"name": [NUL_OR_SURROGATE]}


@pytest.mark.parametrize("kind", BAD_TEXTS)
def test_a_token_request_with_nul_or_a_surrogate_is_refused(api, make, kind):
    user = make.admin()
    response = api.post("/api/v1/auth/tokens", json={"username": user.username + BAD_TEXTS[kind], "password": "x"})
    assert response.json["error"]["fields"] == {"username": [NUL_OR_SURROGATE]}


def test_a_bad_key_is_named_without_its_bad_character(api, make):
    response = api.post("/api/v1/organizations", make.admin(), json={"na\x00me": "x"})
    assert response.status_code == 422
    assert response.json["error"]["fields"]["na\ufffdme"] == [NUL_OR_SURROGATE]


def test_a_raw_surrogate_escape_in_the_body_is_refused(api, make):
    body = '{"name": "\\udc80abc", "uscc": "%s", "kind": "purchaser"}' % make_uscc(3)
    response = api.post("/api/v1/organizations", make.admin(), data=body, content_type="application/json")
    assert response.json["error"]["fields"] == {"name": [NUL_OR_SURROGATE]}


@pytest.mark.parametrize("query", ["status=%00", "kind=a%00", "x%00=1"])
def test_query_arguments_with_nul_are_refused(api, make, query):
    response = api.get(f"/api/v1/organizations?{query}", make.admin())
    assert error_of(response) == (422, "invalid_characters")
    assert list(response.json["error"]["fields"].values()) == [[NUL_OR_SURROGATE]]


def test_a_login_page_with_nul_is_an_error_page(client, make):
    user = make.admin()
    response = client.post("/login", data={"username": user.username + "\x00", "password": "password123"})
    assert response.status_code == 422
    assert "text/html" in response.content_type


def test_registration_page_with_nul_is_refused_and_creates_nothing(client):
    response = client.post("/register", data={
        "username": "newbidder", "password": "password123", "organization_name": "新\x00单位",
        "organization_uscc": make_uscc(5), "organization_contact_name": "王",
        "organization_contact_phone": "0591-1234567"})
    assert response.status_code == 422
    assert db.session.query(Organization).count() == 0


def test_reject_reason_with_nul_on_the_page_changes_nothing(login, make):
    org = make.org(status="pending")
    client = login(make.admin())
    response = client.post(f"/admin/organizations/{org.id}/reject", data={"reason": "材料\x00不全"})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Organization, org.id).status == "pending"


# -- Malformed JSON -----------------------------------------------------------------------------

@pytest.mark.parametrize("body", ["[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000,
                                  '{"name": ' + "[" * 100 + "]" * 100 + "}"],
                         ids=["arrays_5000", "objects_5000", "arrays_100"])
def test_deeply_nested_json_is_malformed(api, make, body):
    response = api.post("/api/v1/organizations", make.admin(), data=body, content_type="application/json")
    assert error_of(response) == (400, "malformed_json")


def test_a_405_keeps_its_allow_header(api):
    response = api.delete("/api/v1/projects")
    assert error_of(response) == (405, "method_not_allowed")
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


# -- Numbers beyond their columns -----------------------------------------------------------------

@pytest.mark.parametrize("deduction", ["1.5e30", '"1.5e30"', '"1e5000"', "1e-30", '"100.001"', "1e400", "-1e400"])
def test_a_credit_deduction_out_of_range_is_a_field_error(api, make, deduction):
    org = make.org()
    body = '{"deduction": %s, "reason": "迟到", "expires_on": "2027-06-01"}' % deduction
    response = api.post(f"/api/v1/organizations/{org.id}/credit/records", make.admin(), data=body,
                        content_type="application/json")
    assert error_of(response) == (422, "validation_failed")
    assert list(response.json["error"]["fields"]) == ["deduction"]
    assert db.session.query(CreditRecord).count() == 0


@pytest.mark.parametrize("score", ["1.5e30", "1e400", str(2**31), str(-(2**63)), '"1e5000"'])
def test_a_credit_score_out_of_range_is_a_field_error(api, make, score):
    org = make.org()
    body = '{"score": %s, "note": "复核"}' % score
    response = api.put(f"/api/v1/organizations/{org.id}/credit", make.admin(), data=body,
                       content_type="application/json")
    assert error_of(response) == (422, "validation_failed")
    assert list(response.json["error"]["fields"]) == ["score"]


def test_an_organisation_id_beyond_32_bits_is_a_field_error(api, make):
    response = api.post("/api/v1/users", make.admin(), json={
        "username": "someone", "password": "password123", "role": "purchaser", "organization_id": 2**40})
    assert error_of(response) == (422, "validation_failed")
    assert list(response.json["error"]["fields"]) == ["organization_id"]


def test_a_huge_deduction_on_the_page_is_shown_on_the_form(login, make):
    org = make.org()
    client = login(make.admin())
    response = client.post(f"/admin/organizations/{org.id}/credit/records",
                           data={"deduction": "1.5e30", "reason": "迟到", "expires_on": "2027-06-01"})
    assert response.status_code == 422
    assert db.session.query(CreditRecord).count() == 0


@pytest.mark.parametrize("score", ["2.5", "99.9", '"80"'])
def test_a_credit_score_is_a_whole_json_number(api, make, score):
    """Not truncated: 99.9 is refused, not stored as 99."""
    org = make.org()
    body = '{"score": %s, "note": "复核"}' % score
    response = api.put(f"/api/v1/organizations/{org.id}/credit", make.admin(), data=body,
                       content_type="application/json")
    assert list(response.json["error"]["fields"]) == ["score"]
    db.session.expire_all()
    assert db.session.get(Organization, org.id).credit_score is None
