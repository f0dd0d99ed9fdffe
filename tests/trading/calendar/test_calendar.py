"""The PRC working-day calendar, the minimum response period per method, and the opening calendar (开标日程)
page (hand-computed dates).

2026 data of chinesecalendar: National Day and Mid-Autumn holidays 10-01 to 10-07 (Thu to Wed),
make-up working days Sunday 09-20 and Saturday 10-10. 2026-11-30 is a Monday, 2026-12-05 and 2026-12-26
Saturdays, 2027-01-03 a Sunday; the builder's projects open on Saturday 2026-12-26 at 09:30."""
import re
from datetime import date, datetime, timezone

import pytest

from core.timeutil import local_zone
from tests.builders.trading import VALID_BIDS, evaluation
from tests.conftest import error_of
from trading.calendar.operations import add_working_days, is_working_day, openings, working_days_between

pytestmark = pytest.mark.usefixtures("fast_passwords")


def local(*args):
    return datetime(*args, tzinfo=local_zone())


def test_the_package_data_knows_the_holiday_and_the_make_up_days(app):
    assert not is_working_day(date(2026, 10, 1))  # National Day, a Thursday
    assert not is_working_day(date(2026, 10, 5))  # a Monday inside the holiday
    assert is_working_day(date(2026, 10, 10))  # Saturday, a make-up working day (调休)
    assert not is_working_day(date(2026, 10, 11))  # the Sunday after it
    assert is_working_day(date(2026, 9, 20))  # Sunday, make-up day


def test_adding_working_days_skips_the_national_day_week(app):
    # Wed 09-30 10:00 + 1 → Thu 10-08 (10-01..10-07 off); + 3 → Sat 10-10 (make-up day).
    start = local(2026, 9, 30, 10, 0)
    assert add_working_days(start, 1) == local(2026, 10, 8, 10, 0)
    assert add_working_days(start, 2) == local(2026, 10, 9, 10, 0)
    assert add_working_days(start, 3) == local(2026, 10, 10, 10, 0)
    assert add_working_days(start, 4) == local(2026, 10, 12, 10, 0)  # Sunday 10-11 is off
    assert add_working_days(start, 0) == start


def test_a_make_up_sunday_counts(app):
    # Fri 09-18 + 1 → Sun 09-20 (make-up day), + 2 → Mon 09-21.
    assert add_working_days(local(2026, 9, 18, 9, 0), 1) == local(2026, 9, 20, 9, 0)
    assert add_working_days(local(2026, 9, 18, 9, 0), 2) == local(2026, 9, 21, 9, 0)


def test_working_days_between_counts_whole_days_in_local_time(app):
    start = local(2026, 9, 30, 10, 0)
    assert working_days_between(start, local(2026, 10, 7, 23, 59)) == 0
    assert working_days_between(start, local(2026, 10, 10, 9, 59)) == 2  # the third is not complete
    assert working_days_between(start, local(2026, 10, 10, 10, 0)) == 3
    assert working_days_between(start, local(2026, 10, 12, 10, 0)) == 4
    assert working_days_between(local(2026, 10, 12, 10, 0), start) == 0
    # Given in UTC, counted in Beijing time: 09-30 02:00 UTC is 10:00 local.
    assert working_days_between(datetime(2026, 9, 30, 2, 0, tzinfo=timezone.utc), local(2026, 10, 10, 10, 0)) == 3


def _inquiry(api, make, bid_deadline, clock, publish_at):
    purchaser, admin = make.purchaser(), make.admin()
    clock.set(publish_at)
    project = make.project(purchaser, status="submitted", method="inquiry", evaluation=evaluation(panel_size=3),
                           signup_deadline=publish_at.isoformat(timespec="seconds"),
                           bid_deadline=bid_deadline.isoformat())
    return api.post(f"/api/v1/projects/{project.id}/publish", admin)


def test_an_inquiry_needs_three_working_days_across_the_holiday(api, make, clock):
    published = local(2026, 9, 30, 10, 0)
    # 3 working days after Wed 09-30 10:00 is Sat 10-10 10:00 (make-up day).
    response = _inquiry(api, make, local(2026, 10, 10, 9, 59), clock, published)
    assert error_of(response) == (422, "registration_rules")
    assert response.json["error"]["fields"]["bid_deadline"] == ["must be at least 3 working days after publication"]
    assert _inquiry(api, make, local(2026, 10, 10, 10, 0), clock, published).status_code == 200


def test_zero_working_days_means_no_minimum(api, app, make, clock):
    app.config["MIN_RESPONSE_WORKING_DAYS"] = 0
    assert _inquiry(api, make, local(2026, 10, 1, 10, 0), clock, local(2026, 9, 30, 10, 0)).status_code == 200


def test_an_invited_tender_needs_min_bid_days_calendar_days(api, make, clock):
    purchaser, admin = make.purchaser(), make.admin()
    # Published at T0 (12-01 09:00); 20 days → 12-21 09:00.
    early = make.project(purchaser, status="submitted", method="invited_tender",
                         signup_deadline="2026-12-10T09:00:00+08:00", bid_deadline="2026-12-21T08:59:00+08:00")
    assert error_of(api.post(f"/api/v1/projects/{early.id}/publish", admin)) == (422, "registration_rules")
    exact = make.project(purchaser, status="submitted", method="invited_tender",
                         signup_deadline="2026-12-10T09:00:00+08:00", bid_deadline="2026-12-21T09:00:00+08:00")
    assert api.post(f"/api/v1/projects/{exact.id}/publish", admin).status_code == 200


