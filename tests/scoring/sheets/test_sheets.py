"""Blind score sheets: values within 0..max with 2 decimals, drafts, submission, return by the center."""
from decimal import Decimal

import pytest

from core.errors import DomainError
from core.extensions import db
from core.trail import verify_trail
from scoring.draw import operations as draw
from scoring.evaluation import operations as award
from scoring.sheets import operations as sheets

pytestmark = pytest.mark.usefixtures("fast_passwords")


def refused(operation):
    with pytest.raises(DomainError) as err:
        operation()
    db.session.rollback()
    return err.value


def entry(code, values, comment=None):
    return {"code": code, "criteria": values, "comment": comment}


def test_the_panel_sees_bids_by_code_with_proposals_and_never_names_or_prices(panel):
    _, _, _, criteria, bids = sheets.blind_bids(panel.experts[0], panel.project.id)
    assert [b["code"] for b in bids] == ["B01", "B02", "B03"]
    assert {b["technical_proposal"] for b in bids} == {"技术方案"}
    assert set(bids[0]) == {"code", "technical_proposal", "documents"}
    assert [c.name for c in criteria] == ["施工方案", "质量保证"]


@pytest.mark.parametrize("value, ok", [(0, True), (40, True), ("39.99", True), ("40.01", False), (-1, False),
                                       ("12.345", False), ("abc", False), ("NaN", False)])
def test_each_value_lies_within_zero_and_its_maximum_with_at_most_two_decimals(panel, value, ok):
    code = panel.codes[0]
    save = lambda: sheets.save_scores(panel.experts[0], panel.project.id, [entry(code, [value, 50])])  # noqa: E731
    if ok:
        assert save().scores[code] == [float(Decimal(str(value))), 50.0]
    else:
        assert refused(save).fields[f"{code}.施工方案"]


def test_a_draft_may_be_partial_but_a_submission_needs_every_value(panel):
    expert, codes = panel.experts[0], panel.codes
    sheet = sheets.save_scores(expert, panel.project.id, [entry(codes[0], [30, None])])
    assert sheet.status == "draft" and sheet.scores == {codes[0]: [30.0, None]}
    err = refused(lambda: sheets.save_scores(expert, panel.project.id, [entry(codes[1], [30, 40])], submit=True))
    assert err.code == "sheet_incomplete" and set(err.fields) == {codes[0], codes[2]}


def test_an_unknown_code_or_a_wrong_number_of_values_is_refused_and_nothing_is_saved(panel):
    expert = panel.experts[0]
    err = refused(lambda: sheets.save_scores(expert, panel.project.id, [entry("B09", [1, 1]), entry("B01", [1])]))
    assert set(err.fields) == {"B09", "B01"}
    assert sheets.sheet_of(draw.my_membership(expert, panel.project.id)).scores == {}


def test_a_submitted_sheet_is_final_until_the_center_returns_it(panel):
    expert = panel.experts[0]
    panel.submit(expert)
    assert refused(lambda: panel.submit(expert, (1, 1))).code == "sheet_submitted"
    member = draw.my_membership(expert, panel.project.id)
    sheets.return_sheet(panel.admin, panel.project.id, member.id, "B02 评分有误")
    assert (member.sheet.status, member.sheet.returned_reason) == ("returned", "B02 评分有误")
    assert panel.submit(expert, (31, 51)).status == "submitted"
    assert verify_trail()["ok"]


def test_returning_needs_a_reason_and_a_submitted_sheet(panel):
    member = draw.my_membership(panel.experts[0], panel.project.id)
    panel.submit(panel.experts[0], submit=False)
    assert refused(lambda: sheets.return_sheet(panel.admin, panel.project.id, member.id, "理由")).code == "sheet_not_submitted"
    panel.submit(panel.experts[0])
    assert refused(lambda: sheets.return_sheet(panel.admin, panel.project.id, member.id, " ")).code == "reason_required"


def test_an_invited_expert_accepts_before_scoring(make, panel):
    project = make.project(status="opened", admin=panel.admin, bids=["900000", "850000", "800000"])
    made = draw.draw_panel(panel.admin, project.id, "seed-x-1")
    invited = made.members[0].expert.user
    assert refused(lambda: sheets.blind_bids(invited, project.id)).code == "accept_first"


def test_evaluation_waits_for_every_sheet(panel):
    for expert in panel.experts[:4]:
        panel.submit(expert)
    err = refused(lambda: award.evaluate(panel.admin, panel.project.id))
    assert (err.code, err.status) == ("sheets_missing", 409)


def test_evaluation_needs_a_complete_panel(make):
    admin = make.admin()
    project = make.project(status="opened", admin=admin, bids=["900000", "850000", "800000"])
    make.experts(5)
    draw.draw_panel(admin, project.id, "seed-y-1")  # invited, nobody accepted yet
    err = refused(lambda: award.evaluate(admin, project.id))
    assert err.code == "panel_incomplete"


def test_after_evaluation_the_sheets_are_closed(panel):
    panel.submit_all()
    award.evaluate(panel.admin, panel.project.id)
    assert refused(lambda: panel.submit(panel.experts[0])).code == "scoring_closed"
