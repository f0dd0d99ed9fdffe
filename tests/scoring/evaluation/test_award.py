"""Candidates, publicity, award and savings; re-deriving the result and replaying the draw."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from core import clock
from core.errors import DomainError
from core.extensions import db
from core.trail import verify_trail
from scoring.evaluation import operations as award
from scoring.sheets.models import ScoreSheet

pytestmark = pytest.mark.usefixtures("fast_passwords")


def refused(operation):
    with pytest.raises(DomainError) as err:
        operation()
    db.session.rollback()
    return err.value


@pytest.fixture
def evaluated(panel):
    """Every expert gives every bid 80 (30 + 50): the lowest price wins. Prices 900,000 / 850,000 / 800,000."""
    panel.submit_all()
    record = award.evaluate(panel.admin, panel.project.id)
    db.session.commit()
    return panel, record


def test_the_candidates_are_the_top_three_with_a_publicity_end(app, evaluated):
    panel, record = evaluated
    prices = [row["price"] for row in record.result["ranking"]]
    assert prices == ["800000.00", "850000.00", "900000.00"]
    assert record.result["candidates"] == [row["bid_id"] for row in record.result["ranking"]]
    assert record.publicity_ends_at == record.evaluated_at + timedelta(days=app.config["PUBLICITY_DAYS"])


def test_the_award_waits_for_the_end_of_the_publicity_to_the_second(evaluated):
    panel, record = evaluated
    with clock.frozen_at(record.publicity_ends_at - timedelta(seconds=1)):
        assert refused(lambda: award.award(panel.admin, panel.project.id)).code == "publicity_running"
    with clock.frozen_at(record.publicity_ends_at):
        done = award.award(panel.admin, panel.project.id)
    # Budget 1,000,000.00, award 800,000.00: savings 200,000.00, rate 0.2000.
    assert (done.award_amount, done.savings, done.savings_rate) == (Decimal("800000.00"), Decimal("200000.00"), Decimal("0.2000"))
    assert panel.project.status == "awarded"
    assert verify_trail()["ok"]


def test_another_candidate_needs_a_reason_and_a_non_candidate_is_refused(evaluated, make):
    panel, record = evaluated
    second = record.result["ranking"][1]["bid_id"]
    with clock.frozen_at(record.publicity_ends_at):
        assert refused(lambda: award.award(panel.admin, panel.project.id, second)).code == "reason_required"
        assert refused(lambda: award.award(panel.admin, panel.project.id, 999999)).code == "not_a_candidate"
        done = award.award(panel.admin, panel.project.id, second, "第一中标候选人放弃中标")
    # 850,000.00 of 1,000,000.00: savings 150,000.00, rate 0.1500.
    assert (done.award_amount, done.savings_rate, done.award_reason) == (
        Decimal("850000.00"), Decimal("0.1500"), "第一中标候选人放弃中标")


def test_a_zero_day_publicity_allows_the_award_at_once(app, panel):
    app.config["PUBLICITY_DAYS"] = 0
    panel.submit_all()
    award.evaluate(panel.admin, panel.project.id)
    assert award.award(panel.admin, panel.project.id).status == "awarded"


def test_the_stored_result_recomputes_identically(evaluated):
    panel, _ = evaluated
    assert award.verify_result(panel.project) == (True, [])


def test_a_sheet_changed_behind_the_platform_is_found_by_verify_result_and_the_trail(evaluated):
    panel, record = evaluated
    sheet = db.session.scalars(db.select(ScoreSheet).where(ScoreSheet.project_id == panel.project.id)).first()
    tampered = {code: [40, 60] for code in sheet.scores}
    db.session.execute(update(ScoreSheet).where(ScoreSheet.id == sheet.id).values(scores=tampered))
    db.session.commit()
    db.session.expire_all()
    ok, differences = award.verify_result(panel.project)
    assert not ok and differences
    assert not verify_trail()["ok"]


def test_the_cli_replays_the_draw_and_verifies_the_result(app, evaluated):
    panel, _ = evaluated
    runner = app.test_cli_runner()
    replay = runner.invoke(args=["scoring", "replay-draw", panel.project.code])
    assert replay.exit_code == 0 and "MATCH" in replay.output and "panel-seed-1" in replay.output
    verified = runner.invoke(args=["scoring", "verify-result", panel.project.code])
    assert verified.exit_code == 0 and "MATCH" in verified.output
    assert runner.invoke(args=["scoring", "replay-draw", "2099-XX-0000"]).exit_code != 0


def test_the_experts_record_counts_panels_served(evaluated):
    panel, _ = evaluated
    assert [e.expert.panels_served for e in panel.experts] == [1] * 5


def test_the_candidates_and_result_notices_are_published(api, evaluated):
    panel, record = evaluated
    listed = api.get(f"/api/v1/notices?type=candidates&project_id={panel.project.id}").json["items"]
    assert len(listed) == 1 and "800,000.00" in listed[0]["body"] and "中标候选人" in listed[0]["title"]
    with clock.frozen_at(record.publicity_ends_at):
        award.award(panel.admin, panel.project.id)
    db.session.commit()
    [result] = api.get(f"/api/v1/notices?type=result&project_id={panel.project.id}").json["items"]
    for expert in panel.experts:
        assert expert.expert.name in result["body"]