def month_page(client, start):
    return client.get(f"/calendar?view=month&start={start}").get_data(as_text=True)


def cell(html, day):
    """The month grid's cell of `day`, from its opening tag to its end."""
    begin = html.index(f'<td data-day="{day}"')
    return html[begin:html.index("</td>", begin)]


@pytest.mark.parametrize("status, bids, label", [
    ("opened", VALID_BIDS, "已开标"), ("evaluated", (), "评标完成"), ("awarded", (), "已定标"),
    ("failed", (), "流标"),  # no bid at all: 流标 at the opening
], ids=["opened", "evaluated", "awarded", "failed"])
def test_an_opening_stays_on_the_calendar_with_the_project_s_status_whatever_came_after(client, make, clock,
                                                                                       status, bids, label):
    project = make.project(status=status, bids=bids, title="城区道路照明改造")
    assert project.opened_at is not None
    clock.set(local(2027, 3, 1, 9, 0))
    assert openings(date(2026, 12, 26), date(2026, 12, 27)) == {date(2026, 12, 26): [project]}
    week = client.get("/calendar?view=week&start=2026-12-21").get_data(as_text=True)
    assert "城区道路照明改造" in week and f">{label}</span>" in week
    opening = cell(month_page(client, "2026-12-01"), "2026-12-26")
    assert "城区道路照明改造" in opening and f">{label}</span>" in opening


def test_a_project_never_published_or_cancelled_before_its_deadline_has_no_opening(client, make):
    make.project(status="draft", title="草稿项目")
    make.project(status="submitted", title="未公告的项目")
    make.project(status="cancelled", title="已取消的项目")  # cancelled at T0, before its 12-26 deadline
    make.project(status="published", title="将开标的项目")
    assert [p.title for p in openings(date(2026, 12, 1), date(2027, 1, 1))[date(2026, 12, 26)]] == ["将开标的项目"]
    html = month_page(client, "2026-12-01")
    assert "将开标的项目" in html
    assert not any(title in html for title in ("草稿项目", "未公告的项目", "已取消的项目"))


def test_the_month_of_december_2026_is_five_weeks_from_monday_11_30_to_sunday_01_03(client):
    html = month_page(client, "2026-12-17")
    days = re.findall(r'<td data-day="([0-9-]+)"', html)
    assert (len(days), days[0], days[7], days[-1]) == (35, "2026-11-30", "2026-12-07", "2027-01-03")
    assert re.findall(r'<th scope="col"[^>]*>(.)</th>', html) == ["一", "二", "三", "四", "五", "六", "日"]
    assert html.count('<tr class="calendar-week">') == 5
    assert "calendar-outside" in cell(html, "2026-11-30") and "calendar-outside" in cell(html, "2027-01-01")
    assert "calendar-outside" not in cell(html, "2026-12-01") and "calendar-outside" not in cell(html, "2026-12-31")


def test_the_month_grid_marks_rest_days_and_make_up_working_days(client):
    december = month_page(client, "2026-12-01")
    assert "calendar-rest" in cell(december, "2026-12-05") and ">休</span>" in cell(december, "2026-12-05")
    assert "calendar-rest" not in cell(december, "2026-12-04") and "休" not in cell(december, "2026-12-04")
    october = month_page(client, "2026-10-01")
    assert ">休</span>" in cell(october, "2026-10-01")  # National Day, a Thursday
    assert ">班</span>" in cell(october, "2026-10-10") and "calendar-rest" not in cell(october, "2026-10-10")
    assert "休" not in cell(october, "2026-10-09") and "班" not in cell(october, "2026-10-09")


def test_an_opening_is_in_its_day_s_cell_at_its_local_time(client, make):
    project = make.project(status="published", title="城区道路照明改造")
    html = month_page(client, "2026-12-01")
    opening = cell(html, "2026-12-26")
    assert "09:30" in opening and project.code in opening and "城区道路照明改造" in opening
    assert f'href="/projects/{project.id}"' in opening
    assert "城区道路照明改造" not in cell(html, "2026-12-25") + cell(html, "2026-12-27")
    assert ">已公告</span>" not in opening  # the status shows once the opening has taken place


def test_today_is_highlighted_in_the_month_grid(client):
    html = month_page(client, "2026-12-01")  # T0: 2026-12-01 09:00
    assert 'aria-current="date"' in cell(html, "2026-12-01") and "calendar-today" in cell(html, "2026-12-01")
    assert "calendar-today" not in cell(html, "2026-12-02")


def test_on_a_phone_the_month_is_the_list_of_its_days_with_openings(client, make):
    make.project(status="published", title="城区道路照明改造")
    html = month_page(client, "2026-12-01")
    grid, phone = html.index('class="calendar-grid d-none d-md-block"'), html.index('class="d-md-none"')
    assert "城区道路照明改造" in html[phone:]
    assert re.findall(r'<h2 class="h6[^"]*">([0-9-]+)', html[phone:]) == ["2026-12-26"]
    assert grid < phone


def test_the_month_view_moves_a_month_at_a_time(client):
    html = month_page(client, "2026-12-17")
    assert "view=month&amp;start=2026-11-01" in html and "view=month&amp;start=2027-01-01" in html
