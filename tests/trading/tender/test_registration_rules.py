"""Registration rules of domain.md, each at its boundary; status transitions; the public list.

The rules are checked when a draft is submitted and again at publish. Creating and editing a
draft already refuse bad money figures and deadlines, so the two re-checks meet such values
only in rows written another way (older data, a rule tightened since); `attempt` writes the
row directly to reach them and then calls the endpoint through the API.
"""
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from core.extensions import db
from core.timeutil import parse_datetime
from tests.conftest import error_of
from tests.builders.trading import evaluation, project_payload
from trading.tender.models import Project

pytestmark = pytest.mark.usefixtures("fast_passwords")

STAGES = ["submit", "publish"]
LOCAL = ZoneInfo("Asia/Shanghai")
# project_payload(): signup_deadline 2026-12-20 17:00, bid_deadline 2026-12-26 09:30 (+08:00).
SIGNUP_DEADLINE = parse_datetime(project_payload()["signup_deadline"])
BID_DEADLINE = parse_datetime(project_payload()["bid_deadline"])


def attempt(stage, api, make, **columns):
    """A valid project brought to just before `stage`, its row changed to `columns`, then `stage` called."""
    purchaser, admin = make.purchaser(), make.admin()
    project = make.project(purchaser, status="draft" if stage == "submit" else "submitted")
    db.session.execute(update(Project).where(Project.id == project.id).values(**columns))
    db.session.commit()
    return api.post(f"/api/v1/projects/{project.id}/{stage}", purchaser if stage == "submit" else admin)


def field_problems(response):
    assert response.status_code == 422, response.json
    return response.json["error"]["fields"]


def create(api, user, **overrides):
    return api.post("/api/v1/projects", user, json=project_payload(**overrides))


# -- Money: ceiling <= budget, both > 0, deposit <= 2% of budget -------------------------------

@pytest.mark.parametrize("stage", STAGES)
def test_ceiling_equal_to_budget_is_accepted(stage, api, make):
    response = attempt(stage, api, make, budget=Decimal("1000000.00"), ceiling_price=Decimal("1000000.00"))
    assert response.status_code == 200, response.json


@pytest.mark.parametrize("stage", STAGES)
def test_ceiling_one_cent_above_budget_is_refused(stage, api, make):
    response = attempt(stage, api, make, budget=Decimal("1000000.00"), ceiling_price=Decimal("1000000.01"))
    assert "ceiling_price" in field_problems(response)


def test_ceiling_one_cent_above_budget_is_refused_at_registration(api, make):
    response = create(api, make.purchaser(), budget="1000000.00", ceiling_price="1000000.01")
    assert field_problems(response)["ceiling_price"] == ["must not exceed the budget"]


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("field", ["budget", "ceiling_price"])
@pytest.mark.parametrize("value", ["0.00", "-1.00"])
def test_zero_or_negative_budget_or_ceiling_is_refused(stage, field, value, api, make):
    response = attempt(stage, api, make, **{field: Decimal(value)})
    assert field_problems(response)[field][0] == "must be greater than 0"


@pytest.mark.parametrize("value, problem", [
    ("0", "must be greater than zero"),
    ("-1", "must not be negative"),
    ("12.345", "more than two decimals"),
    ("abc", "not a number"),
    (True, "not a number"),
])
def test_bad_money_input_is_a_field_error(value, problem, api, make):
    # Every amount goes through the same money field; the budget stands for them all.
    response = create(api, make.purchaser(), budget=value)
    assert field_problems(response)["budget"] == [problem]


def test_money_given_as_a_number_is_returned_as_a_two_decimal_string(api, make):
    response = create(api, make.purchaser(), budget=1000000, ceiling_price=950000.5, deposit=20000)
    assert response.status_code == 201, response.json
    assert (response.json["budget"], response.json["ceiling_price"], response.json["deposit"]) == (
        "1000000.00", "950000.50", "20000.00")


@pytest.mark.parametrize("stage", STAGES)
def test_deposit_of_exactly_two_percent_is_accepted(stage, api, make):
    # 2% of 1,000,000.00 = 20,000.00
    response = attempt(stage, api, make, budget=Decimal("1000000.00"), deposit=Decimal("20000.00"))
    assert response.status_code == 200, response.json


