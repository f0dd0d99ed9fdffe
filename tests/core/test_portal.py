"""The portal: names and footer from configuration, the opening calendar, countdowns, money and
deposit formatting, the favicon, and pages beyond the last."""
from datetime import timedelta

import pytest

from core.portal import remaining_text

pytestmark = pytest.mark.usefixtures("fast_passwords")


def test_the_footer_and_title_come_from_configuration(app, client):
    html = client.get("/").get_data(as_text=True)
    for value in ("某县公共资源交易平台", "主办单位：某县公共资源交易中心", "0591-22860001", "闽ICP备00000000号-1"):
        assert value in html
    app.config.update(SITE_NAME="榕城公共资源交易网", CENTER_NAME="榕城公共资源交易中心",
                      CENTER_ADDRESS="榕城区政务服务中心", CENTER_PHONE="0591-88888888", ICP_LICENSE="闽ICP备12345678号")
    html = client.get("/?lang=en").get_data(as_text=True)
    for value in ("<title>榕城公共资源交易网</title>", "Organised by: 榕城公共资源交易中心", "榕城区政务服务中心",
                  "0591-88888888", "闽ICP备12345678号"):
        assert value in html
    assert 'rel="icon"' in html and client.get("/favicon.ico").status_code == 200


def test_the_opening_calendar_lists_openings_by_day(client, make, clock):
    soon = make.project(status="published", title="城区道路照明改造")  # opens 2026-12-26 09:30
    make.project(status="submitted", title="未公告的项目")
    html = client.get("/calendar?view=month&start=2026-12-01").get_data(as_text=True)
    assert "开标日程" in html and "2026-12-26" in html and "城区道路照明改造" in html and "未公告的项目" not in html
    week = client.get("/calendar?view=week&start=2026-12-24").get_data(as_text=True)
    assert "城区道路照明改造" in week and "2026-12-21" in week  # the week starts on Monday
    assert "城区道路照明改造" not in client.get("/calendar?view=week&start=2026-12-28").get_data(as_text=True)
    assert "城区道路照明改造" in client.get("/calendar").get_data(as_text=True)  # the next 30 days from T0
    clock.advance(days=30)
    assert "此期间没有开标安排" in client.get("/calendar").get_data(as_text=True)
    assert client.get("/calendar?start=nonsense&view=x").status_code == 200
    assert soon.id


def test_project_pages_show_a_countdown_and_the_deposit(client, make, clock):
    project = make.project(status="published", deposit="20000.00")
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "data-countdown=" in html and "¥20,000.00" in html
    free = make.project(status="published", deposit="0")
    assert "不收取" in client.get(f"/projects/{free.id}").get_data(as_text=True)


def test_remaining_time_by_hand(app, clock):
    now = clock()
    with app.test_request_context("/?lang=en"):
        assert remaining_text(now + timedelta(days=2, hours=3, minutes=4, seconds=59), now) == \
            "2 days 3 hours 4 minutes left"
        assert remaining_text(now + timedelta(minutes=5), now) == "0 hours 5 minutes left"
        assert remaining_text(now, now) == "Deadline passed"


def test_a_page_beyond_the_last_says_so(client, make):
    make.project(status="published")
    html = client.get("/projects?page=7").get_data(as_text=True)
    assert "第 7 页已超出最后一页" in html
    assert "已超出最后一页" not in client.get("/projects").get_data(as_text=True)
