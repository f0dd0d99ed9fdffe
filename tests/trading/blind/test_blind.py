"""The blind technical part (暗标): experts see the technical part only; the opening flags a technical part that
names its bidder, and the center confirms (the bid becomes invalid) or dismisses it with a reason before the
draw (domain.md: Sign-up and bids)."""
import io

import docx
import pytest
from sqlalchemy import func, select, update

from core import clock, trail
from core.extensions import db
from scoring.draw import operations as draw
from scoring.sheets import operations as sheets
from tests.conftest import error_of
from trading.blind import operations as blind
from trading.blind.models import BlindCheck
from trading.notices.models import Notice
from trading.tender import operations as ops
from trading.tender.models import Bid

pytestmark = pytest.mark.usefixtures("fast_passwords")

CLEAN = "施工组织设计：分段施工，夜间作业设警示。"


def _docx(text):
    document = docx.Document()
    document.add_paragraph("技术方案")
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _open(make, bids):
    """A published project with bids [(price, proposal, documents)] from new bidders, opened at its deadline."""
    project = make.project(status="published")
    admin = make.admin()
    made = []
    for price, proposal, documents in bids:
        bidder = make.bidder(name=f"江城第{len(made) + 1}建设工程有限公司")
        made.append(make.bid(project, bidder, price, proposal, documents))
    with clock.frozen_at(project.bid_deadline):
        ops.open_bids(admin, project.id)
    db.session.commit()
    return project, admin, made


def _with_name_in_docx(bidder_name):
    return [{"name": "施工组织设计.docx", "part": "technical", "content": _docx(f"本方案由{bidder_name}编制。")}]


def _planted(make):
    """Four bids; the second's technical .docx names its bidder (three valid bids remain without it)."""
    project = make.project(status="published")
    admin = make.admin()
    bidders = [make.bidder(name=f"江城第{n}建设工程有限公司") for n in (1, 2, 3, 4)]
    bids = [make.bid(project, bidders[0], "900000.00", CLEAN),
            make.bid(project, bidders[1], "850000.00", CLEAN, _with_name_in_docx(bidders[1].organization.name)),
            make.bid(project, bidders[2], "880000.00", CLEAN),
            make.bid(project, bidders[3], "870000.00", CLEAN)]
    with clock.frozen_at(project.bid_deadline):
        ops.open_bids(admin, project.id)
    db.session.commit()
    return project, admin, bids


def test_a_name_planted_in_a_technical_docx_is_flagged_confirmed_and_the_bid_is_invalid(api, make):
    project, admin, bids = _planted(make)
    flagged = bids[1]
    opening = api.get(f"/api/v1/projects/{project.id}/opening", admin).json
    assert [b["blind_check"] for b in opening["bids"] if b["bid_id"] == flagged.id] == ["pending"]
    assert {b["blind_check"] for b in opening["bids"] if b["bid_id"] != flagged.id} == {None}

    checks = api.get(f"/api/v1/projects/{project.id}/blind-checks", admin).json["items"]
    assert [(c["bid_id"], c["status"]) for c in checks] == [(flagged.id, "pending")]
    assert checks[0]["violations"] == [{"kind": "name", "term": "江城第2建设工程有限公司",
                                        "place": "施工组织设计.docx", "page": None}]

    # The draw waits for the decision.
    response = api.post(f"/api/v1/projects/{project.id}/experts/draw", admin, json={})
    assert error_of(response) == (409, "blind_checks_pending")

    decided = api.post(f"/api/v1/projects/{project.id}/bids/{flagged.id}/blind-check", admin,
                       json={"confirm": True, "reason": "技术标出现投标人名称"})
    assert decided.status_code == 200, decided.json
    assert (decided.json["status"], decided.json["reason"]) == ("confirmed", "技术标出现投标人名称")
    db.session.expire_all()
    bid = db.session.get(Bid, flagged.id)
    assert (bid.valid, bid.invalid_reason) == (False, "blind_violation")
    assert project.status == "opened"  # three valid bids remain
    assert trail.verify_trail()["ok"]


def test_the_panel_codes_leave_the_invalid_bid_out_and_the_draw_proceeds(api, make):
    project, admin, bids = _planted(make)
    make.experts(5)
    blind.decide(admin, project.id, bids[1].id, confirm=True)
    db.session.commit()
    draw.draw_panel(admin, project.id, "seed")
    db.session.commit()
    record = sheets.evaluation_record(project)
    assert sorted(record.bid_codes.values()) == sorted(b.id for b in bids if b is not bids[1])


