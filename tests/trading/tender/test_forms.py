"""Forms that say everything at once: every field problem and broken rule on the first submit,
money with thousands separators, past deadlines refused at submit, the draft's rule list, the
return reason on the edit page, the bid page's ceiling warning and confirmation, confirmations."""
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import select

from core.extensions import db
from tests.conftest import error_of
from tests.builders.trading import project_payload
from tests.trading.tender.test_pages import form_data
from trading.tender import operations as ops
from trading.tender.models import Bid, Project

pytestmark = pytest.mark.usefixtures("fast_passwords")


def page(response):
    return unescape(response.get_data(as_text=True))


SEVEN_BROKEN = dict(
    title="",  # 1. a field problem
    budget="1,000,000.00", ceiling_price="1,200,000",  # 2. the ceiling above the budget
    deposit="30,000",  # 3. the deposit above 2% of the budget (20,000.00)
    bid_deadline="2026-11-20T09:30",  # 4. the bid deadline in the past (T0 is 2026-12-01)
    signup_deadline="2026-11-25T17:00",  # 5. sign-up after the bid deadline (and past too)
    evaluation_weights_commercial="30",  # 6. weights add up to 90
    **{"evaluation_technical_criteria-1-max": "50"},  # 7. criteria maxima add up to 90
    evaluation_panel_size="4",  # 8. an even panel
    save_and_submit="",
)


def test_seven_broken_rules_all_show_on_the_first_submit(login, make):
    client = login(make.purchaser())
    response = client.post("/purchaser/projects/new?lang=en", data=form_data(**SEVEN_BROKEN))
    assert response.status_code == 422
    html = page(response)
    expected = [
        "This field is required.",
        "must not exceed the budget",
        "must not exceed 2% of the budget (¥20,000.00)",
        "must not be in the past",
        "must not be after the bid deadline",
        "weights must add up to 100 (now 90)",
        "criteria maxima must add up to 100 (now 90)",
        "must be an odd number of at least 5",
    ]
    missing = [message for message in expected if message not in html]
    assert not missing, f"not shown on the first submit: {missing}"
    assert html.count("must not be in the past") == 2  # both deadlines
    assert db.session.scalar(select(Project)) is None
    chinese = page(client.post("/purchaser/projects/new?lang=zh_CN", data=form_data(**SEVEN_BROKEN)))
    assert "权重之和必须为 100（当前为 90）" in chinese and "未保存" in chinese


def test_saving_a_draft_reports_figures_and_fields_together_but_not_submit_rules(login, make):
    client = login(make.purchaser())
    data = form_data(**{**SEVEN_BROKEN, "save_and_submit": None}, save="")
    data.pop("save_and_submit")
    html = page(client.post("/purchaser/projects/new?lang=en", data=data))
    for message in ("This field is required.", "must not exceed the budget", "must not be after the bid deadline",
                    "must not exceed 2% of the budget"):
        assert message in html
    assert "weights must add up to 100" not in html  # a draft may still break the evaluation rules


@pytest.mark.parametrize("text, amount", [("1,000,000", "1000000.00"), ("1,000,000.50", "1000000.50"),
                                          ("1950000", "1950000.00")])
def test_money_accepts_thousands_separators(api, make, text, amount):
    purchaser = make.purchaser()
    response = api.post("/api/v1/projects", purchaser, json=project_payload(budget=text, ceiling_price="950,000.00"))
    assert response.status_code == 201, response.json
    assert response.json["budget"] == amount and response.json["ceiling_price"] == "950000.00"


@pytest.mark.parametrize("text", ["1,000,000.505", "1,00,000", "12,34", "1,000,", ",100", "1.000.000", "abc"])
def test_money_still_refuses_bad_numbers(api, make, text):
    response = api.post("/api/v1/projects", make.purchaser(), json=project_payload(budget=text))
    assert error_of(response) == (422, "validation_failed")
    assert "budget" in response.json["error"]["fields"]


