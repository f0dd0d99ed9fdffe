"""Every state-changing operation refuses every wrong role by itself, without the endpoint's
decorator: called directly, it raises a 403 or a 404 and changes nothing."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core import accounts
from core.errors import DomainError
from core.extensions import db
from core.models import Event
from tests.conftest import TEST_PASSWORD, make_uscc, project_payload
from scoring import award, draw, pool, sheets
from scoring.pool_import import import_experts
from trading import amendments, documents, hall, questions
from trading import operations as ops
from trading.schemas import ProjectIn

pytestmark = pytest.mark.usefixtures("fast_passwords")
ROLES = ("admin", "owner", "other_purchaser", "bidder", "expert", "supervisor")


@pytest.fixture
def world(make, clock):
    owner = make.purchaser()
    actors = {
        "admin": make.admin(), "owner": owner, "other_purchaser": make.purchaser(), "bidder": make.bidder(),
        "expert": make.user("expert", expert={"name": "李专家", "specialties": ["A01"]}),
        "supervisor": make.supervisor(),
    }
    projects = {status: make.project(purchaser=owner, status=status, title=f"{status}项目")
                for status in ("draft", "submitted", "published")}
    make.bid(projects["published"], actors["bidder"], "900000.00")
    document = documents.store_documents(projects["published"], owner, [{"name": "招标文件.pdf", "content": b"%PDF-1.4"}])[0]
    question = questions.ask_question(actors["bidder"], projects["published"].id, "工期如何计算？")
    pending = make.org("bidder", status="pending")
    expert = actors["expert"].expert
    conflict = pool.add_conflict(actors["admin"], expert.id, make_uscc(901), "曾任职")
    db.session.commit()
    return {"actors": actors, "projects": projects, "pending": pending, "expert": expert, "conflict": conflict,
            "document": document, "question": question}


def _operations(world):
    """(name, allowed roles, call(actor)) for every state-changing operation."""
    p, pending, expert = world["projects"], world["pending"], world.get("expert")
    expert_id = expert.id if expert else None
    csv = "username,name,specialties\nnew-expert,王专家,A01\n".encode()
    data = ProjectIn().load(project_payload())
    return [
        ("create_organization", {"admin"}, lambda a: accounts.create_organization(a, "新单位", make_uscc(900), "bidder")),
        ("approve_organization", {"admin"}, lambda a: accounts.approve_organization(a, pending.id)),
        ("reject_organization", {"admin"}, lambda a: accounts.reject_organization(a, pending.id, "材料不全")),
        ("set_credit", {"admin"}, lambda a: accounts.set_credit(a, pending.id, "评价", score=90)),
        ("add_credit_record", {"admin"}, lambda a: accounts.add_credit_record(
            a, pending.id, Decimal("5"), "违规", date(2027, 6, 1))),
        ("create_user", {"admin"}, lambda a: accounts.create_user(a, "newuser", TEST_PASSWORD, "supervisor")),
        ("create_project", {"owner", "other_purchaser"}, lambda a: ops.create_project(a, data)),
        ("update_project", {"owner"}, lambda a: ops.update_project(a, p["draft"].id, {"title": "改名"})),
        ("submit_project", {"owner"}, lambda a: ops.submit_project(a, p["draft"].id)),
        ("return_project", {"admin"}, lambda a: ops.return_project(a, p["submitted"].id, "补充材料")),
        ("publish_project", {"admin"}, lambda a: ops.publish_project(a, p["submitted"].id)),
        ("cancel_project", {"admin", "owner"}, lambda a: ops.cancel_project(a, p["submitted"].id, "需求变更")),
        ("sign_up", {"bidder"}, lambda a: ops.sign_up(a, p["published"].id)),
        ("submit_bid", {"bidder"}, lambda a: ops.submit_bid(a, p["published"].id, Decimal("1"), "方案")),
        ("withdraw_bid", {"bidder"}, lambda a: ops.withdraw_bid(a, p["published"].id)),
        ("open_bids", {"admin"}, lambda a: ops.open_bids(a, p["published"].id)),
        ("update_expert", {"admin"}, lambda a: pool.update_expert(a, expert_id, {"name": "改名"})),
        ("suspend_expert", {"admin"}, lambda a: pool.suspend_expert(a, expert_id, "回避")),
        ("activate_expert", {"admin"}, lambda a: pool.activate_expert(a, expert_id)),
        ("add_conflict", {"admin"}, lambda a: pool.add_conflict(a, expert_id, make_uscc(902), "亲属")),
        ("remove_conflict", {"admin"}, lambda a: pool.remove_conflict(a, expert_id, world["conflict"].id)),
        ("import_experts", {"admin"}, lambda a: import_experts(a, "experts.csv", csv)),
        # The evaluation: the role is checked before the project's state, so any project will do.
        ("draw_panel", {"admin"}, lambda a: draw.draw_panel(a, p["published"].id, "access-seed")),
        ("respond", {"expert"}, lambda a: draw.respond(a, p["published"].id, True)),
        ("save_scores", {"expert"}, lambda a: sheets.save_scores(a, p["published"].id, [])),
        ("return_sheet", {"admin"}, lambda a: sheets.return_sheet(a, p["published"].id, 1, "有误")),
        ("evaluate", {"admin"}, lambda a: award.evaluate(a, p["published"].id)),
        ("award", {"admin"}, lambda a: award.award(a, p["published"].id)),
        ("hall_check_in", {"bidder"}, lambda a: hall.check_in(a, p["published"].id)),
        ("hall_confirm_record", {"bidder"}, lambda a: hall.confirm_record(a, p["published"].id)),
        ("hall_raise_objection", {"bidder"}, lambda a: hall.raise_objection(a, p["published"].id, "异议")),
        ("hall_answer_objection", {"admin"}, lambda a: hall.answer_objection(a, p["published"].id, 1, "答复")),
        ("add_document", {"owner"}, lambda a: documents.add_document(a, p["draft"].id, "附件.pdf", b"%PDF-1.4")),
        ("download_document", {"admin", "owner", "bidder", "supervisor"},
         lambda a: documents.download_document(a, p["published"].id, world["document"].id)),
        ("ask_question", {"bidder"}, lambda a: questions.ask_question(a, p["published"].id, "问题")),
        ("answer_question", {"admin", "owner"},
         lambda a: questions.answer_question(a, p["published"].id, world["question"].id, "答复")),
        ("publish_amendment", {"admin", "owner"}, lambda a: amendments.publish_amendment(a, p["published"].id, "修改")),
        ("confirm_bid", {"bidder"}, lambda a: amendments.confirm_bid(a, p["published"].id)),
    ]


def _wrong_cases():
    cases = []
    for name, allowed, _ in _operations({"projects": {"draft": None, "submitted": None, "published": None},
                                          "pending": None, "conflict": None, "document": None, "question": None}):
        cases += [(name, role) for role in ROLES if role not in allowed]
    return cases


@pytest.mark.parametrize("operation, role", _wrong_cases())
def test_an_operation_refuses_a_wrong_role(world, clock, operation, role):
    clock.advance(days=30)  # past every deadline: only the role stands in the way of opening
    call = dict((name, call) for name, _, call in _operations(world))[operation]
    events = db.session.scalar(select(func.count(Event.id)))
    with pytest.raises(DomainError) as refusal:
        call(world["actors"][role])
    db.session.rollback()
    assert refusal.value.status in (403, 404), f"{operation} as {role}: {refusal.value.code}"
    assert db.session.scalar(select(func.count(Event.id))) == events


def test_the_right_roles_pass_the_same_checks(world, clock):
    """The refusals above come from the role, not from the set-up: the allowed role succeeds."""
    operations = {name: call for name, _, call in _operations(world)}
    actors = world["actors"]
    operations["approve_organization"](actors["admin"])
    operations["update_project"](actors["owner"])
    operations["add_document"](actors["owner"])
    operations["download_document"](actors["bidder"])
    operations["ask_question"](actors["bidder"])
    operations["answer_question"](actors["owner"])
    clock.advance(minutes=1)  # after the bid was sealed
    operations["publish_amendment"](actors["owner"])
    operations["confirm_bid"](actors["bidder"])
    operations["publish_project"](actors["admin"])
    operations["submit_bid"](actors["bidder"])
    clock.advance(days=30)
    project, _bids = operations["open_bids"](actors["admin"])
    assert project.status in ("opened", "failed")
    assert clock() - timedelta(days=30) < project.opened_at