def test_a_dismissal_needs_a_reason_and_keeps_the_bid_valid(api, make):
    project, admin, bids = _planted(make)
    url = f"/api/v1/projects/{project.id}/bids/{bids[1].id}/blind-check"
    refused = api.post(url, admin, json={"confirm": False, "reason": "  "})
    assert error_of(refused) == (422, "reason_required")
    assert db.session.scalar(select(BlindCheck.status)) == "pending"
    reason = "名称出现在引用的国家标准编制单位中，非投标人自称"
    dismissed = api.post(url, admin, json={"confirm": False, "reason": reason})
    assert dismissed.json["status"] == "dismissed"
    db.session.expire_all()
    assert db.session.get(Bid, bids[1].id).valid is True
    assert error_of(api.post(url, admin, json={"confirm": True})) == (409, "wrong_status")
    make.experts(5)
    assert api.post(f"/api/v1/projects/{project.id}/experts/draw", admin, json={}).status_code == 201


def test_only_the_center_decides_and_only_an_existing_warning(api, make):
    project, admin, bids = _planted(make)
    url = f"/api/v1/projects/{project.id}/bids/{bids[1].id}/blind-check"
    for other in (_user_of(bids[1]), make.purchaser(), make.supervisor()):
        assert api.post(url, other, json={"confirm": True}).status_code == 403
    assert error_of(api.post(f"/api/v1/projects/{project.id}/bids/{bids[0].id}/blind-check", admin,
                             json={"confirm": True})) == (404, "blind_check_not_found")
    assert db.session.scalar(select(BlindCheck.status)) == "pending"


def test_confirming_below_the_minimum_of_valid_bids_fails_the_tender(api, make):
    name = "江城第1建设工程有限公司"
    project, admin, bids = _open(make, [
        ("900000.00", f"{name[:-4]}承诺工期90天", ()),  # the short name, in the proposal itself
        ("850000.00", CLEAN, ()), ("880000.00", CLEAN, ())])
    check = db.session.scalars(select(BlindCheck)).one()
    assert check.violations == [{"kind": "short_name", "term": "江城第1建设工程", "place": "technical_proposal",
                                 "page": None}]
    api.post(f"/api/v1/projects/{project.id}/bids/{bids[0].id}/blind-check", admin, json={"confirm": True})
    db.session.expire_all()
    assert (project.status, project.closed_reason) == ("failed", "insufficient_valid_bids")
    assert db.session.scalar(select(func.count()).select_from(Notice).where(
        Notice.project_id == project.id, Notice.type == "failed")) == 1
    assert trail.verify_trail()["ok"]


@pytest.mark.parametrize("proposal, kind, term", [
    ("总报价为900,000.00元，工期90天。", "price", "900,000.00"),
    ("报价900000元整", "price", "900000"),
    ("证照编号 {uscc}", "uscc", "{uscc}"),
])
def test_the_price_and_the_uscc_in_the_proposal_are_flagged(make, proposal, kind, term):
    project = make.project(status="published")
    bidder = make.bidder()
    uscc = bidder.organization.uscc
    make.bid(project, bidder, "900000.00", proposal.format(uscc=uscc))
    for price in ("850000.00", "880000.00"):
        make.bid(project, make.bidder(), price, CLEAN)
    with clock.frozen_at(project.bid_deadline):
        ops.open_bids(make.admin(), project.id)
    check = db.session.scalars(select(BlindCheck)).one()
    assert [(v["kind"], v["term"]) for v in check.violations] == [(kind, term.format(uscc=uscc))]


def test_the_name_in_the_commercial_or_qualification_part_is_no_violation(make):
    def letter(name):
        return [{"name": "投标函.txt", "part": "commercial",
                 "content": f"致采购人：我方{name}愿以900000.00元承担。".encode()},
                {"name": "营业执照.txt", "part": "qualification", "content": name.encode()}]

    project = make.project(status="published")
    for price in ("900000.00", "850000.00", "880000.00"):
        bidder = make.bidder()
        make.bid(project, bidder, price, CLEAN, letter(bidder.organization.name))
    with clock.frozen_at(project.bid_deadline):
        ops.open_bids(make.admin(), project.id)
    assert db.session.scalar(select(func.count()).select_from(BlindCheck)) == 0
    assert project.status == "opened"


