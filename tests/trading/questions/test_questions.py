"""Questions and answers (答疑): who asks and until when, the asker never visible, answers public."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import Event
from core.notifications import Notification
from core.timeutil import parse_datetime
from tests.builders.trading import project_payload
from tests.conftest import error_of

pytestmark = pytest.mark.usefixtures("fast_passwords")

BID_DEADLINE = parse_datetime(project_payload()["bid_deadline"])


def ask(api, user, project, text="第二章的工期要求是日历天还是工作日？"):
    return api.post(f"/api/v1/projects/{project.id}/questions", user, json={"text": text})


@pytest.fixture
def setting(make):
    admin, purchaser = make.admin(), make.purchaser()
    return admin, purchaser, make.project(purchaser, admin=admin)


def test_an_approved_bidder_asks_until_one_second_before_the_deadline(api, make, setting, clock):
    _, _, project = setting
    bidder = make.bidder()  # not signed up: asking reveals nothing about sign-ups
    clock.set(BID_DEADLINE - timedelta(seconds=1))
    response = ask(api, bidder, project)
    assert response.status_code == 201 and isinstance(response.json["id"], int)
    clock.set(BID_DEADLINE)
    assert error_of(ask(api, bidder, project)) == (409, "deadline_passed")


def test_who_may_ask(api, make, setting):
    admin, purchaser, project = setting
    assert error_of(ask(api, make.user("bidder", make.org(status="pending")), project)) == (
        403, "organization_not_approved")
    assert error_of(ask(api, make.bidder(blacklisted_until=parse_datetime("2027-06-30T00:00:00+08:00").date()),
                        project)) == (422, "blacklisted")  # as at sign-up
    assert error_of(ask(api, purchaser, project)) == (403, "forbidden")
    assert error_of(ask(api, admin, project)) == (403, "forbidden")
    assert error_of(ask(api, make.bidder(), make.project(status="submitted")))[0] == 404
    assert error_of(ask(api, make.bidder(), project, "  ")) == (422, "validation_failed")


def test_the_asker_is_never_shown_and_answers_are_public(api, make, setting):
    admin, purchaser, project = setting
    asker, other = make.bidder(name="提问人公司"), make.bidder()
    qid = ask(api, asker, project).json["id"]
    url = f"/api/v1/projects/{project.id}/questions"
    assert api.get(url).json["items"] == []  # unanswered: not public
    assert api.get(url, other).json["items"] == []
    for user in (purchaser, admin):
        items = api.get(url, user).json["items"]
        assert [i["id"] for i in items] == [qid] and items[0]["answer"] is None
        assert set(items[0]) == {"id", "text", "answer", "asked_at", "answered_at"}
    assert [i["id"] for i in api.get(url, asker).json["items"]] == [qid]  # its own
    answer = api.post(f"{url}/{qid}/answer", purchaser, json={"text": "日历天。"})
    assert answer.status_code == 200 and answer.json["answer"] == "日历天。"
    for user in (None, other, make.supervisor()):
        assert [(i["id"], i["answer"]) for i in api.get(url, user).json["items"]] == [(qid, "日历天。")]
    # The asker is notified; the trail keeps its question sealed.
    notes = db.session.scalars(select(Notification).where(Notification.kind == "question.answered")).all()
    assert [n.user_id for n in notes] == [asker.id]
    asked = db.session.scalars(select(Event).where(Event.action == "question.asked")).one()
    assert asked.sealed_scope == f"question:{qid}"  # never revealed, not even by the opening
    page = api.app.test_client().get(f"/projects/{project.id}").get_data(as_text=True)
    assert "日历天。" in page and "提问人公司" not in page


def test_who_may_answer(api, make, setting):
    admin, purchaser, project = setting
    qid = ask(api, make.bidder(), project).json["id"]
    url = f"/api/v1/projects/{project.id}/questions/{qid}/answer"
    assert error_of(api.post(url, make.purchaser(), json={"text": "x"})) == (403, "not_owner")
    assert error_of(api.post(url, make.bidder(), json={"text": "x"})) == (403, "forbidden")
    assert api.post(url, admin, json={"text": "以招标文件为准。"}).status_code == 200
    other = make.project(admin=admin)
    assert error_of(api.post(f"/api/v1/projects/{other.id}/questions/{qid}/answer", admin, json={"text": "x"})) == (
        404, "question_not_found")


def test_pages_ask_and_answer(make, setting, login):
    admin, purchaser, project = setting
    bidder = make.bidder(name="提问人公司")
    client = login(bidder)
    assert "Ask a question" in client.get(f"/projects/{project.id}?lang=en").get_data(as_text=True)
    response = client.post(f"/projects/{project.id}/questions", data={"text": "是否接受联合体投标？"},
                           follow_redirects=True)
    assert "是否接受联合体投标？" in response.get_data(as_text=True)
    owner = login(purchaser)
    page = owner.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "是否接受联合体投标？" in page and "提问人公司" not in page
    from trading.questions.models import Question

    qid = db.session.scalar(select(Question.id))
    owner.post(f"/projects/{project.id}/questions/{qid}/answer", data={"text": "不接受联合体投标。"})
    public = login(make.bidder()).get(f"/projects/{project.id}").get_data(as_text=True)
    assert "不接受联合体投标。" in public and "提问人公司" not in public


def test_the_asker_stays_unknown_after_the_opening(api, make, login, clock):
    """domain.md: the asker is known to the center only, after the opening too: neither the purchasing unit's
    project page (its timeline) nor the supervisor's trail name the bidder that asked."""
    admin, purchaser = make.admin(), make.purchaser()
    asker = make.bidder(name="提问人公司")
    project = make.project(purchaser, admin=admin, bids=["900000.00", "910000.00"])
    make.bid(project, asker, "920000.00")
    qid = ask(api, asker, project).json["id"]
    api.post(f"/api/v1/projects/{project.id}/questions/{qid}/answer", purchaser, json={"text": "日历天。"})
    clock.set(BID_DEADLINE)
    assert api.post(f"/api/v1/projects/{project.id}/open", admin).json["status"] == "opened"
    page = login(purchaser).get(f"/projects/{project.id}").get_data(as_text=True)
    # The opening reveals every bidder (its record, the sign-ups and bids on the timeline); nothing says which asked.
    assert "日历天。" in page and "question.asked" not in page
    events = api.get(f"/api/v1/audit/trail/events?project={project.id}&per_page=200", make.supervisor()).json
    assert "question.asked" not in {e["action"] for e in events["items"]}
    assert asker.username not in {e["actor"] for e in events["items"] if e["action"].startswith("question.")}
