"""The invitation gives the drawn expert what they need: the purchasing unit, the project, the evaluation's
time and place (stated by the center at the draw) and what to do; My panels links each to-do to its place."""
from datetime import datetime, timezone

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from core import notifications
from core.extensions import db
from core.models import Event
from core.notifications import Notification
from core.timeutil import parse_datetime
from scoring.draw import operations as draw
from scoring.draw.models import Draw
from tests.conftest import error_of

pytestmark = pytest.mark.usefixtures("fast_passwords")

PLACE = "县公共资源交易中心三楼第二评标室"
# 2026-12-03 09:30 Beijing time is 01:30 UTC; the clock stands at 2026-12-01 09:00 Beijing time.
EVALUATION_AT = "2026-12-03T09:30:00+08:00"
EVALUATION_UTC = datetime(2026, 12, 3, 1, 30, tzinfo=timezone.utc)


@pytest.fixture
def opened(make):
    """An opened project (panel of 5, specialty A01 房屋建筑工程, category construction 工程), 7 experts, the center."""
    admin = make.admin()
    project = make.project(status="opened", admin=admin, bids=["900000", "910000", "920000"],
                           title="县人民医院门诊楼改造工程")
    make.experts(7)
    return project, admin


def inbox(user):
    """(kind, title, body, link) of the user's notifications, in Chinese."""
    with force_locale("zh_CN"):
        return [(n.kind, *notifications.render(n), n.link) for n in db.session.scalars(notifications.inbox(user))]


def text(response):
    return response.get_data(as_text=True)


def draw_count():
    return db.session.scalar(select(func.count()).select_from(Draw))


def test_the_draw_stores_the_time_and_place_and_the_trail_records_them(opened):
    project, admin = opened
    made = draw.draw_panel(admin, project.id, "seed-inv-1", parse_datetime(EVALUATION_AT), PLACE)
    db.session.commit()
    db.session.refresh(made)
    assert (made.evaluation_at, made.evaluation_place) == (EVALUATION_UTC, PLACE)
    event = db.session.scalar(select(Event).where(Event.action == "experts.drawn"))
    assert (event.after["evaluation_at"], event.after["evaluation_place"]) == ("2026-12-03T01:30:00+00:00", PLACE)


def test_the_invitation_names_the_purchaser_the_project_the_time_and_the_place(opened):
    project, admin = opened
    made = draw.draw_panel(admin, project.id, "seed-inv-2", parse_datetime(EVALUATION_AT), PLACE)
    db.session.commit()
    member = made.members[0]
    [(kind, title, body, link)] = inbox(member.expert.user)
    assert kind == "scoring.invitation" and link == f"/expert/projects/{project.id}"
    assert title == f"评标邀请：项目 {project.code}"
    for part in (project.purchaser.name, project.code, "县人民医院门诊楼改造工程", "工程", "房屋建筑工程",
                 "2026-12-03 09:30", PLACE, "身份证"):
        assert part in body, part
    reserve = made.members[5]
    assert inbox(reserve.expert.user) == [], "a reserve is invited only when it replaces a member"


def test_the_invitation_never_names_a_bidder_or_a_price(opened):
    project, admin = opened
    made = draw.draw_panel(admin, project.id, "seed-inv-3", parse_datetime(EVALUATION_AT), PLACE)
    db.session.commit()
    body = inbox(made.members[0].expert.user)[0][2]
    for secret in ("测试bidder单位", "900000", "900,000", "910,000", "920,000"):  # the builder's bidder names
        assert secret not in body


def test_a_draw_without_time_and_place_says_they_will_be_announced(opened):
    project, admin = opened
    made = draw.draw_panel(admin, project.id, "seed-inv-4")
    db.session.commit()
    body = inbox(made.members[0].expert.user)[0][2]
    assert "评标时间：另行通知" in body and "评标地点：另行通知" in body


def test_a_top_up_round_keeps_the_time_and_place_of_the_last_round(make, opened):
    project, admin = opened
    make.expert()  # the eighth: round 2 draws it
    first = draw.draw_panel(admin, project.id, "seed-inv-5", parse_datetime(EVALUATION_AT), PLACE)
    db.session.commit()
    for member in first.members[:3]:  # two reserves replace the first two, the third decline draws round 2
        draw.respond(member.expert.user, project.id, accept=False, reason="回避")
    db.session.commit()
    second = db.session.scalar(select(Draw).where(Draw.round == 2))
    assert (second.evaluation_at, second.evaluation_place) == (EVALUATION_UTC, PLACE)


def test_the_api_takes_the_time_and_place_and_returns_them(api, opened):
    project, admin = opened
    response = api.post(f"/api/v1/projects/{project.id}/experts/draw", admin,
                        json={"seed": "seed-inv-6", "evaluation_at": EVALUATION_AT, "evaluation_place": PLACE})
    assert response.status_code == 201, response.json
    assert (response.json["evaluation_at"], response.json["evaluation_place"]) == (EVALUATION_AT, PLACE)


