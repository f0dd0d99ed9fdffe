"""The working-day calendar the center keeps: a year the package does not cover (chinesecalendar 1.11.0 has no
2027) counts Monday to Friday and its deadlines say "estimated"; once the center enters the year from the State
Council's notice, its holidays and make-up working days count, and the deadlines are exact.

The 2027 days below are the test's own entries (the notice is not out when this is written), checked by hand:
2026-12-31 is a Thursday, 2027-01-01 a Friday, 2027-02-19 a Friday and 2027-02-20 a Saturday.
"""
from datetime import date

import pytest

from core.trail import verify_trail
from tests.conftest import error_of
from trading.calendar import operations as working_days
from trading.contracts.operations import publish_due_on

pytestmark = pytest.mark.usefixtures("fast_passwords")
DAYS_2027 = [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
             {"date": "2027-02-20", "kind": "workday", "name": "春节调休上班"}]


def enter_2027(api, admin, days=DAYS_2027):
    return api.put("/api/v1/calendar/2027", admin, json={"notice": "国办发明电〔2026〕7号", "days": days})


def test_a_year_without_a_schedule_counts_monday_to_friday_and_says_so(app):
    # Thu 2026-12-31 → Fri 2027-01-01 (1, counted: no schedule), Mon 2027-01-04 (2).
    assert publish_due_on(date(2026, 12, 31)) == (date(2027, 1, 4), True)
    assert working_days.source_of(2027) == "none" and working_days.source_of(2026) == "package"


def test_the_centers_entries_make_the_deadlines_exact(api, make):
    admin = make.admin()
    response = enter_2027(api, admin)
    assert response.status_code == 200, response.json
    assert response.json["source"] == "center" and [d["date"] for d in response.json["days"]] == [
        "2027-01-01", "2027-02-20"]
    # 2027-01-01 is now a holiday: Mon 01-04 (1), Tue 01-05 (2); and nothing is estimated any more.
    assert publish_due_on(date(2026, 12, 31)) == (date(2027, 1, 5), False)
    # Fri 2027-02-19 → the make-up Saturday 02-20 (1), Mon 02-22 (2).
    assert publish_due_on(date(2027, 2, 19)) == (date(2027, 2, 22), False)
    assert working_days.is_working_day(date(2027, 2, 20)) and not working_days.is_working_day(date(2027, 1, 1))
    assert api.get("/api/v1/calendar/2027").json["notice"] == "国办发明电〔2026〕7号"  # anyone reads it
    assert verify_trail()["ok"]


def test_the_centers_entries_override_the_package(api, make):
    # The package makes 2026-10-08 a working day; a center entry saying otherwise wins.
    assert working_days.is_working_day(date(2026, 10, 8))
    response = api.put("/api/v1/calendar/2026", make.admin(), json={
        "notice": "国办发明电〔2025〕7号", "days": [{"date": "2026-10-08", "kind": "holiday", "name": "国庆节"}]})
    assert response.status_code == 200
    assert not working_days.is_working_day(date(2026, 10, 8))


@pytest.mark.parametrize("day, problem", [
    ({"date": "2027-02-22", "kind": "workday", "name": "调休"}, "weekday"),  # a Monday cannot be made up
    ({"date": "2028-01-01", "kind": "holiday", "name": "元旦"}, "2027"),
    ({"date": "2027-01-02", "kind": "holiday", "name": " "}, "name"),
])
def test_a_wrong_day_is_refused_and_nothing_is_saved(api, make, day, problem):
    response = enter_2027(api, make.admin(), [DAYS_2027[0], day])
    assert error_of(response) == (422, "invalid_calendar")
    assert list(response.json["error"]["fields"]) == ["days.1"] and problem in str(response.json["error"]["fields"])
    assert api.get("/api/v1/calendar/2027").json["source"] == "none"


def test_only_the_center_enters_a_year(api, make):
    for user in (make.purchaser(), make.supervisor(), make.bidder()):
        assert enter_2027(api, user).status_code == 403
    assert api.get("/api/v1/calendar/1999").status_code == 404


