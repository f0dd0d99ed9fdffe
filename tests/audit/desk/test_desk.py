"""The supervisor's desk and the center's annual statistics: the same figures as the savings report, the open
flags by severity, and the supervisor's start page."""
from datetime import date

import pytest

from audit.desk import operations as desk
from audit.savings import operations as savings
from core import clock
from tests.builders.core import TEST_PASSWORD

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def world(make, mall):
    project = make.project(status="awarded")
    supplier = mall.supplier("A020101")
    mall.order(supplier=supplier, product=mall.offer(supplier, "100.00", "120.00"), quantity=3)
    make.project(status="failed", bids=("900000.00",))  # failed_tender (medium) and single_valid_bid (high)
    return project


def test_the_desk_figures_equal_the_reports(world, api, make):
    supervisor = make.supervisor()
    start, end = date(2020, 1, 1), date(2030, 12, 31)
    data = api.get(f"/api/v1/audit/dashboard?from={start}&to={end}", supervisor).json
    report = api.get(f"/api/v1/audit/savings?from={start}&to={end}&group_by=channel", supervisor).json
    assert data["totals"] == report["totals"]
    assert data["by_channel"] == report["rows"]
    by_month = api.get(f"/api/v1/audit/savings?from={start}&to={end}&group_by=month", supervisor).json
    assert data["by_month"] == by_month["rows"]
    assert data["totals"]["count"] == 2 and data["totals"]["savings"] == "200060.00"
    assert data["flags_open"] == {"high": 1, "medium": 1, "low": 0}
    assert data["overdue"] == {"deposits": 0, "challenges": 0, "complaints": 0, "contracts": 0, "payments": 0}


def test_the_default_period_is_this_year_to_date(make):
    with clock.frozen_at(clock.now().replace(year=2027, month=3, day=5)):
        assert desk.default_period() == (date(2027, 1, 1), date(2027, 3, 5))
        data = desk.dashboard(make.supervisor())
    assert (data["from"], data["to"]) == (date(2027, 1, 1), date(2027, 3, 5))


def test_the_annual_statistics_give_the_annual_report_sentence(world, login, make):
    year = savings.grouped("year")[0][0]
    page = login(make.admin()).get(f"/audit/statistics?year={year}").get_data(as_text=True)
    # 2 transactions, deal 800,300.00, savings 200,060.00; 200,060 / 1,000,360 = 0.199988 → 20.00%.
    assert f"{year} 年完成交易 2 笔，交易总额 ¥800,300.00，节约预算资金 ¥200,060.00，节约率 20.00%。" in page


def test_the_supervisor_starts_on_the_desk_and_every_figure_links_to_its_rows(world, app, login, make):
    supervisor = make.supervisor()
    signed_in = app.test_client().post("/login", data={"username": supervisor.username, "password": TEST_PASSWORD})
    assert signed_in.headers["Location"].endswith("/audit/desk")
    client = login(supervisor)
    page = client.get("/audit/desk?from=2020-01-01&to=2030-12-31").get_data(as_text=True)
    assert "/audit/savings/rows?group_by=channel&amp;key=tender" in page
    assert "/audit/flags?severity=high&amp;status=open" in page
    assert 'data-chart="savings"' in page


def test_the_desk_is_for_the_center_and_the_supervisor(api, make):
    for user, status in ((make.admin(), 200), (make.supervisor(), 200), (make.purchaser(), 403),
                         (make.bidder(), 403), (make.expert(), 403)):
        assert api.get("/api/v1/audit/dashboard", user).status_code == status
        assert api.get("/api/v1/audit/statistics", user).status_code == status