@pytest.mark.parametrize("fields, field", [
    ({"evaluation_at": "2026-12-01T08:59:00+08:00"}, "evaluation_at"),  # a minute before "now"
    ({"evaluation_place": "室" * 201}, "evaluation_place"),
    ({"evaluation_place": "   "}, "evaluation_place"),
])
def test_the_api_refuses_a_past_time_or_a_bad_place_and_draws_nothing(api, opened, fields, field):
    project, admin = opened
    response = api.post(f"/api/v1/projects/{project.id}/experts/draw", admin, json={"seed": "seed-inv-7", **fields})
    assert error_of(response) == (422, "validation_failed")
    assert list(response.json["error"]["fields"]) == [field]
    assert draw_count() == 0
    assert db.session.scalar(select(func.count()).where(Notification.kind == "scoring.invitation")) == 0


def test_the_api_takes_the_present_minute(api, opened):
    project, admin = opened
    response = api.post(f"/api/v1/projects/{project.id}/experts/draw", admin,
                        json={"evaluation_at": "2026-12-01T09:00:00+08:00", "evaluation_place": PLACE})
    assert response.status_code == 201


def test_the_page_form_draws_with_the_time_and_place(login, opened):
    project, admin = opened
    client = login(admin)
    url = f"/projects/{project.id}/evaluation"
    page = text(client.get(url))
    assert 'type="datetime-local"' in page and 'name="evaluation_place"' in page
    response = client.post(f"{url}/draw", data={"seed": "seed-page-1", "evaluation_at": "2026-12-03T09:30",
                                                 "evaluation_place": PLACE})
    assert response.status_code == 302
    made = db.session.scalar(select(Draw))
    assert (made.evaluation_at, made.evaluation_place) == (EVALUATION_UTC, PLACE)
    page = text(client.get(url))
    assert "2026-12-03 09:30" in page and PLACE in page


def test_the_page_form_refuses_a_past_time_with_a_form_message(login, opened):
    project, admin = opened
    client = login(admin)
    url = f"/projects/{project.id}/evaluation"
    response = client.post(f"{url}/draw", data={"evaluation_at": "2026-11-30T09:30", "evaluation_place": PLACE})
    assert response.status_code == 422
    assert "不能早于当前时间" in text(response) and 'value="2026-11-30T09:30"' in text(response)
    assert draw_count() == 0


def test_the_page_form_without_a_place_says_it_is_needed(login, opened):
    project, admin = opened
    client = login(admin)
    url = f"/projects/{project.id}/evaluation"
    response = client.post(f"{url}/draw", data={"evaluation_at": "2026-12-03T09:30", "evaluation_place": ""})
    assert response.status_code == 422
    assert "请填写评标地点" in text(response)
    assert draw_count() == 0


def test_the_page_form_without_a_time_says_it_is_needed(login, opened):
    project, admin = opened
    client = login(admin)
    response = client.post(f"/projects/{project.id}/evaluation/draw", data={"evaluation_place": PLACE})
    assert response.status_code == 422 and "请填写评标时间" in text(response)
    assert draw_count() == 0


def test_a_refused_draw_shows_why_on_the_page(login, make):
    admin = make.admin()
    project = make.project(status="opened", admin=admin, bids=["900000", "910000", "920000"])
    make.experts(3)  # a panel of 5 needs 5
    response = login(admin).post(f"/projects/{project.id}/evaluation/draw",
                                 data={"evaluation_at": "2026-12-03T09:30", "evaluation_place": PLACE})
    assert response.status_code == 422 and "的专家只剩 3 名，需要 5 名" in text(response)
    assert draw_count() == 0


def test_my_panels_links_each_to_do_to_where_the_expert_does_it(login, opened):
    project, admin = opened
    made = draw.draw_panel(admin, project.id, "seed-inv-8", parse_datetime(EVALUATION_AT), PLACE)
    db.session.commit()
    expert = made.members[0].expert.user
    client = login(expert)
    listing = text(client.get("/expert/assignments"))
    assert f'href="/expert/projects/{project.id}#invitation"' in listing and "答复邀请" in listing
    assert "2026-12-03 09:30" in listing and PLACE in listing
    draw.respond(expert, project.id, accept=True)
    db.session.commit()
    listing = text(client.get("/expert/assignments"))
    assert f'href="/expert/projects/{project.id}#sheet"' in listing and "评分" in listing


def test_the_assignment_page_shows_the_invitation_and_the_answer_section(login, opened):
    project, admin = opened
    made = draw.draw_panel(admin, project.id, "seed-inv-9", parse_datetime(EVALUATION_AT), PLACE)
    db.session.commit()
    page = text(login(made.members[0].expert.user).get(f"/expert/projects/{project.id}"))
    for part in (project.purchaser.name, project.code, "县人民医院门诊楼改造工程", "工程", "房屋建筑工程",
                 "2026-12-03 09:30", PLACE, 'id="invitation"'):
        assert part in page, part
    for secret in ("测试bidder单位", "900,000", "910,000", "920,000"):
        assert secret not in page


def test_the_assignments_api_gives_the_time_and_place(api, opened):
    project, admin = opened
    made = draw.draw_panel(admin, project.id, "seed-inv-10", parse_datetime(EVALUATION_AT), PLACE)
    db.session.commit()
    [row] = api.get("/api/v1/me/assignments", made.members[0].expert.user).json["items"]
    assert (row["evaluation_at"], row["evaluation_place"], row["purchaser"]) == (
        EVALUATION_AT, PLACE, project.purchaser.name)
    assert (row["category"], row["specialty"]) == ("construction", "A01")
