"""Complaints (投诉): their window, the supervisor's suspension (nothing proceeds) and decision, and the three
consequences carried out by the platform's own operations.

Dates by hand on the 2026 PRC calendar (see test_challenges.py): National Day 10-01..07, make-up Sat 10-10.
The projects are evaluated on Wed 2026-09-30 09:00 (candidates notice) and awarded at the end of the 3-day
publicity, Sat 2026-10-03 09:00.
"""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from audit.flags.models import RedFlag
from audit.flags.tasks import challenge_clocks
from core.extensions import db
from core.models import Event
from scoring.sheets import operations as sheets
from tests.conftest import error_of
from tests.trading.challenges.test_challenges import bidders_of, challenge, local
from trading.notices.models import Notice
from trading.tender.models import Project

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def world(make, clock, api):
    """Build a project at `status` evaluated on 09-30 (awarded on 10-03); a challenge on the result made on 10-08
    by the second candidate and answered on 10-09."""
    def build(status="evaluated"):
        clock.set(local(date(2026, 9, 30), 9))
        owner, admin = make.purchaser(), make.admin()
        project = make.project(purchaser=owner, admin=admin, status=status)
        challenger = bidders_of(project)[1]
        clock.set(local(date(2026, 10, 8), 10))
        made = challenge(api, challenger, project, "result").json
        clock.set(local(date(2026, 10, 9), 10))
        replied = api.post(f"/api/v1/challenges/{made['id']}/reply", owner, json={"text": "评审无误"})
        assert replied.status_code == 200
        return {"project": project, "owner": owner, "admin": admin, "challenger": challenger, "challenge": made,
                "supervisor": make.supervisor()}
    return build


def complain(api, world, text="对答复不满意"):
    return api.post(f"/api/v1/challenges/{world['challenge']['id']}/complaints", world["challenger"],
                    json={"text": text})


def decide(api, world, complaint_id, decision="upheld", consequence=None):
    return api.post(f"/api/v1/complaints/{complaint_id}/decide", world["supervisor"],
                    json={"decision": decision, "consequence": consequence, "text": "经调查，投诉事项成立。"})


def test_the_complaint_window_and_the_decision_deadline(api, make, clock):
    clock.set(local(date(2026, 9, 30), 9))
    owner = make.purchaser()
    project = make.project(purchaser=owner, status="evaluated")
    challenger = bidders_of(project)[1]
    clock.set(local(date(2026, 9, 30), 10))
    made = challenge(api, challenger, project, "result").json
    assert made["reply_due_on"] == "2026-10-15"  # 10-08, 09, 10 (make-up), 12, 13, 14, 15
    path = f"/api/v1/challenges/{made['id']}/complaints"
    clock.set(local(date(2026, 10, 15), 17))  # no reply yet, but the reply deadline has not passed
    assert error_of(api.post(path, challenger, json={"text": "未答复"})) == (409, "reply_awaited")
    assert api.post(path, owner, json={"text": "x"}).status_code == 403
    # 15 working days after Thu 10-15: 10-16, 19..23, 26..30, 11-02..05 → Thu 11-05, the last day.
    clock.set(local(date(2026, 11, 6), 9))
    assert error_of(api.post(path, challenger, json={"text": "逾期"})) == (409, "complaint_window_closed")
    clock.set(local(date(2026, 11, 5), 16))
    filed = api.post(path, challenger, json={"text": "采购人逾期未答复"})
    assert filed.status_code == 201
    # 30 working days after Thu 11-05: 11-06, 09..13, 16..20, 23..27, 11-30..12-04, 12-07..11, 12-14..17 → 12-17.
    assert filed.json["decision_due_on"] == "2026-12-17"
    assert error_of(api.post(path, challenger, json={"text": "再次"})) == (409, "already_complained")


def test_the_decision_clock_raises_its_flag(api, world, clock):
    w = world()
    filed = complain(api, w).json
    due = date.fromisoformat(filed["decision_due_on"])
    clock.set(local(due, 17))
    challenge_clocks()
    assert db.session.scalar(select(RedFlag).where(RedFlag.code == "complaint_decision_overdue")) is None
    clock.set(local(due + timedelta(days=1), 9))
    challenge_clocks()
    flag = db.session.scalar(select(RedFlag).where(RedFlag.code == "complaint_decision_overdue"))
    assert flag is not None and flag.status == "open"
    assert decide(api, w, filed["id"], "dismissed").status_code == 200
    db.session.expire_all()
    assert db.session.get(RedFlag, flag.id).status == "resolved"


def test_while_suspended_nothing_proceeds(api, world, clock):
    w = world()
    project = w["project"]
    filed = complain(api, w).json
    path = f"/api/v1/complaints/{filed['id']}/suspend"
    suspended = api.post(path, w["supervisor"], json={"days": 10, "reason": "调查"})
    assert suspended.status_code == 200
    assert api.post(path, w["admin"], json={"days": 5, "reason": "x"}).status_code == 403
    refused = api.post(f"/api/v1/projects/{project.id}/award", w["admin"], json={})
    assert error_of(refused) == (409, "procurement_suspended")
    assert error_of(api.post(f"/api/v1/complaints/{filed['id']}/suspend", w["supervisor"],
                             json={"days": 5, "reason": "again"})) == (409, "already_suspended")
    clock.set(local(date(2026, 10, 19), 11))  # 10 days after 10-09 10:00: over
    assert api.post(f"/api/v1/projects/{project.id}/award", w["admin"], json={}).status_code == 200


