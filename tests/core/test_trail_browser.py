"""The trail browser (/audit/trail, GET /api/v1/audit/trail/events) and the project timeline:
filters, pagination, before/after, sealed events hidden until opening, who may read."""
from datetime import timedelta

import pytest

from core.timeutil import isoformat
from tests.conftest import error_of

pytestmark = pytest.mark.usefixtures("fast_passwords")
URL = "/api/v1/audit/trail/events"


@pytest.fixture
def scene(make):
    purchaser, admin = make.purchaser(), make.admin()
    project = make.project(purchaser=purchaser, admin=admin, status="published")
    other = make.project(purchaser=purchaser, admin=admin, status="submitted", title="另一个项目")
    bidders = [make.bidder() for _ in range(3)]
    for bidder, price in zip(bidders, ("900000.00", "910000.00", "920000.00")):
        make.bid(project, bidder, price)
    return {"purchaser": purchaser, "admin": admin, "project": project, "other": other, "bidders": bidders,
            "supervisor": make.supervisor()}


def _actions(response):
    return [e["action"] for e in response.json["items"]]


def test_sealed_events_stay_hidden_until_opening(api, clock, scene):
    project, supervisor = scene["project"], scene["supervisor"]
    before = api.get(f"{URL}?project={project.id}&per_page=200", supervisor)
    assert before.status_code == 200
    assert _actions(before) == ["project.created", "project.submitted", "project.published"]
    assert "910000.00" not in before.get_data(as_text=True)
    clock.set(project.bid_deadline)
    opened = api.post(f"/api/v1/projects/{project.id}/open", scene["admin"])
    assert opened.status_code == 200, opened.json
    after = _actions(api.get(f"{URL}?project={project.id}&per_page=200", supervisor))
    assert after.count("signup.created") == 3 and after.count("bid.submitted") == 3
    assert after.count("bid.opened") == 3 and "project.opened" in after


def test_filters_by_object_actor_and_time(api, clock, scene):
    project, other, admin, supervisor = scene["project"], scene["other"], scene["admin"], scene["supervisor"]
    body = api.get(f"{URL}?object_type=project&object_id={other.id}", admin).json
    assert [e["action"] for e in body["items"]] == ["project.created", "project.submitted"]
    assert body["items"][0]["after"]["title"] == "另一个项目" and body["items"][0]["before"] is None
    assert {e["object_id"] for e in body["items"]} == {other.id}
    published = api.get(f"{URL}?actor={admin.username}", supervisor).json
    assert [e["action"] for e in published["items"]] == ["project.published"]
    assert published["items"][0]["before"]["status"] == "submitted"
    assert published["items"][0]["after"]["status"] == "published"
    # Time range: everything so far happened at T0; an event an hour later is the only one after it.
    clock.advance(hours=1)
    api.post(f"/api/v1/projects/{other.id}/return", admin, json={"reason": "材料不全"})
    since = isoformat(clock() - timedelta(minutes=1))
    later = api.get(URL, supervisor, query_string={"since": since}).json
    assert [e["action"] for e in later["items"]] == ["project.returned"]
    until = api.get(URL, supervisor, query_string={"until": since, "object_type": "project"}).json
    assert "project.returned" not in [e["action"] for e in until["items"]]


def test_pagination(api, scene):
    first = api.get(f"{URL}?per_page=2&page=1", scene["admin"]).json
    second = api.get(f"{URL}?per_page=2&page=2", scene["admin"]).json
    assert first["total"] == second["total"] >= 5 and len(first["items"]) == 2
    assert first["items"] != second["items"]


def test_only_the_center_and_the_supervisor_browse_the_trail(api, login, scene):
    for user in (scene["purchaser"], scene["bidders"][0]):
        assert error_of(api.get(URL, user))[0] == 403
        assert login(user).get("/audit/trail").status_code == 403
    assert api.get(URL).status_code == 401


def test_the_page_lists_and_filters_events(login, scene):
    client = login(scene["supervisor"])
    html = client.get(f"/audit/trail?object_type=project&object_id={scene['other'].id}").get_data(as_text=True)
    assert "另一个项目" in html and "project:%s" % scene["other"].id in html
    assert "project:%s</code>" % scene["project"].id not in html
    assert "审计日志完整" not in html and "校验全部审计日志" in html  # verification runs when asked only
    assert "审计日志完整" in client.get("/audit/trail?verify=1").get_data(as_text=True)
    beyond = client.get("/audit/trail?verify=1&page=99").get_data(as_text=True)
    assert 'href="/audit/trail?page=1"' in beyond  # the page links do not verify again
    beyond = client.get("/audit/trail?page=99").get_data(as_text=True)
    assert "已超出最后一页" in beyond