def test_a_pdf_names_the_page_where_the_name_is(make):
    from weasyprint import HTML

    name = "江城第1建设工程有限公司"
    pdf = HTML(string=f"<p>施工方案</p><p style='break-before: page'>编制单位：{name}</p>").write_pdf()
    project, _, _ = _open(make, [("900000.00", CLEAN, [{"name": "方案.pdf", "part": "technical", "content": pdf}]),
                                 ("850000.00", CLEAN, ()), ("880000.00", CLEAN, ())])
    check = db.session.scalars(select(BlindCheck)).one()
    assert check.violations == [{"kind": "name", "term": name, "place": "方案.pdf", "page": 2}]


def test_experts_see_the_technical_documents_only(make):
    project = make.project(status="published")
    admin = make.admin()
    documents = [{"name": "投标函.txt", "part": "commercial", "content": "报价九十万元".encode()},
                 {"name": "方案.txt", "part": "technical", "content": "分段施工".encode()},
                 {"name": "资质.txt", "part": "qualification", "content": "一级资质".encode()}]
    for price in ("900000.00", "850000.00", "880000.00"):
        make.bid(project, make.bidder(), price, CLEAN, documents)
    with clock.frozen_at(project.bid_deadline):
        ops.open_bids(admin, project.id)
    db.session.commit()
    panel = make.panel(project, admin)
    expert = panel.experts[0]
    bids = sheets.blind_bids(expert, project.id)[4]
    assert {tuple(d["name"] for d in bid["documents"]) for bid in bids} == {("方案.txt",)}
    assert sheets.blind_document(expert, project.id, "B01", 1) == ("方案.txt", "分段施工".encode())
    with pytest.raises(Exception) as refused:
        sheets.blind_document(expert, project.id, "B01", 2)
    assert refused.value.code == "document_not_found"


def test_a_decision_changed_behind_the_platforms_back_fails_verification(make):
    project, admin, bids = _planted(make)
    db.session.execute(update(BlindCheck).values(status="dismissed").execution_options(synchronize_session=False))
    db.session.commit()
    problems = trail.verify_trail().get("problems", [])
    assert any(p["problem"] == "state_mismatch" and p.get("field") == "status"
               and p["object"].startswith("blind_check:") for p in problems)


def test_the_center_decides_on_the_project_page(make, login):
    project, admin, bids = _planted(make)
    center = login(admin)
    page = center.get(f"/projects/{project.id}").get_data(as_text=True)
    assert 'id="blind-checks"' in page and "施工组织设计.docx" in page and 'value="confirm"' in page
    refused = center.post(f"/projects/{project.id}/bids/{bids[1].id}/blind-check",
                          data={"decision": "dismiss", "reason": ""}, follow_redirects=True).get_data(as_text=True)
    assert "请填写驳回该提示的理由" in refused
    assert db.session.scalar(select(BlindCheck.status)) == "pending"
    center.post(f"/projects/{project.id}/bids/{bids[1].id}/blind-check", data={"decision": "confirm"})
    db.session.expire_all()
    assert db.session.get(Bid, bids[1].id).invalid_reason == "blind_violation"


def test_a_participating_bidder_sees_the_finding_but_no_form(make, login):
    project, admin, bids = _planted(make)
    page = login(_user_of(bids[0])).get(f"/projects/{project.id}").get_data(as_text=True)
    assert 'id="blind-checks"' in page and 'value="confirm"' not in page


def _user_of(bid):
    from core.models import User

    return db.session.scalars(select(User).where(User.organization_id == bid.organization_id)).first()


def test_the_demo_opens_with_no_blind_violation(app):
    from core.seed import seed_demo

    seed_demo()
    due = db.session.scalars(ops.projects_due_for_opening()).all()
    admin = _admin()
    for project in due:
        ops.open_bids(admin, project.id)
    db.session.commit()
    assert due  # the demo has a project to open at once
    assert db.session.scalar(select(func.count()).select_from(BlindCheck)) == 0
    assert db.session.scalar(select(func.count()).select_from(Bid).where(Bid.valid.is_(True))) > 10


def _admin():
    from core.models import User

    return db.session.scalars(select(User).where(User.of_role("admin"))).first()