@pytest.mark.parametrize("stage", STAGES)
def test_deposit_one_cent_above_two_percent_is_refused(stage, api, make):
    response = attempt(stage, api, make, budget=Decimal("1000000.00"), deposit=Decimal("20000.01"))
    assert field_problems(response)["deposit"] == ["must not exceed 2% of the budget (20000.00)"]


def test_deposit_above_two_percent_is_refused_at_registration(api, make):
    response = create(api, make.purchaser(), budget="1000000", deposit="20000.01")
    assert "deposit" in field_problems(response)


# -- Evaluation: weights, criteria, panel size, average_deviation parameters -------------------

def test_a_draft_may_hold_an_unfinished_evaluation_that_submit_refuses(api, make):
    purchaser = make.purchaser()
    created = create(api, purchaser, evaluation=evaluation(weights={"credit": 10, "technical": 50, "commercial": 39}))
    assert created.status_code == 201, created.json
    response = api.post(f"/api/v1/projects/{created.json['id']}/submit", purchaser)
    assert field_problems(response)["evaluation.weights"] == ["weights must add up to 100 (now 99)"]


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("weights", [
    {"credit": 10, "technical": 50, "commercial": 39},   # 99
    {"credit": 10, "technical": 50, "commercial": 41},   # 101
    {"credit": -10, "technical": 60, "commercial": 50},  # 100, but one negative
], ids=["sum_99", "sum_101", "negative"])
def test_weights_not_adding_up_to_100_or_negative_are_refused(stage, weights, api, make):
    response = attempt(stage, api, make, evaluation=evaluation(weights=weights))
    assert "evaluation.weights" in field_problems(response)


@pytest.mark.parametrize("stage", STAGES)
def test_weights_adding_up_to_100_with_a_zero_weight_are_accepted(stage, api, make):
    response = attempt(stage, api, make, evaluation=evaluation(weights={"credit": 0, "technical": 60, "commercial": 40}))
    assert response.status_code == 200, response.json


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("maxima", [(40, 59), (40, 61)], ids=["sum_99", "sum_101"])
def test_criteria_maxima_not_adding_up_to_100_are_refused(stage, maxima, api, make):
    criteria = [{"name": "施工方案", "max": maxima[0]}, {"name": "质量保证", "max": maxima[1]}]
    response = attempt(stage, api, make, evaluation=evaluation(technical_criteria=criteria))
    assert "evaluation.technical_criteria" in field_problems(response)


# (method, budget, panel_size, accepted): tenders odd and >= 5, >= 7 from 10,000,000.00;
# inquiry and competitive negotiation odd and >= 3.
PANEL_CASES = [
    ("open_tender", "1000000.00", 4, False),
    ("open_tender", "1000000.00", 5, True),
    ("open_tender", "1000000.00", 6, False),
    ("invited_tender", "1000000.00", 3, False),
    ("open_tender", "9999999.99", 5, True),
    ("open_tender", "10000000.00", 5, False),
    ("open_tender", "10000000.00", 7, True),
    ("inquiry", "1000000.00", 2, False),
    ("inquiry", "1000000.00", 3, True),
    ("inquiry", "1000000.00", 4, False),
    ("competitive_negotiation", "1000000.00", 3, True),
    ("competitive_negotiation", "1000000.00", 1, False),
]


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("method, budget, panel_size, accepted", PANEL_CASES,
                         ids=[f"{m}-{b}-{n}" for m, b, n, _ in PANEL_CASES])
def test_panel_size_must_be_odd_and_large_enough(stage, method, budget, panel_size, accepted, api, make):
    response = attempt(stage, api, make, method=method, budget=Decimal(budget),
                       evaluation=evaluation(panel_size=panel_size))
    if accepted:
        assert response.status_code == 200, response.json
    else:
        assert "evaluation.panel_size" in field_problems(response)


def test_average_deviation_without_its_parameters_is_refused_at_registration(api, make):
    response = create(api, make.purchaser(), evaluation=evaluation(price_method="average_deviation"))
    assert set(field_problems(response)) == {"evaluation.k", "evaluation.up_deduction", "evaluation.down_deduction"}


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("missing", ["k", "up_deduction", "down_deduction"])
def test_average_deviation_without_one_parameter_is_refused(stage, missing, api, make):
    parameters = {"k": "0.97", "up_deduction": 1.0, "down_deduction": 0.5}
    del parameters[missing]
    response = attempt(stage, api, make, evaluation=evaluation(price_method="average_deviation", **parameters))
    assert f"evaluation.{missing}" in field_problems(response)


