"""The PRC working-day calendar and the minimum response period per method (hand-computed dates).

2026 data of chinesecalendar: National Day and Mid-Autumn holidays 10-01 to 10-07 (Thu to Wed),
make-up working days Sunday 09-20 and Saturday 10-10."""
from datetime import datetime, timezone

import pytest

from core.timeutil import local_zone
from tests.conftest import error_of
from tests.builders.trading import evaluation
from trading.calendar.operations import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.usefixtures("fast_passwords")


def local(*args):
    return datetime(*args, tzinfo=local_zone())


def test_the_package_data_knows_the_holiday_and_the_make_up_days(app):
    from datetime import date

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
                           signup_deadline=publish_at.isoformat(timespec="seconds"), bid_deadline=bid_deadline.isoformat())
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
