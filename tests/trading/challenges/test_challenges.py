"""Challenges (质疑): each window at its first and last day and one day after, the reply deadline, the award held
while a challenge on the result is unanswered, the reminders and the overdue flag, who sees the challenger.

Dates from chinesecalendar, checked by hand against the State Council's 2026 schedule: 2026-09-25 (Fri,
Mid-Autumn) and 2026-10-01..07 (National Day) are holidays; 2026-09-20 (Sun) and 2026-10-10 (Sat) are make-up
working days.
"""
import base64
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from audit.flags.models import RedFlag
from audit.flags.tasks import challenge_clocks
from core.extensions import db
from core.models import User
from core.notifications import Notification
from tests.conftest import error_of
from trading.challenges import operations as challenges
from trading.challenges.tasks import send_challenge_reminders
from trading.tender.models import Signup

pytestmark = pytest.mark.usefixtures("fast_passwords")
PDF = {"name": "证据.pdf", "content_base64": base64.b64encode(b"%PDF-1.4 evidence").decode()}


def local(day, hour=10, minute=0):
    """`hour`:`minute` in Beijing on `day`, as UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.utc) - timedelta(hours=8)


def bidders_of(project):
    """One user of each organisation signed up for the project, in sign-up order."""
    orgs = db.session.scalars(select(Signup.organization_id).where(Signup.project_id == project.id)
                              .order_by(Signup.created_at, Signup.id)).all()
    return [db.session.scalars(select(User).where(User.organization_id == org)).first() for org in orgs]


def challenge(api, user, project, subject, text="招标文件评分标准具有倾向性。", **extra):
    return api.post(f"/api/v1/projects/{project.id}/challenges", user,
                    json={"subject": subject, "text": text, "documents": [PDF], **extra})


@pytest.fixture
def opened_before_national_day(make, clock):
    """An open tender opened at its bid deadline, Tue 2026-09-29 09:30, with three bids."""
    clock.set(local(date(2026, 9, 1), 9))
    project = make.project(status="opened", bids=("900000.00", "850000.00", "800000.00"),
                           signup_deadline="2026-09-24T17:00:00+08:00", bid_deadline="2026-09-29T09:30:00+08:00")
    return project


@pytest.fixture
def evaluated_on_sep_30(make, clock):
    """A project evaluated (its candidates notice published) on Wed 2026-09-30 09:00."""
    clock.set(local(date(2026, 9, 30), 9))
    owner = make.purchaser()
    return make.project(purchaser=owner, status="evaluated"), owner


# -- The windows, by hand -------------------------------------------------------------------------------------------

def test_the_documents_window_runs_from_publication_to_the_bid_deadline(api, make, clock):
    clock.set(local(date(2026, 9, 1), 9))
    project = make.project(status="published", signup_deadline="2026-09-24T17:00:00+08:00",
                           bid_deadline="2026-09-29T09:30:00+08:00")
    bidder = make.bidder()
    make.bid(project, bidder, "900000.00")
    # Published at 2026-09-01 09:00: the first day.
    first = challenge(api, bidder, project, "documents")
    assert first.status_code == 201, first.json
    # Made Tue 09-01: 7 working days = 09-02, 03, 04, 07, 08, 09, 10.
    assert first.json["reply_due_on"] == "2026-09-10"
    clock.set(local(date(2026, 9, 29), 9, 29))  # the last minute before the bid deadline
    assert challenge(api, bidder, project, "documents").status_code == 201
    clock.set(local(date(2026, 9, 29), 9, 30))  # the bid deadline itself
    late = challenge(api, bidder, project, "documents")
    assert error_of(late) == (409, "challenge_window_closed")
    assert error_of(challenge(api, bidder, project, "process")) == (409, "challenge_window_closed")  # not opened yet


def test_the_process_window_ends_7_working_days_after_the_opening(api, clock, opened_before_national_day):
    project = opened_before_national_day
    bidder = bidders_of(project)[0]
    clock.set(local(date(2026, 9, 29), 10))  # the opening day, after the opening
    first = challenge(api, bidder, project, "process")
    assert first.status_code == 201
    # 7 working days after Tue 09-29: 09-30, (10-01..07 National Day), 10-08, 10-09, 10-10 (Sat, make-up), 10-12,
    # 10-13, 10-14.
    assert first.json["reply_due_on"] == "2026-10-14" and first.json["reply_due_estimated"] is False
    clock.set(local(date(2026, 10, 14), 17))  # the last day of the window: Wed 10-14
    assert challenge(api, bidder, project, "process").status_code == 201
    clock.set(local(date(2026, 10, 15), 9))  # one day after
    late = challenge(api, bidder, project, "process")
    assert error_of(late) == (409, "challenge_window_closed")
    assert error_of(challenge(api, bidder, project, "documents")) == (409, "challenge_window_closed")


def test_the_result_window_ends_7_working_days_after_the_candidates_notice(api, clock, evaluated_on_sep_30):
    project, _ = evaluated_on_sep_30
    bidder = bidders_of(project)[1]
    clock.set(local(date(2026, 9, 30), 10))  # the candidates notice's day
    assert challenge(api, bidder, project, "result").status_code == 201
    # 7 working days after Wed 09-30: 10-08, 10-09, 10-10 (Sat, make-up), 10-12, 10-13, 10-14, 10-15.
    clock.set(local(date(2026, 10, 15), 16))
    last = challenge(api, bidder, project, "result")
    assert last.status_code == 201
    # Made Thu 10-15: 10-16, 19, 20, 21, 22, 23, 26.
    assert last.json["reply_due_on"] == "2026-10-26"
    clock.set(local(date(2026, 10, 16), 9))
    assert error_of(challenge(api, bidder, project, "result")) == (409, "challenge_window_closed")


def test_only_a_supplier_that_signed_up_challenges(api, make, clock, evaluated_on_sep_30):
    project, owner = evaluated_on_sep_30
    clock.set(local(date(2026, 9, 30), 10))
    stranger = make.bidder()
    assert challenge(api, stranger, project, "result").status_code == 403
    assert challenge(api, owner, project, "result").status_code == 403


def test_evidence_must_be_pdf(api, clock, evaluated_on_sep_30):
    project, _ = evaluated_on_sep_30
    clock.set(local(date(2026, 9, 30), 10))
    word = {"name": "证据.docx", "content_base64": base64.b64encode(b"PK\x03\x04").decode()}
    response = api.post(f"/api/v1/projects/{project.id}/challenges", bidders_of(project)[0],
                        json={"subject": "result", "text": "不服", "documents": [word]})
    assert error_of(response) == (422, "bad_document")


# -- The award waits for the reply ------------------------------------------------------------------------------------

def test_the_award_waits_while_a_challenge_on_the_result_is_unanswered(api, make, clock, evaluated_on_sep_30):
    project, owner = evaluated_on_sep_30
    admin = make.admin()
    clock.set(local(date(2026, 9, 30), 10))
    made = challenge(api, bidders_of(project)[1], project, "result").json
    clock.set(local(date(2026, 10, 8), 9))  # after the 3-day publicity
    refused = api.post(f"/api/v1/projects/{project.id}/award", admin, json={})
    assert error_of(refused) == (409, "challenge_pending")
    replied = api.post(f"/api/v1/challenges/{made['id']}/reply", owner, json={"text": "经复核，评审无误。"})
    assert replied.status_code == 200 and replied.json["status"] == "answered"
    assert api.post(f"/api/v1/projects/{project.id}/award", admin, json={}).status_code == 200


def test_the_reply_reaches_the_challenger_and_the_others_without_its_name(api, make, clock, evaluated_on_sep_30):
    project, owner = evaluated_on_sep_30
    challenger, other, third = bidders_of(project)
    clock.set(local(date(2026, 9, 30), 10))
    made = challenge(api, challenger, project, "result").json
    api.post(f"/api/v1/challenges/{made['id']}/reply", owner, json={"text": "答复：评分无误。"})
    name = challenger.organization.name
    mine = api.get("/api/v1/me/notifications", challenger).json["items"]
    assert any("答复：评分无误。" in n["body"] for n in mine)
    for user in (other, third):
        items = api.get("/api/v1/me/notifications", user).json["items"]
        assert any("答复：评分无误。" in n["body"] for n in items)
        assert not any(name in n["body"] or name in n["title"] for n in items)
        assert api.get(f"/api/v1/challenges/{made['id']}", user).status_code == 404
    assert api.get(f"/api/v1/challenges/{made['id']}", owner).json["challenger"] == name


def test_a_documents_challenge_names_nobody_before_the_opening(api, make, clock):
    clock.set(local(date(2026, 9, 1), 9))
    owner = make.purchaser()
    project = make.project(purchaser=owner, status="published", signup_deadline="2026-09-24T17:00:00+08:00",
                           bid_deadline="2026-09-29T09:30:00+08:00")
    bidder = make.bidder()
    make.bid(project, bidder, "900000.00")
    made = challenge(api, bidder, project, "documents").json
    admin, supervisor = make.admin(), make.supervisor()
    for reader in (owner, admin, supervisor):
        seen = api.get(f"/api/v1/challenges/{made['id']}", reader).json
        assert seen["challenger"] is None and seen["text"]
    assert api.get(f"/api/v1/challenges/{made['id']}", bidder).json["challenger"] == bidder.organization.name
    page = api.client.get(f"/challenges/{made['id']}")  # anonymous: the login page
    assert page.status_code in (302, 401)


# -- Reminders and the overdue flag -----------------------------------------------------------------------------------

def test_a_reminder_the_day_before_the_reply_deadline_once_and_the_flag_after_it(api, clock, evaluated_on_sep_30):
    project, owner = evaluated_on_sep_30
    clock.set(local(date(2026, 9, 30), 10))
    made = challenge(api, bidders_of(project)[0], project, "result").json
    due = date.fromisoformat(made["reply_due_on"])
    clock.set(local(due - timedelta(days=1), 9))
    send_challenge_reminders()
    send_challenge_reminders()
    reminders = db.session.scalars(select(Notification).where(Notification.kind == "challenges.reply_due",
                                                              Notification.user_id == owner.id)).all()
    assert len(reminders) == 1
    clock.set(local(due, 17))
    challenge_clocks()
    flag = db.session.scalar(select(RedFlag).where(RedFlag.code == "challenge_reply_overdue"))
    assert flag is None  # still on time on the due date
    clock.set(local(due + timedelta(days=1), 9))
    challenge_clocks()
    flag = db.session.scalar(select(RedFlag).where(RedFlag.code == "challenge_reply_overdue"))
    assert flag is not None and flag.status == "open"
    api.post(f"/api/v1/challenges/{made['id']}/reply", owner, json={"text": "迟到的答复"})
    db.session.expire_all()
    assert db.session.get(RedFlag, flag.id).status == "resolved"


def test_every_endpoint_is_in_the_openapi_document(api):
    paths = api.client.get("/api/v1/openapi.json").json["paths"]
    for path, method in (("/api/v1/projects/{project_id}/challenges", "post"),
                         ("/api/v1/challenges/{challenge_id}/reply", "post"),
                         ("/api/v1/challenges/{challenge_id}/complaints", "post"),
                         ("/api/v1/complaints/{complaint_id}/suspend", "post"),
                         ("/api/v1/complaints/{complaint_id}/decide", "post"),
                         ("/api/v1/challenges", "get"), ("/api/v1/complaints", "get")):
        assert method in paths[path], path


def test_search_lists_each_role_its_own(make, clock, evaluated_on_sep_30):
    project, owner = evaluated_on_sep_30
    clock.set(local(date(2026, 9, 30), 10))
    first, second, _ = bidders_of(project)
    made = challenges.file_challenge(first, project.id, {"subject": "result", "text": "甲", "documents": []})
    db.session.commit()
    assert db.session.scalars(challenges.search_challenges(first)).all() == [made]
    assert db.session.scalars(challenges.search_challenges(second)).all() == []
    assert db.session.scalars(challenges.search_challenges(owner)).all() == [made]
    assert db.session.scalars(challenges.search_challenges(make.purchaser())).all() == []
    assert db.session.scalars(challenges.search_challenges(make.supervisor())).all() == [made]