@pytest.mark.parametrize("stage", STAGES)
def test_average_deviation_with_its_parameters_is_accepted(stage, api, make):
    response = attempt(stage, api, make, evaluation=evaluation(
        price_method="average_deviation", k="0.97", up_deduction=1.0, down_deduction=0.5))
    assert response.status_code == 200, response.json


# -- Deadlines --------------------------------------------------------------------------------

def _submitted(make, **overrides):
    return make.project(status="submitted", **overrides), make.admin()


def test_open_tender_published_exactly_min_bid_days_before_the_deadline_is_accepted(api, make, clock):
    project, admin = _submitted(make)
    # bid_deadline 2026-12-26 09:30 - 20 days = 2026-12-06 09:30
    clock.set(datetime(2026, 12, 6, 9, 30, 0, tzinfo=LOCAL))
    response = api.post(f"/api/v1/projects/{project.id}/publish", admin)
    assert response.status_code == 200, response.json
    assert response.json["published_at"] == "2026-12-06T09:30:00+08:00"


def test_open_tender_published_one_second_too_late_for_min_bid_days_is_refused(api, make, clock):
    project, admin = _submitted(make)
    # 2026-12-06 09:30:01 leaves 19 days 23:59:59 until the bid deadline.
    clock.set(datetime(2026, 12, 6, 9, 30, 1, tzinfo=LOCAL))
    response = api.post(f"/api/v1/projects/{project.id}/publish", admin)
    assert field_problems(response)["bid_deadline"] == ["must be at least 20 days after publication"]


def test_a_refused_publication_changes_nothing(api, make, clock):
    project, admin = _submitted(make)
    clock.set(datetime(2026, 12, 6, 9, 30, 1, tzinfo=LOCAL))
    assert api.post(f"/api/v1/projects/{project.id}/publish", admin).status_code == 422
    seen = api.get(f"/api/v1/projects/{project.id}", admin).json
    assert (seen["status"], seen["published_at"]) == ("submitted", None)


def test_min_bid_days_zero_allows_a_deadline_on_the_same_day(app, api, make, clock):
    app.config["MIN_BID_DAYS"] = 0
    # Published at T0 = 2026-12-01 09:00; sign-up until 10:00, bids until 11:00 the same day.
    project, admin = _submitted(make, signup_deadline="2026-12-01T10:00:00+08:00",
                                bid_deadline="2026-12-01T11:00:00+08:00")
    response = api.post(f"/api/v1/projects/{project.id}/publish", admin)
    assert response.status_code == 200, response.json


def test_min_bid_days_does_not_apply_to_an_inquiry(api, make):
    project, admin = _submitted(make, method="inquiry", evaluation=evaluation(panel_size=3),
                                signup_deadline="2026-12-02T17:00:00+08:00",
                                bid_deadline="2026-12-04T09:00:00+08:00")
    response = api.post(f"/api/v1/projects/{project.id}/publish", admin)
    assert response.status_code == 200, response.json


def test_publishing_after_the_signup_deadline_is_refused(api, make, clock):
    project, admin = _submitted(make, method="inquiry", evaluation=evaluation(panel_size=3))
    clock.set(SIGNUP_DEADLINE + timedelta(seconds=1))
    response = api.post(f"/api/v1/projects/{project.id}/publish", admin)
    assert field_problems(response)["signup_deadline"] == ["must not be in the past"]


@pytest.mark.parametrize("stage", STAGES)
def test_signup_deadline_equal_to_bid_deadline_is_accepted(stage, api, make):
    response = attempt(stage, api, make, signup_deadline=BID_DEADLINE)
    assert response.status_code == 200, response.json


@pytest.mark.parametrize("stage", STAGES)
def test_signup_deadline_one_second_after_bid_deadline_is_refused(stage, api, make):
    response = attempt(stage, api, make, signup_deadline=BID_DEADLINE + timedelta(seconds=1))
    assert field_problems(response)["signup_deadline"] == ["must not be after the bid deadline"]


def test_signup_deadline_after_bid_deadline_is_refused_at_registration(api, make):
    response = create(api, make.purchaser(), signup_deadline="2026-12-26T09:30:01+08:00")
    assert "signup_deadline" in field_problems(response)


# -- Codes ------------------------------------------------------------------------------------

def test_codes_run_one_sequence_per_year_and_category(api, make):
    purchaser = make.purchaser()
    codes = [create(api, purchaser, category=c).json["code"] for c in ("construction", "construction", "goods", "services")]
    assert codes == ["2026-GC-0001", "2026-GC-0002", "2026-HW-0001", "2026-FW-0001"]