def test_the_center_enters_the_year_on_its_page(login, make):
    client = login(make.admin())
    page = client.get("/admin/calendar").get_data(as_text=True)
    assert "2027" in page and "无节假日安排" in page
    refused = client.post("/admin/calendar/2027", data={"notice": "国办发明电〔2026〕7号", "days": "2027-01-01 元旦"})
    assert refused.status_code == 422 and "第 1 行" in refused.get_data(as_text=True)
    saved = client.post("/admin/calendar/2027", data={
        "notice": "国办发明电〔2026〕7号", "days": "2027-01-01,holiday,元旦\n2027-02-20,workday,春节调休上班"})
    assert saved.status_code == 302
    page = client.get("/admin/calendar/2027").get_data(as_text=True)
    assert "春节调休上班" in page and "星期六" in page and "国办发明电〔2026〕7号" in page
    supervisor = login(make.supervisor()).get("/admin/calendar/2027").get_data(as_text=True)
    assert "春节调休上班" in supervisor and "<textarea" not in supervisor


def test_the_amendment_page_marks_a_working_day_minimum_in_a_year_without_schedule(api, login, make, clock):
    """Negotiation: 3 working days. From Wed 2026-12-30 10:00: Thu 12-31 (1), Fri 2027-01-01 (2, no schedule),
    Mon 01-04 (3), marked estimated; with the center's 2027 (01-01 a holiday): Mon 01-04 (2), Tue 01-05 (3)."""
    from datetime import datetime, timezone

    owner = make.purchaser()
    project = make.project(purchaser=owner, method="competitive_negotiation", status="published",
                           signup_deadline="2027-01-08T17:00:00+08:00", bid_deadline="2027-01-12T09:30:00+08:00")
    clock.set(datetime(2026, 12, 30, 2, 0, tzinfo=timezone.utc))
    page = login(owner).get(f"/projects/{project.id}/amend").get_data(as_text=True)
    assert "2027-01-04 10:00" in page and "估算" in page
    assert enter_2027(api, make.admin()).status_code == 200
    page = login(owner).get(f"/projects/{project.id}/amend").get_data(as_text=True)
    assert "2027-01-05 10:00" in page and "估算" not in page


def test_the_package_s_holidays_are_named_in_the_page_s_language(api, login, make):
    """chinesecalendar names 2026-10-01 "National Day" and the make-up Saturday 2026-10-10 after it too."""
    client = login(make.admin())
    page = client.get("/admin/calendar/2026").get_data(as_text=True)
    assert "国庆节" in page and "春节" in page and "National Day" not in page and "Spring Festival" not in page
    english = client.get("/admin/calendar/2026?lang=en").get_data(as_text=True)
    assert "National Day" in english and "国庆节" not in english
    days = {d["date"]: d for d in api.get("/api/v1/calendar/2026").json["days"]}
    assert days["2026-10-01"] == {"date": "2026-10-01", "kind": "holiday", "name": "国庆节"}
    assert days["2026-10-10"]["kind"] == "workday" and days["2026-10-10"]["name"] == "国庆节"


def test_the_center_writes_the_kinds_in_chinese_and_reads_them_back(api, login, make):
    client = login(make.admin())
    saved = client.post("/admin/calendar/2027", data={
        "notice": "国办发明电〔2026〕7号", "days": "2027-01-01,放假,元旦\n2027-02-20 上班 春节调休上班"})
    assert saved.status_code == 302
    days = api.get("/api/v1/calendar/2027").json["days"]
    assert [(d["date"], d["kind"], d["name"]) for d in days] == [("2027-01-01", "holiday", "元旦"),
                                                                 ("2027-02-20", "workday", "春节调休上班")]
    page = client.get("/admin/calendar/2027").get_data(as_text=True)
    assert "2027-01-01,放假,元旦\n2027-02-20,上班,春节调休上班" in page and "2027-01-01,放假,元旦。" in page
    english = client.get("/admin/calendar/2027?lang=en").get_data(as_text=True)
    assert "2027-01-01,holiday,元旦\n2027-02-20,workday,春节调休上班" in english
    client.get("/?lang=zh_CN")  # the language chosen stays with the session
    refused = client.post("/admin/calendar/2027", data={"notice": "国办发明电", "days": "2027-01-01,假,元旦"})
    assert refused.status_code == 422 and "日期,放假或上班,名称" in refused.get_data(as_text=True)
