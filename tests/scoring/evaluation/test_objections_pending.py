"""The evaluation waits for the opening's objections (domain.md: Opening): while the objection window is open
(30 minutes after the opening, inclusive) or an objection is unanswered, score sheets stay closed and evaluate
answers 409 objections_pending."""
from datetime import timedelta

import pytest

from core.errors import Conflict
from core.extensions import db
from scoring.evaluation import operations as evaluation
from trading.hall import operations as hall
from trading.tender.operations import opening_record

pytestmark = pytest.mark.usefixtures("fast_passwords")


def _bidder_user(project):
    """A user of the first participating bidder."""
    from core.models import User

    organization_id = opening_record(project)[0].organization_id
    return db.session.scalar(db.select(User).where(User.organization_id == organization_id))


def _refused(call):
    with pytest.raises(Conflict) as refused:
        call()
    db.session.rollback()
    return refused.value.code


def test_sheets_and_evaluation_stay_closed_during_the_objection_window(clock, panel):
    opened_at = panel.project.opened_at
    clock.set(opened_at + timedelta(minutes=30))  # the window's last moment (inclusive)
    assert _refused(lambda: panel.submit(panel.experts[0])) == "objections_pending"
    for expert in panel.experts:
        clock.set(opened_at + timedelta(minutes=30, seconds=1))  # one second after: the sheets open
        panel.submit(expert)
    clock.set(opened_at + timedelta(minutes=30))
    assert _refused(lambda: evaluation.evaluate(panel.admin, panel.project.id)) == "objections_pending"
    clock.set(opened_at + timedelta(minutes=30, seconds=1))
    assert evaluation.evaluate(panel.admin, panel.project.id).status == "evaluated"


def test_an_unanswered_objection_keeps_them_closed_until_it_is_answered(clock, panel):
    opened_at = panel.project.opened_at
    clock.set(opened_at + timedelta(minutes=10))
    objection = hall.raise_objection(_bidder_user(panel.project), panel.project.id, "第2号投标报价唱标有误")
    db.session.commit()
    clock.set(opened_at + timedelta(hours=2))  # long after the window
    assert _refused(lambda: panel.submit(panel.experts[0])) == "objections_pending"
    hall.answer_objection(panel.admin, panel.project.id, objection.id, "已核对，唱标无误")
    db.session.commit()
    panel.submit_all()
    assert evaluation.evaluate(panel.admin, panel.project.id).status == "evaluated"


def test_the_api_answers_409_objections_pending(api, clock, panel):
    clock.set(panel.project.opened_at + timedelta(minutes=5))
    entries = [{"code": code, "criteria": [30, 50], "comment": "可行"} for code in panel.codes]
    response = api.put(f"/api/v1/projects/{panel.project.id}/evaluation/scores", panel.experts[0],
                       json={"scores": entries, "submit": True})
    assert (response.status_code, response.json["error"]["code"]) == (409, "objections_pending")
    response = api.post(f"/api/v1/projects/{panel.project.id}/evaluate", panel.admin)
    assert (response.status_code, response.json["error"]["code"]) == (409, "objections_pending")


def test_the_pages_say_why_scoring_and_evaluation_wait(login, clock, panel):
    clock.set(panel.project.opened_at + timedelta(minutes=5))
    expert_page = login(panel.experts[0]).get(f"/expert/projects/{panel.project.id}?lang=en").get_data(as_text=True)
    assert "Scoring opens once the bidders' objection window has closed" in expert_page
    center_page = login(panel.admin).get(f"/projects/{panel.project.id}/evaluation?lang=en").get_data(as_text=True)
    assert "The evaluation waits for the opening" in center_page
    assert f"/projects/{panel.project.id}/evaluation/evaluate" not in center_page
    clock.set(panel.project.opened_at + timedelta(minutes=31))
    panel.submit_all()
    center_page = login(panel.admin).get(f"/projects/{panel.project.id}/evaluation?lang=en").get_data(as_text=True)
    assert f"/projects/{panel.project.id}/evaluation/evaluate" in center_page