def test_a_refused_registration_does_not_use_up_a_code(api, make):
    purchaser = make.purchaser()
    assert create(api, purchaser, ceiling_price="1000000.01").status_code == 422
    assert create(api, purchaser).json["code"] == "2026-GC-0001"


def test_the_code_year_is_the_local_year(api, make, clock):
    # 2026-12-31 16:30 UTC is 2027-01-01 00:30 in Beijing.
    clock.set(datetime(2027, 1, 1, 0, 30, tzinfo=LOCAL))
    assert create(api, make.purchaser()).json["code"] == "2027-GC-0001"


# -- Who may do what, and status transitions ---------------------------------------------------

def test_only_purchasers_register_projects(api, make):
    assert create(api, make.bidder()).status_code == 403
    assert create(api, None).status_code == 401


def test_submitting_twice_is_a_status_conflict(api, make):
    purchaser = make.purchaser()
    project = make.project(purchaser, status="submitted")
    response = api.post(f"/api/v1/projects/{project.id}/submit", purchaser)
    assert error_of(response) == (409, "wrong_status")


def test_publishing_twice_is_a_status_conflict(api, make):
    admin = make.admin()
    project = make.project(admin=admin)
    response = api.post(f"/api/v1/projects/{project.id}/publish", admin)
    assert error_of(response) == (409, "wrong_status")


def test_publishing_a_cancelled_project_is_a_status_conflict(api, make):
    purchaser, admin = make.purchaser(), make.admin()
    project = make.project(purchaser, status="submitted")
    api.post(f"/api/v1/projects/{project.id}/cancel", purchaser, json={"reason": "项目取消"})
    response = api.post(f"/api/v1/projects/{project.id}/publish", admin)
    assert error_of(response) == (409, "wrong_status")


def test_the_center_cannot_see_so_cannot_publish_a_draft(api, make):
    # Drafts belong to their purchaser alone: for the center a draft does not exist (404),
    # answered exactly as for an id that was never used.
    admin = make.admin()
    project = make.project(status="draft")
    response = api.post(f"/api/v1/projects/{project.id}/publish", admin)
    assert response.status_code == 404
    assert response.json == api.post("/api/v1/projects/9999/publish", admin).json


def test_another_purchaser_submitting_a_draft_learns_nothing(api, make):
    project = make.project(status="draft")
    other = make.purchaser()
    response = api.post(f"/api/v1/projects/{project.id}/submit", other)
    assert response.status_code == 404
    assert response.json == api.post("/api/v1/projects/9999/submit", other).json
    assert db.session.get(Project, project.id).status == "draft"


def test_another_purchaser_may_not_act_on_a_published_project(api, make):
    project = make.project()
    response = api.post(f"/api/v1/projects/{project.id}/cancel", make.purchaser(), json={"reason": "x"})
    assert error_of(response) == (403, "not_owner")


def test_the_center_returns_a_submitted_project_to_draft_with_a_reason(api, make):
    purchaser, admin = make.purchaser(), make.admin()
    project = make.project(purchaser, status="submitted")
    response = api.post(f"/api/v1/projects/{project.id}/return", admin, json={"reason": "缺少预算批复文件"})
    assert response.status_code == 200, response.json
    seen_by_owner = api.get(f"/api/v1/projects/{project.id}", purchaser).json
    assert (seen_by_owner["status"], seen_by_owner["closed_reason"]) == ("draft", "缺少预算批复文件")


def test_a_returned_project_can_be_submitted_again(api, make):
    purchaser, admin = make.purchaser(), make.admin()
    project = make.project(purchaser, status="submitted")
    api.post(f"/api/v1/projects/{project.id}/return", admin, json={"reason": "缺少预算批复文件"})
    assert api.post(f"/api/v1/projects/{project.id}/submit", purchaser).json["status"] == "submitted"


def test_returning_needs_a_reason(api, make):
    admin = make.admin()
    project = make.project(status="submitted")
    response = api.post(f"/api/v1/projects/{project.id}/return", admin, json={"reason": "   "})
    assert "reason" in field_problems(response)
    assert db.session.get(Project, project.id).status == "submitted"


