"""Bad input to the tender API and pages gets a 4xx, never a 500 (on SQLite and PostgreSQL)."""
import pytest

from core.extensions import db
from tests.builders.trading import evaluation, project_payload
from tests.conftest import error_of
from trading.tender.models import Bid, Project

pytestmark = pytest.mark.usefixtures("fast_passwords")

NUL_OR_SURROGATE = "must not contain a NUL character or an unpaired surrogate"


def create(api, user, **overrides):
    return api.post("/api/v1/projects", user, json=project_payload(**overrides))


def fields_of(response):
    assert error_of(response) == (422, "validation_failed"), response.json
    return response.json["error"]["fields"]


@pytest.mark.parametrize("bad", ["\x00", "\ud800", "\udfff"], ids=["nul", "high_surrogate", "low_surrogate"])
def test_project_text_with_nul_or_a_surrogate_is_refused(api, make, bad):
    response = create(api, make.purchaser(), title=f"门诊楼{bad}改造", description=f"说明{bad}",
                      evaluation=evaluation(technical_criteria=[{"name": f"方案{bad}", "max": 100}]))
    assert fields_of(response) == {"title": [NUL_OR_SURROGATE], "description": [NUL_OR_SURROGATE],
                                   "evaluation.technical_criteria.0.name": [NUL_OR_SURROGATE]}
    assert db.session.query(Project).count() == 0


@pytest.mark.parametrize("query", ["q=%00", "q=abc%00def", "status=%00"])
def test_a_search_with_nul_is_refused(api, query):
    response = api.get(f"/api/v1/projects?{query}")
    assert error_of(response) == (422, "invalid_characters")


@pytest.mark.parametrize("bad", ["\x00", "\ud800"], ids=["nul", "surrogate"])
def test_a_bid_proposal_with_nul_or_a_surrogate_is_refused(api, make, bad):
    project, bidder = make.project(), make.bidder()
    api.post(f"/api/v1/projects/{project.id}/signups", bidder)
    response = api.put(f"/api/v1/projects/{project.id}/bid", bidder, json={
        "price": "900000.00", "technical_proposal": f"方案{bad}",
        "documents": [{"name": f"a{bad}.pdf", "part": "technical", "content_base64": "AAAA"}]})
    assert fields_of(response) == {"technical_proposal": [NUL_OR_SURROGATE], "documents.0.name": [NUL_OR_SURROGATE]}
    assert db.session.query(Bid).count() == 0


def test_project_page_search_with_nul_is_an_error_page(client):
    response = client.get("/projects?q=%00")
    assert response.status_code == 422
    assert "text/html" in response.content_type


def test_project_form_with_nul_is_refused_and_creates_nothing(login, make):
    from tests.trading.tender.test_pages import form_data

    client = login(make.purchaser())
    response = client.post("/purchaser/projects/new", data=form_data(title="门诊楼\x00改造"))
    assert response.status_code == 422
    assert db.session.query(Project).count() == 0


# -- Money ------------------------------------------------------------------------------------

@pytest.mark.parametrize("budget, problem", [
    ("123456789012345678901234567890", "too large"),
    ("1234567890123456789012345678.123", "more than two decimals"),
    ("123456789012345678901234567890.12", "too large"),
    (123456789012345678901234567890, "too large"),
    ("١٢٣", "not a number"),
    ("1_000", "not a number"),
    ("1e5", "not a number"),
    ("0x10", "not a number"),
])
def test_money_out_of_range_or_not_plain_digits_is_a_field_error(api, make, budget, problem):
    assert fields_of(create(api, make.purchaser(), budget=budget))["budget"] == [problem]


def test_a_thirty_digit_bid_price_is_a_field_error(api, make):
    project, bidder = make.project(), make.bidder()
    api.post(f"/api/v1/projects/{project.id}/signups", bidder)
    response = api.put(f"/api/v1/projects/{project.id}/bid", bidder,
                       json={"price": "9" * 30, "technical_proposal": "方案"})
    assert fields_of(response) == {"price": ["too large"]}


# -- Dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+08:00", "0001-01-01T00:00:00", "0001-01-01T00:00:00-08:00",
                                    "9999-12-31T23:59:59-08:00", "9999-12-31T23:59:59", "9999-12-31T23:59:59+14:00",
                                    "1999-12-31T23:59:59+00:00", "3000-01-01T00:00:00+00:00"])