def test_the_supervisor_sees_a_submitted_project_and_its_timeline(login, api, scene):
    other = scene["other"]
    client = login(scene["supervisor"])
    html = client.get(f"/projects/{other.id}").get_data(as_text=True)
    assert "另一个项目" in html and "项目时间线" in html and "项目提交审核" in html
    assert "另一个项目" in client.get("/projects").get_data(as_text=True)
    listed = api.get("/api/v1/projects?status=submitted", scene["supervisor"]).json
    assert [p["id"] for p in listed["items"]] == [other.id]
    # Reading is all: the supervisor changes nothing.
    assert api.post(f"/api/v1/projects/{other.id}/publish", scene["supervisor"]).status_code == 403
    owner_page = login(scene["purchaser"]).get(f"/projects/{other.id}").get_data(as_text=True)
    assert "项目时间线" in owner_page
    assert "项目时间线" not in login(scene["bidders"][0]).get(f"/projects/{scene['project'].id}").get_data(as_text=True)


def test_the_project_filter_takes_a_code_and_a_code_that_names_nothing_finds_nothing(api, scene):
    supervisor, project = scene["supervisor"], scene["project"]
    by_id = api.get(f"{URL}?project={project.id}&per_page=200", supervisor).json
    by_code = api.get(f"{URL}?project={project.code}&per_page=200", supervisor).json
    assert by_code == by_id and by_code["total"] > 0
    assert api.get(f"{URL}?project=NO-SUCH-CODE", supervisor).json["total"] == 0


@pytest.mark.parametrize("name, value, shown", [
    ("budget", "1000000.00", "¥1,000,000.00"),
    ("unit_price", "99.50", "¥99.50"),
    ("credit_score", "85.50", "85.50"),  # not money
    ("status", "opened", "已开标"),
    ("opened_at", "2026-12-26T01:30:00+00:00", "2026-12-26 09:30"),  # shown in Beijing time
    ("valid", True, "是"),
    ("invalid_reason", None, "—"),
    ("members", [8, 40, 6], "8、40、6"),
])
def test_recorded_values_read_as_people_read_them(app, name, value, shown):
    from flask_babel import force_locale

    from core.trail_browser import display_value

    with app.test_request_context(), force_locale("zh_CN"):
        assert display_value(name, value) == shown


def test_codes_are_read_with_their_object_kind_first(app):
    """A red flag's `open` is 未处理, not a competition's 报价中; its `code` is its kind, not a project code."""
    from flask_babel import force_locale

    from core.trail_browser import display_value, field_label

    with app.test_request_context(), force_locale("zh_CN"):
        assert display_value("status", "open", "red_flag") == "未处理"
        assert field_label("red_flag", "code") == "预警类型"
        assert field_label("project", "code") == "项目编号"
        assert display_value("status", "ready", "stored_document") == "已生成"
        assert display_value("interest", "274.59", "deposit") == "¥274.59"
        assert display_value("detail", {"supplier": "福建闽兴", "due_on": "2026-11-17"}, "red_flag") == (
            "供应商: 福建闽兴；应于此日前: 2026-11-17")


def test_a_list_of_records_is_a_table_with_labelled_columns(app):
    from flask_babel import force_locale

    from core.trail_browser import display_value

    with app.test_request_context(), force_locale("zh_CN"):
        table = display_value("bids", [{"bid_id": 7, "price": "960000.00", "valid": True, "invalid_reason": None}])
    assert table == {"columns": ["投标", "投标报价", "有效性", "无效原因"], "rows": [["7", "¥960,000.00", "是", "—"]]}


def test_the_timeline_shows_labels_and_formatted_values_never_python_reprs(login, make, scene):
    from core import clock
    from core.extensions import db
    from trading.tender import operations as ops

    project = scene["project"]
    with clock.frozen_at(project.bid_deadline):
        ops.open_bids(scene["admin"], project.id)
    db.session.commit()
    html = login(scene["supervisor"]).get(f"/projects/{project.id}").get_data(as_text=True)
    assert "开标" in html and "¥900,000.00" in html
    for raw in ("project.opened", "[{", "'bid_id'", "True", "+00:00", "status："):
        assert raw not in html, raw