def test_only_a_submitted_project_can_be_returned(api, make):
    admin = make.admin()
    project = make.project(admin=admin)
    response = api.post(f"/api/v1/projects/{project.id}/return", admin, json={"reason": "缺少预算批复文件"})
    assert error_of(response) == (409, "wrong_status")


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_the_purchaser_cancels_its_unpublished_project(status, api, make):
    purchaser = make.purchaser()
    project = make.project(purchaser, status=status)
    response = api.post(f"/api/v1/projects/{project.id}/cancel", purchaser, json={"reason": "需求变更"})
    assert (response.json["status"], response.json["closed_reason"]) == ("cancelled", "需求变更")


def test_the_purchaser_cannot_cancel_a_published_project(api, make):
    purchaser = make.purchaser()
    project = make.project(purchaser)
    response = api.post(f"/api/v1/projects/{project.id}/cancel", purchaser, json={"reason": "需求变更"})
    assert error_of(response) == (409, "wrong_status")


def test_the_center_cancels_a_published_project(api, make):
    admin = make.admin()
    project = make.project(admin=admin)
    response = api.post(f"/api/v1/projects/{project.id}/cancel", admin, json={"reason": "投诉成立，终止采购"})
    assert response.json["status"] == "cancelled"


def test_an_opened_project_cannot_be_cancelled(api, make, clock):
    admin = make.admin()
    project = make.project(admin=admin)
    clock.set(BID_DEADLINE)
    api.post(f"/api/v1/projects/{project.id}/open", admin)
    response = api.post(f"/api/v1/projects/{project.id}/cancel", admin, json={"reason": "终止"})
    assert error_of(response) == (409, "wrong_status")


def test_cancelling_needs_a_reason(api, make):
    purchaser = make.purchaser()
    project = make.project(purchaser, status="draft")
    response = api.post(f"/api/v1/projects/{project.id}/cancel", purchaser, json={})
    assert "reason" in field_problems(response)


# -- Editing a draft ---------------------------------------------------------------------------

def test_an_edit_breaking_a_money_rule_is_refused(api, make):
    purchaser = make.purchaser()
    project = make.project(purchaser, status="draft")
    response = api.patch(f"/api/v1/projects/{project.id}", purchaser, json={"ceiling_price": "1000000.01"})
    assert field_problems(response)["ceiling_price"] == ["must not exceed the budget"]


def test_an_edit_gives_the_evaluation_whole(api, make):
    purchaser = make.purchaser()
    project = make.project(purchaser, status="draft")
    response = api.patch(f"/api/v1/projects/{project.id}", purchaser, json={"evaluation": {"panel_size": 7}})
    assert {"evaluation.weights", "evaluation.technical_criteria"} <= set(field_problems(response))


def test_an_edit_clearing_the_deposit_sets_it_to_zero(api, make):
    purchaser = make.purchaser()
    project = make.project(purchaser, status="draft")
    response = api.patch(f"/api/v1/projects/{project.id}", purchaser, json={"deposit": None})
    assert response.status_code == 200, response.json
    assert response.json["deposit"] == "0.00"


def test_only_a_draft_can_be_edited(api, make):
    purchaser = make.purchaser()
    project = make.project(purchaser, status="submitted")
    response = api.patch(f"/api/v1/projects/{project.id}", purchaser, json={"title": "新标题"})
    assert error_of(response) == (409, "wrong_status")


# -- Visibility and the public list -------------------------------------------------------------

@pytest.mark.parametrize("viewer", ["anonymous", "other_purchaser", "admin", "supervisor"])
def test_a_draft_is_not_found_by_anyone_but_its_purchaser(viewer, api, make):
    purchaser = make.purchaser()
    project = make.project(purchaser, status="draft")
    user = {"anonymous": None, "other_purchaser": make.purchaser(), "admin": make.admin(),
            "supervisor": make.supervisor()}[viewer]
    response = api.get(f"/api/v1/projects/{project.id}", user)
    assert response.status_code == 404
    assert response.json == api.get("/api/v1/projects/9999", user).json
    assert api.get(f"/api/v1/projects/{project.id}", purchaser).status_code == 200


@pytest.mark.parametrize("viewer, status", [
    ("admin", 200), ("supervisor", 200), ("anonymous", 404), ("other_purchaser", 404), ("bidder", 404),
])
def test_a_submitted_project_is_seen_by_the_center_but_not_the_public(viewer, status, api, make):
    project = make.project(status="submitted")
    user = {"anonymous": None, "other_purchaser": make.purchaser(), "admin": make.admin(),
            "supervisor": make.supervisor(), "bidder": make.bidder()}[viewer]
    assert api.get(f"/api/v1/projects/{project.id}", user).status_code == status