def test_the_suspension_stops_scoring_and_evaluation(api, make, clock):
    clock.set(local(date(2026, 9, 1), 9))
    project = make.project(status="opened", bids=("900000.00", "850000.00", "800000.00"),
                           signup_deadline="2026-09-24T17:00:00+08:00", bid_deadline="2026-09-29T09:30:00+08:00")
    admin, supervisor = make.admin(), make.supervisor()
    panel = make.panel(project, admin)
    clock.set(local(date(2026, 9, 29), 11))
    challenger = bidders_of(project)[0]
    made = challenge(api, challenger, project, "process").json
    api.post(f"/api/v1/challenges/{made['id']}/reply", admin, json={"text": "程序合法"})
    filed = api.post(f"/api/v1/challenges/{made['id']}/complaints", challenger, json={"text": "不服"}).json
    api.post(f"/api/v1/complaints/{filed['id']}/suspend", supervisor, json={"days": 30, "reason": "调查开标程序"})
    entries = [{"code": code, "criteria": [30, 50]} for code in panel.codes]
    response = api.put(f"/api/v1/projects/{project.id}/evaluation/scores", panel.experts[0],
                       json={"scores": entries, "submit": True})
    assert error_of(response) == (409, "procurement_suspended")
    assert error_of(api.post(f"/api/v1/projects/{project.id}/evaluate", admin)) == (409, "procurement_suspended")


def test_re_evaluate_starts_a_new_round_on_the_same_bids(api, world, clock, make):
    w = world("awarded")
    project, admin = w["project"], w["admin"]
    first_winner = project.evaluation_record.award_bid_id
    assert project.contract.status == "awaiting_signature"
    filed = complain(api, w).json
    decided = decide(api, w, filed["id"], consequence="re_evaluate")
    assert decided.status_code == 200 and decided.json["consequence"] == "re_evaluate"
    db.session.expire_all()
    project = db.session.get(Project, project.id)
    record = project.evaluation_record
    assert (project.status, record.status, record.result, record.award_bid_id) == ("opened", "scoring", None, None)
    assert project.contract.status == "annulled"
    reopened = db.session.scalar(select(Event).where(Event.action == "evaluation.reopened"))
    assert reopened.before["result"]["award"]["bid_id"] == first_winner  # the old result kept in the trail
    # The same panel re-scores: the first winner's technical part now scores lowest.
    codes = {bid_id: code for code, bid_id in record.bid_codes.items()}
    from scoring.draw.operations import serving_members

    for member in serving_members(project):
        assert member.sheet.status == "returned"
        entries = [{"code": code, "criteria": [0, 0] if bid_id == first_winner else [40, 60]}
                   for bid_id, code in codes.items()]
        sheets.save_scores(member.expert.user, project.id, entries, submit=True)
    db.session.commit()
    evaluated = api.post(f"/api/v1/projects/{project.id}/evaluate", admin)
    assert evaluated.status_code == 200
    assert evaluated.json["ranking"][0]["bid_id"] != first_winner
    clock.set(local(date(2026, 10, 20), 10))  # after the new publicity
    awarded = api.post(f"/api/v1/projects/{project.id}/award", admin, json={})
    assert awarded.status_code == 200
    db.session.expire_all()
    contract = db.session.get(Project, project.id).contract
    assert contract.status == "awaiting_signature" and contract.bid_id != first_winner
    notice = db.session.scalar(select(Notice).where(Notice.type == "complaint_decision"))
    assert notice is not None and w["challenger"].organization.name not in notice.body


def test_re_tender_terminates_and_drafts_a_copy(api, world):
    w = world()
    project = w["project"]
    filed = complain(api, w).json
    assert decide(api, w, filed["id"], consequence="re_tender").status_code == 200
    db.session.expire_all()
    project = db.session.get(Project, project.id)
    assert (project.status, project.closed_reason) == ("failed", "complaint_upheld")
    assert db.session.scalar(select(Notice).where(Notice.project_id == project.id, Notice.type == "failed"))
    draft = db.session.scalars(select(Project).where(Project.status == "draft", Project.title == project.title)).one()
    assert draft.purchaser_id == project.purchaser_id and draft.budget == project.budget
    seen = api.get(f"/api/v1/challenges/{w['challenge']['id']}", w["owner"]).json
    assert seen["complaint"]["redraft_project_id"] == draft.id


def test_award_annulled_lets_the_center_award_the_next_candidate(api, world):
    w = world("awarded")
    project, admin = w["project"], w["admin"]
    record = project.evaluation_record
    first, second = record.result["candidates"][:2]
    filed = complain(api, w).json
    assert decide(api, w, filed["id"], consequence="award_annulled").status_code == 200
    db.session.expire_all()
    project = db.session.get(Project, project.id)
    assert (project.status, project.evaluation_record.status, project.contract.status) == (
        "evaluated", "evaluated", "annulled")
    awarded = api.post(f"/api/v1/projects/{project.id}/award", admin, json={"bid_id": second, "reason": "投诉成立"})
    assert awarded.status_code == 200, awarded.json
    db.session.expire_all()
    contract = db.session.get(Project, project.id).contract
    assert contract.status == "awaiting_signature" and contract.bid_id == second != first


def test_a_decision_needs_a_fitting_consequence(api, world):
    w = world()
    filed = complain(api, w).json
    assert decide(api, w, filed["id"], "upheld", None).status_code == 422
    assert decide(api, w, filed["id"], "dismissed", "re_tender").status_code == 422
    assert error_of(decide(api, w, filed["id"], "upheld", "award_annulled")) == (409, "consequence_not_applicable")
    assert decide(api, w, filed["id"], "dismissed").status_code == 200
    assert error_of(decide(api, w, filed["id"], "dismissed")) == (409, "complaint_decided")
