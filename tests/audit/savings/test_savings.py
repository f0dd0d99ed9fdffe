"""The savings report (domain.md: Audit): hand-computed sums and rates per grouping, the period's bounds in
Beijing time, zero budgets, and unverified savings kept apart."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from audit.savings import operations as savings
from core import clock
from core.extensions import db
from mall.orders.models import Order
from scoring.sheets.operations import evaluation_record

pytestmark = pytest.mark.usefixtures("fast_passwords")


def _figures(f):
    return (f.count, str(f.budget_total), str(f.deal_total), str(f.savings),
            None if f.savings_rate is None else str(f.savings_rate))


@pytest.fixture
def world(make, mall):
    """One awarded tender (budget 1,000,000.00, award 800,000.00), one direct order (3 × 100.00 at a reference of
    120.00: budget 360.00, deal 300.00) and one awarded competition (budget 1,000.00, 2 × 450.00 = 900.00)."""
    project = make.project(status="awarded")
    supplier = mall.supplier("A020101")
    order = mall.order(supplier=supplier, product=mall.offer(supplier, "100.00", "120.00"), quantity=3)
    competition = mall.competition("awarded")
    return {"project": project, "order": order, "competition": competition,
            "awarded_on": evaluation_record(project).awarded_at}


def test_by_channel_with_hand_computed_sums_and_rates(world, make):
    report = savings.savings_report(make.supervisor(), "channel")
    assert [(key, _figures(f)) for key, _, f in report["rows"]] == [
        ("mall_competition", (1, "1000.00", "900.00", "100.00", "0.1000")),
        ("mall_direct", (1, "360.00", "300.00", "60.00", "0.1667")),  # 60 / 360 = 0.16666…
        ("tender", (1, "1000000.00", "800000.00", "200000.00", "0.2000")),
    ]
    # 200,160 / 1,001,360 = 0.199888…
    assert _figures(report["totals"]) == (3, "1001360.00", "801200.00", "200160.00", "0.1999")
    assert _figures(report["unverified"]) == (0, "0", "0", "0", None)


def test_by_purchaser_and_by_category(world, make):
    by_unit = savings.savings_report(make.admin(), "purchaser")["rows"]
    assert sorted((label, _figures(f)[:4]) for _, label, f in by_unit) == sorted([
        (world["project"].purchaser.name, (1, "1000000.00", "800000.00", "200000.00")),
        (world["order"].purchaser.name, (1, "360.00", "300.00", "60.00")),
        (world["competition"].purchaser.name, (1, "1000.00", "900.00", "100.00")),
    ])
    by_category = {key: _figures(f)[:4] for key, _, f in savings.savings_report(make.admin(), "category")["rows"]}
    # Both mall orders are computers (A020101); the tender is construction.
    assert by_category == {"A020101": (2, "1360.00", "1200.00", "160.00"),
                           "construction": (1, "1000000.00", "800000.00", "200000.00")}


def test_an_order_spanning_two_categories_counts_in_each(make, mall):
    from mall.orders import operations as orders

    purchaser = make.purchaser()
    supplier = mall.supplier("A020101", "A020201")
    computer = mall.offer(supplier, "100.00", "120.00", category="A020101")
    printer = mall.offer(supplier, "50.00", "80.00", category="A020201")
    budget = mall.budget(purchaser, "10000.00")
    orders.place_order(purchaser, {"budget_id": budget.id, "items": [
        {"product_id": computer.id, "quantity": 2}, {"product_id": printer.id, "quantity": 1}]})
    db.session.commit()
    rows = {key: _figures(f) for key, _, f in savings.savings_report(make.admin(), "category")["rows"]}
    assert rows == {"A020101": (1, "240.00", "200.00", "40.00", "0.1667"),
                    "A020201": (1, "80.00", "50.00", "30.00", "0.3750")}
    assert _figures(savings.totals()) == (1, "320.00", "250.00", "70.00", "0.2188")  # 70 / 320 = 0.21875


def test_the_month_turns_at_midnight_in_beijing(make, mall):
    supplier = mall.supplier("A020101")
    product = mall.offer(supplier, "100.00", "120.00")
    purchaser = make.purchaser()
    budget = mall.budget(purchaser, "10000.00")
    # 2026-11-30 15:59:59 UTC is 23:59:59 on 30 November in Beijing; one second later it is 1 December.
    for moment in (datetime(2026, 11, 30, 15, 59, 59, tzinfo=timezone.utc),
                   datetime(2026, 11, 30, 16, 0, 0, tzinfo=timezone.utc)):
        with clock.frozen_at(moment):
            mall.order(purchaser=purchaser, supplier=supplier, product=product, budget=budget)
    rows = [(key, f.count) for key, _, f in savings.savings_report(make.admin(), "month")["rows"]]
    assert rows == [("2026-11", 1), ("2026-12", 1)]
    november = savings.savings_report(make.admin(), "month", date(2026, 11, 1), date(2026, 11, 30))
    december = savings.savings_report(make.admin(), "month", date(2026, 12, 1), date(2026, 12, 31))
    assert [key for key, _, _ in november["rows"]] == ["2026-11"]
    assert [key for key, _, _ in december["rows"]] == ["2026-12"]


def test_an_empty_range_has_no_rows_and_zero_totals(world, make):
    report = savings.savings_report(make.admin(), "month", date(2020, 1, 1), date(2020, 12, 31))
    assert report["rows"] == []
    assert _figures(report["totals"]) == (0, "0", "0", "0", None)


def test_a_zero_budget_has_no_rate():
    assert savings.savings_rate(Decimal("0"), Decimal("0")) is None
    assert savings.savings_rate(Decimal("1"), Decimal("3")) == Decimal("0.3333")
    assert savings.savings_rate(Decimal("2"), Decimal("3")) == Decimal("0.6667")  # half-up


def test_cancelled_orders_do_not_count(make, mall):
    mall.order("cancelled")
    assert savings.totals().count == 0


def test_unverified_savings_are_kept_apart_until_the_supervisor_dismisses_the_flag(world, make, mall):
    from audit.flags import operations as flags
    from audit.flags.models import RedFlag

    supplier = mall.supplier("A020101")
    inflated = mall.order(supplier=supplier, product=mall.offer(supplier, "1.00", "3.00"))
    report = savings.savings_report(make.admin(), "channel")
    assert _figures(report["totals"]) == (3, "1001360.00", "801200.00", "200160.00", "0.1999")  # unchanged
    assert _figures(report["unverified"]) == (1, "3.00", "1.00", "2.00", "0.6667")
    flag = db.session.query(RedFlag).filter_by(subject_id=inflated.id).one()
    flags.dismiss(make.supervisor(), flag.id, "参考价经核实无误")
    report = savings.savings_report(make.admin(), "channel")
    # 200,162 / 1,001,363 = 0.199889…
    assert _figures(report["totals"]) == (4, "1001363.00", "801201.00", "200162.00", "0.1999")
    assert report["unverified"].count == 0


def test_the_api_reports_with_strings_for_money_and_rates(world, api, make):
    response = api.get("/api/v1/audit/savings?group_by=channel", make.supervisor())
    assert response.status_code == 200
    tender = next(row for row in response.json["rows"] if row["key"] == "tender")
    assert tender == {"key": "tender", "label": None, "count": 1, "budget_total": "1000000.00",
                      "deal_total": "800000.00", "savings": "200000.00", "savings_rate": "0.2000"}
    assert response.json["totals"]["savings"] == "200160.00"
    for bad in ("group_by=colour", "from=2026-13-01", "from=2026-12-31&to=2026-12-01", "channel=shop"):
        assert api.get(f"/api/v1/audit/savings?{bad}", make.admin()).status_code == 422
    for user in (make.purchaser(), make.bidder(), make.expert()):
        assert api.get("/api/v1/audit/savings", user).status_code == 403


def test_the_rows_behind_a_figure_are_its_transactions(world, api, make):
    admin = make.admin()
    rows = api.get("/api/v1/audit/savings/rows?group_by=channel&key=mall_direct", admin).json
    assert rows["total"] == 1
    assert rows["items"][0]["order_id"] == world["order"].id and rows["items"][0]["savings"] == "60.00"
    everything = api.get("/api/v1/audit/savings/rows", admin).json
    competition_order = db.session.scalar(select(Order.id).where(Order.competition_id == world["competition"].id))
    assert {(i["project_id"], i["order_id"]) for i in everything["items"]} == {
        (world["project"].id, None), (None, world["order"].id), (None, competition_order)}


def _export(client):
    """The workbook as the page gives it: prepared in the background, followed on its page, then downloaded."""
    follow = client.post("/audit/savings/export")
    assert follow.status_code == 303
    page = client.get(follow.headers["Location"]).get_data(as_text=True)
    assert "已生成" in page or "is stored" in page
    return client.get(follow.headers["Location"] + "/file")


def test_the_workbook_has_a_sheet_per_grouping_with_numbers_and_chinese_headers(world, login, make):
    import io

    from openpyxl import load_workbook

    response = _export(login(make.supervisor()))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["按渠道", "按品目", "按采购方式", "按采购单位", "按月份", "按年度", "待核实的节约额",
                               "交易明细"]
    sheet = book["按渠道"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("按渠道", "交易笔数", "预算金额", "成交金额", "节约金额", "节约率")
    assert rows[-1][0] == "合计" and rows[-1][1:4] == (3, 1001360, 801200)
    assert sheet.cell(row=len(rows), column=3).number_format == "#,##0.00"
    assert abs(rows[-1][5] - 0.1999) < 1e-9
    assert len(list(book["交易明细"].iter_rows())) == 1 + 3


def test_the_page_shows_totals_a_chart_and_links_to_the_rows(world, login, make):
    page = login(make.supervisor()).get("/audit/savings?group_by=channel").get_data(as_text=True)
    assert "¥200,160.00" in page and "19.99%" in page
    assert 'data-chart="savings"' in page and "vendor/echarts.min.js" in page
    assert "/audit/savings/rows?group_by=channel&amp;key=tender" in page
    assert "cdn" not in page.lower()


def test_the_same_figures_give_the_same_workbook(world, login, make, clock):
    import io
    import zipfile

    client = login(make.admin())
    first = _export(client).data
    # No time of writing in the file: every entry carries one fixed time, the properties no creation time.
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")
    clock.advance(days=1)
    assert _export(client).data == first