def test_the_public_list_shows_published_projects_only(api, make):
    purchaser = make.purchaser()
    make.project(purchaser, status="draft")
    make.project(purchaser, status="submitted")
    published = make.project(purchaser)
    listing = api.get("/api/v1/projects").json
    assert [p["id"] for p in listing["items"]] == [published.id]
    assert listing["total"] == 1


def test_the_list_searches_title_and_code(api, make):
    purchaser, admin = make.purchaser(), make.admin()
    hospital = make.project(purchaser, admin=admin, title="县人民医院门诊楼改造工程")       # 2026-GC-0001
    school = make.project(purchaser, admin=admin, title="第二中学教学楼维修工程")          # 2026-GC-0002
    assert [p["id"] for p in api.get("/api/v1/projects?q=门诊楼").json["items"]] == [hospital.id]
    assert [p["id"] for p in api.get("/api/v1/projects?q=gc-0002").json["items"]] == [school.id]


def test_the_list_filters_by_status_and_category(api, make):
    purchaser, admin = make.purchaser(), make.admin()
    works = make.project(purchaser, admin=admin)
    goods = make.project(purchaser, admin=admin, category="goods")
    api.post(f"/api/v1/projects/{works.id}/cancel", admin, json={"reason": "终止"})
    assert [p["id"] for p in api.get("/api/v1/projects?status=cancelled").json["items"]] == [works.id]
    assert [p["id"] for p in api.get("/api/v1/projects?category=goods").json["items"]] == [goods.id]
    assert api.get("/api/v1/projects?status=published&category=construction").json["total"] == 0


def test_the_list_is_paginated_newest_first(api, make):
    purchaser, admin = make.purchaser(), make.admin()
    ids = [make.project(purchaser, admin=admin).id for _ in range(3)]
    # 3 projects, 2 a page: page 2 holds the oldest one.
    assert api.get("/api/v1/projects?page=2&per_page=2").json == {
        "items": [api.get(f"/api/v1/projects/{ids[0]}").json], "page": 2, "per_page": 2, "total": 3,
    }


@pytest.mark.parametrize("query, field", [("per_page=201", "per_page"), ("page=0", "page"),
                                          ("status=bogus", "status"), ("category=roads", "category")])
def test_bad_list_arguments_are_field_errors(query, field, api):
    assert field in field_problems(api.get(f"/api/v1/projects?{query}"))


def test_a_purchaser_lists_its_own_drafts_with_mine(api, make):
    purchaser = make.purchaser()
    draft = make.project(purchaser, status="draft")
    assert [p["id"] for p in api.get("/api/v1/projects?mine=1", purchaser).json["items"]] == [draft.id]
    assert api.get("/api/v1/projects?mine=1", make.purchaser()).json["total"] == 0


# -- Malformed input ---------------------------------------------------------------------------

def test_missing_fields_are_each_named(api, make):
    response = api.post("/api/v1/projects", make.purchaser(), json={})
    assert set(field_problems(response)) == {
        "title", "category", "method", "budget", "ceiling_price", "signup_deadline", "bid_deadline", "evaluation",
    }


@pytest.mark.parametrize("overrides, field", [
    ({"title": 5}, "title"),
    ({"category": "roads"}, "category"),
    ({"method": "lottery"}, "method"),
    ({"bid_deadline": "next tuesday"}, "bid_deadline"),
    ({"signup_deadline": 20261220}, "signup_deadline"),
    ({"evaluation": evaluation(panel_size="5")}, "evaluation.panel_size"),
    ({"evaluation": evaluation(panel_size=5.5)}, "evaluation.panel_size"),
    ({"evaluation": evaluation(weights={"credit": "ten", "technical": 50, "commercial": 40})}, "evaluation.weights.credit"),
    ({"evaluation": evaluation(price_method="cheapest")}, "evaluation.price_method"),
    ({"evaluation": "lowest price"}, "evaluation"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_wrong_types_are_field_errors(overrides, field, api, make):
    problems = field_problems(create(api, make.purchaser(), **overrides))
    assert field in problems, problems


def test_a_body_that_is_not_a_json_object_is_malformed(api, make):
    response = api.post("/api/v1/projects", make.purchaser(), data="[1, 2]", content_type="application/json")
    assert error_of(response) == (400, "malformed_json")