def test_the_form_accepts_thousands_separators(login, make):
    client = login(make.purchaser())
    response = client.post("/purchaser/projects/new", data=form_data(budget="1,000,000", ceiling_price="950,000.00",
                                                                      deposit="20,000"))
    assert response.status_code == 302
    project = db.session.scalar(select(Project))
    assert (project.budget, project.ceiling_price, project.deposit) == (
        Decimal("1000000.00"), Decimal("950000.00"), Decimal("20000.00"))


def test_past_deadlines_are_refused_at_submit(api, make, clock):
    purchaser = make.purchaser()
    project = make.project(purchaser=purchaser, status="draft")
    clock.set(project.signup_deadline)
    assert api.post(f"/api/v1/projects/{project.id}/submit", purchaser).status_code == 200  # at it: not past
    project = make.project(purchaser=purchaser, status="draft")
    clock.set(project.signup_deadline.replace(second=1))
    response = api.post(f"/api/v1/projects/{project.id}/submit", purchaser)
    assert error_of(response) == (422, "registration_rules")
    assert response.json["error"]["fields"] == {"signup_deadline": ["must not be in the past"]}


def test_a_draft_page_lists_the_rules_it_breaks(login, make, clock):
    purchaser = make.purchaser()
    evaluation = {**project_payload()["evaluation"], "panel_size": 4}
    project = make.project(purchaser=purchaser, status="draft", evaluation=evaluation)
    clock.set(project.signup_deadline.replace(minute=1))
    html = page(login(purchaser).get(f"/projects/{project.id}?lang=en"))
    listed = html[html.index('id="draft-problems"'):]
    listed = listed[:listed.index("</ul>")]
    assert listed.count("<li>") == 2
    assert "must be an odd number of at least 5" in listed and "must not be in the past" in listed


def test_the_edit_page_shows_the_return_reason(login, make):
    purchaser, admin = make.purchaser(), make.admin()
    project = make.project(purchaser=purchaser, status="submitted")
    ops.return_project(admin, project.id, "预算金额与批复文件不一致，请核实")
    db.session.commit()
    html = page(login(purchaser).get(f"/purchaser/projects/{project.id}/edit"))
    assert "交易中心退回：预算金额与批复文件不一致，请核实" in html


def test_the_bid_page_warns_above_the_ceiling_and_needs_a_confirmation(login, make):
    project = make.project(status="published")  # ceiling 950,000.00
    bidder = make.bidder()
    ops.sign_up(bidder, project.id)
    db.session.commit()
    client = login(bidder)
    form = client.get(f"/projects/{project.id}/bid")
    assert 'data-ceiling="950000.00"' in page(form) and "¥950,000.00" in page(form)
    response = client.post(f"/projects/{project.id}/bid", data={"price": "960,000.00", "technical_proposal": "方案"})
    assert response.status_code == 422
    html = page(response)
    assert "报价高于最高限价" in html and 'name="confirm_over_ceiling"' in html
    assert db.session.scalar(select(Bid)) is None, "not sealed without the confirmation"
    response = client.post(f"/projects/{project.id}/bid", data={"price": "960,000.00", "technical_proposal": "方案",
                                                                 "confirm_over_ceiling": "y"})
    assert response.status_code == 302
    assert db.session.scalar(select(Bid.status)) == "submitted"
    # At the ceiling: no confirmation needed.
    response = client.post(f"/projects/{project.id}/bid", data={"price": "950000", "technical_proposal": "方案"})
    assert response.status_code == 302


def test_irreversible_actions_ask_for_confirmation(login, make):
    purchaser, admin = make.purchaser(), make.admin()
    submitted = make.project(purchaser=purchaser, admin=admin, status="submitted")
    html = page(login(admin).get(f"/projects/{submitted.id}"))
    assert html.count("data-confirm=") >= 3  # publish, return, cancel
    assert "js/platform.js" in html