def test_dates_out_of_range_are_field_errors(api, make, moment):
    response = create(api, make.purchaser(), signup_deadline=moment, bid_deadline=moment)
    assert fields_of(response) == {"signup_deadline": ["must be between the years 2000 and 2999"],
                                   "bid_deadline": ["must be between the years 2000 and 2999"]}


def test_a_year_one_deadline_on_the_form_is_shown_on_the_form(login, make):
    from tests.trading.tender.test_pages import form_data

    client = login(make.purchaser())
    response = client.post("/purchaser/projects/new?lang=en",
                           data=form_data(signup_deadline="0001-01-01T00:00", bid_deadline="0001-01-01T08:00"))
    assert response.status_code == 422
    assert "must be between the years 2000 and 2999" in response.get_data(as_text=True)
    chinese = client.post("/purchaser/projects/new?lang=zh_CN", data=form_data(signup_deadline="9999-12-31T23:59"))
    assert "年份必须在 2000 年至 2999 年之间" in chinese.get_data(as_text=True)


# -- Evaluation numbers -------------------------------------------------------------------------

@pytest.mark.parametrize("overrides, field", [
    ({"weights": {"credit": "1e5000", "technical": 50, "commercial": 40}}, "evaluation.weights.credit"),
    ({"weights": {"credit": 1e300, "technical": 50, "commercial": 40}}, "evaluation.weights.credit"),
    ({"weights": {"credit": "-1e5000", "technical": 50, "commercial": 40}}, "evaluation.weights.credit"),
    ({"technical_criteria": [{"name": "方案", "max": "1e5000"}]}, "evaluation.technical_criteria.0.max"),
    ({"price_method": "average_deviation", "k": "1e5000", "up_deduction": 1, "down_deduction": 1}, "evaluation.k"),
    ({"price_method": "average_deviation", "k": "0.97", "up_deduction": 1e300, "down_deduction": 1},
     "evaluation.up_deduction"),
    ({"panel_size": 10**6}, "evaluation.panel_size"),
    ({"panel_size": 2**63}, "evaluation.panel_size"),
    ({"panel_size": 0}, "evaluation.panel_size"),
    ({"panel_size": 101}, "evaluation.panel_size"),
])
def test_evaluation_numbers_out_of_range_are_field_errors(api, make, overrides, field):
    assert field in fields_of(create(api, make.purchaser(), evaluation=evaluation(**overrides)))


def test_the_largest_panel_size_is_accepted_in_a_draft(api, make):
    assert create(api, make.purchaser(), evaluation=evaluation(panel_size=99)).status_code == 201


def test_a_huge_panel_size_on_the_form_is_shown_on_the_form(login, make):
    from tests.trading.tender.test_pages import form_data

    client = login(make.purchaser())
    response = client.post("/purchaser/projects/new", data=form_data(evaluation_panel_size=str(10**30)))
    assert response.status_code == 422
    assert db.session.query(Project).count() == 0


def test_a_page_number_beyond_the_bound_on_the_purchaser_list_is_clamped(login, make):
    client = login(make.purchaser())
    assert client.get(f"/purchaser/projects?page={10**20}").status_code == 200


@pytest.mark.parametrize("trim", [0, 1, "yes", "true"])
def test_trim_is_a_json_boolean(api, make, trim):
    assert "evaluation.trim" in fields_of(create(api, make.purchaser(), evaluation=evaluation(trim=trim)))


@pytest.mark.parametrize("field", ["budget", "ceiling_price", "deposit"])
def test_tender_money_is_bounded_at_one_hundred_billion(api, make, field):
    """Tender money stays at most ¥100,000,000,000.00, so no figure overflows Numeric(18, 2)."""
    response = create(api, make.purchaser(), **{field: "100000000000.01"})
    assert fields_of(response)[field] == ["must be at most 100000000000.00"]
    assert db.session.query(Project).count() == 0


def test_a_bid_price_is_bounded_like_all_tender_money(api, make, clock):
    project = make.project()
    bidder = make.bidder()
    api.post(f"/api/v1/projects/{project.id}/signups", bidder)
    response = api.put(f"/api/v1/projects/{project.id}/bid", bidder,
                       json={"price": "100000000000.01", "technical_proposal": "方案"})
    assert fields_of(response) == {"price": ["must be at most 100000000000.00"]}
    assert db.session.query(Bid).count() == 0
