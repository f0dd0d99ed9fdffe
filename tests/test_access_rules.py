"""Every state-changing operation refuses every wrong role by itself, without the endpoint's
decorator: called directly, it raises a 403 or a 404 and changes nothing."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from audit.flags import operations as flags
from core import accounts
from core.errors import DomainError
from core.extensions import db
from core.models import Event, User
from mall.budgets import operations as budgets
from mall.catalogue import operations as mall_products
from mall.catalogue.operations.categories import install_categories
from mall.catalogue.operations.imports import import_products
from mall.catalogue.schemas import ProductIn
from mall.competitions import operations as competitions
from mall.orders import operations as orders
from mall.suppliers import operations as mall_suppliers
from scoring.draw import operations as draw
from scoring.evaluation import operations as award
from scoring.pool import operations as pool
from scoring.pool.operations import import_experts
from scoring.sheets import operations as sheets
from tests.builders.core import TEST_PASSWORD, make_uscc
from tests.builders.trading import project_payload
from trading.amendments import operations as amendments
from trading.blind import operations as blind
from trading.calendar import operations as working_days
from trading.challenges import operations as challenges
from trading.challenges.operations import complaints
from trading.contracts import operations as contracts
from trading.documents import operations as documents
from trading.hall import operations as hall
from trading.questions import operations as questions
from trading.tender import operations as ops
from trading.tender.models import Signup
from trading.tender.schemas import ProjectIn

pytestmark = pytest.mark.usefixtures("fast_passwords")
ROLES = ("admin", "owner", "other_purchaser", "bidder", "expert", "supervisor")


@pytest.fixture
def world(make, clock):
    owner = make.purchaser()
    actors = {
        "admin": make.admin(), "owner": owner, "other_purchaser": make.purchaser(), "bidder": make.bidder(),
        "expert": make.user("expert", profile={"name": "李专家", "specialties": ["A01"]}),
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
    # The mall: the bidder is an approved supplier with a product; another bidder's application waits.
    install_categories()
    seller = mall_suppliers.apply(actors["bidder"], ["A0202"])
    mall_suppliers.approve(actors["admin"], seller.id)
    product = mall_products.create_product(actors["bidder"], ProductIn().load(PRODUCT))
    applicant = mall_suppliers.apply(make.bidder(), ["A0205"])
    db.session.commit()
    return {"actors": actors, "projects": projects, "pending": pending, "expert": expert, "conflict": conflict,
            "document": document, "question": question,
            "mall": {"seller": seller, "product": product, "applicant": applicant}
            | make.mall.world(owner, actors["bidder"], PRODUCT["category"])}


PRODUCT = {"name": "佳能LBP2900+黑白激光打印机", "category": "A020201", "brand": "佳能", "model": "LBP2900+",
           "unit": "台", "price": "1099.00", "reference_price": "1199.00", "stock": 5}


def _operations(world):
    """(name, allowed roles, call(actor)) for every state-changing operation."""
    p, pending, expert = world["projects"], world["pending"], world.get("expert")
    expert_id = expert.id if expert else None
    csv = "username,name,specialties\nnew-expert,王专家,A01\n".encode()
    data = ProjectIn().load(project_payload())
    mall = world.get("mall")
    products_csv = "name,category,unit,price,reference_price,stock\n复印纸,A020201,箱,1,1,1\n".encode()
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
        ("decide_blind_check", {"admin"}, lambda a: blind.decide(a, p["published"].id, 1, False, "理由")),
        ("dismiss_flag", {"supervisor"}, lambda a: flags.dismiss(a, 1, "理由")),
        ("add_document", {"owner"}, lambda a: documents.add_document(a, p["draft"].id, "附件.pdf", b"%PDF-1.4")),
        ("download_document", {"admin", "owner", "bidder", "supervisor"},
         lambda a: documents.download_document(a, p["published"].id, world["document"].id)),
        ("ask_question", {"bidder"}, lambda a: questions.ask_question(a, p["published"].id, "问题")),
        ("answer_question", {"admin", "owner"},
         lambda a: questions.answer_question(a, p["published"].id, world["question"].id, "答复")),
        ("publish_amendment", {"admin", "owner"}, lambda a: amendments.publish_amendment(a, p["published"].id, "修改")),
        ("confirm_bid", {"bidder"}, lambda a: amendments.confirm_bid(a, p["published"].id)),
        ("apply_mall_supplier", {"bidder"}, lambda a: mall_suppliers.apply(a, ["A020501"])),
        ("approve_mall_supplier", {"admin"}, lambda a: mall_suppliers.approve(a, mall["applicant"].id)),
        ("reject_mall_supplier", {"admin"}, lambda a: mall_suppliers.reject(a, mall["applicant"].id, "资质不符")),
        ("suspend_mall_supplier", {"admin"}, lambda a: mall_suppliers.suspend(a, mall["seller"].id, "虚假宣传")),
        ("reinstate_mall_supplier", {"admin"}, lambda a: mall_suppliers.reinstate(a, mall["seller"].id)),
        ("create_product", {"bidder"}, lambda a: mall_products.create_product(a, ProductIn().load(PRODUCT))),
        ("update_product", {"bidder"}, lambda a: mall_products.update_product(
            a, mall["product"].id, {"price": Decimal("999.00")})),
        ("import_products", {"bidder"}, lambda a: import_products(a, "products.csv", products_csv)),
        ("delist_stale_products", {"admin"}, lambda a: mall_products.delist_stale(a)),
        ("set_working_day_year", {"admin"}, lambda a: working_days.set_year(
            a, 2027, "国办发明电〔2026〕7号", [{"day": date(2027, 1, 1), "kind": "holiday", "name": "元旦"}])),
        *_mall_operations(world.get("mall")),
    ]


def _mall_operations(mall):
    """Budgets, orders and competitions (mall.budgets, mall.orders, mall.competitions)."""
    o = (mall or {}).get("orders", {})
    oid = {status: order.id for status, order in o.items()}
    budget_id = mall["budget"].id if mall else None
    product_id = mall["order_product"].id if mall else None
    competition_id = mall["competition"].id if mall else None
    order_in = {"budget_id": budget_id, "items": [{"product_id": product_id, "quantity": 1}]}
    competition_in = {"budget_id": budget_id, "title": "竞价", "category": (mall or {}).get("category"), "quantity": 1,
                      "spec": "规格", "budget_amount": Decimal("100.00"),
                      "closes_at": datetime(2027, 6, 1, tzinfo=timezone.utc)}
    payment = {"amount": Decimal("100.00"), "payment_date": date(2026, 12, 1), "invoice_number": "No.2",
               "payment_reference": "GK2"}
    return [
        ("create_budget", {"admin"}, lambda a: budgets.create_budget(a, {
            "organization_id": 1, "year": 2027, "code": "NEW", "name": "新指标", "amount": Decimal("1.00")})),
        ("update_budget", {"admin"}, lambda a: budgets.update_budget(a, budget_id, {"name": "改名"})),
        ("place_order", {"owner"}, lambda a: orders.place_order(a, order_in)),
        ("confirm_order", {"bidder"}, lambda a: orders.confirm_order(a, oid["placed"])),
        ("ship_order", {"bidder"}, lambda a: orders.ship_order(a, oid["confirmed"])),
        ("accept_order", {"owner"}, lambda a: orders.accept_order(a, oid["shipped"], {"note": "合格"})),
        ("pay_order", {"owner"}, lambda a: orders.pay_order(a, oid["accepted"], payment)),
        ("archive_order", {"owner", "admin"}, lambda a: orders.archive_order(a, oid["paid"])),
        ("cancel_order", {"owner", "bidder"}, lambda a: orders.cancel_order(a, oid["placed"], "取消")),
        ("rate_supplier", {"owner"}, lambda a: orders.rate_supplier(a, oid["accepted"], 5)),
        ("create_competition", {"owner", "other_purchaser"}, lambda a: competitions.create_competition(a, competition_in)),
        ("submit_quote", {"bidder"}, lambda a: competitions.submit_quote(a, competition_id, Decimal("90.00"))),
        ("close_competition", {"owner", "admin"}, lambda a: competitions.close_competition(a, competition_id)),
    ]


def _operation_names():
    stub = {"projects": {"draft": None, "submitted": None, "published": None}, "pending": None, "conflict": None}
    return [name for name, _, _ in _operations(stub)]


@pytest.mark.parametrize("operation", _operation_names())
def test_an_operation_refuses_every_wrong_role(world, clock, operation):
    """One world per operation: each refusal is rolled back, so the next role meets the same state."""
    clock.advance(days=30)  # past every deadline: only the role stands in the way of opening
    _, allowed, call = next(item for item in _operations(world) if item[0] == operation)
    events = db.session.scalar(select(func.count(Event.id)))
    for role in (r for r in ROLES if r not in allowed):
        with pytest.raises(DomainError) as refusal:
            call(world["actors"][role])
        db.session.rollback()
        assert refusal.value.status in (403, 404), f"{operation} as {role}: {refusal.value.code}"
        assert db.session.scalar(select(func.count(Event.id))) == events, f"{operation} as {role} left an event"


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
    assert operations["create_product"](actors["bidder"]).price == Decimal("1099.00")
    assert operations["update_product"](actors["bidder"]).price == Decimal("999.00")
    assert operations["approve_mall_supplier"](actors["admin"]).status == "approved"
    assert operations["suspend_mall_supplier"](actors["admin"]).status == "suspended"
    assert operations["delist_stale_products"](actors["admin"]) == 0  # suspended: already off the shelf
    assert clock() - timedelta(days=30) < project.opened_at


def test_the_right_roles_pass_the_mall_checks(world, clock):
    """The mall's refusals above come from the role, not from the set-up."""
    operations = {name: call for name, _, call in _operations(world)}
    actors = world["actors"]
    for name, role in (("update_budget", "admin"), ("place_order", "owner"), ("confirm_order", "bidder"),
                       ("ship_order", "bidder"), ("accept_order", "owner"), ("rate_supplier", "owner"),
                       ("pay_order", "owner"), ("archive_order", "owner"), ("create_competition", "owner"),
                       ("submit_quote", "bidder")):
        operations[name](actors[role])
    clock.advance(days=30)
    competition, order = operations["close_competition"](actors["owner"])
    assert (competition.status, order) == ("failed", None)  # one quote: fewer than 3 valid


def refused_to_all_but(actors, allowed, call, operation):
    """`call(actor)` is refused (403 or 404, leaving no event) to every actor whose role is not `allowed`; then the
    first allowed role passes and records its events."""
    events = db.session.scalar(select(func.count(Event.id)))
    for role, actor in actors.items():
        if role in allowed:
            continue
        with pytest.raises(DomainError) as refusal:
            call(actor)
        db.session.rollback()
        assert refusal.value.status in (403, 404), f"{operation} as {role}: {refusal.value.code}"
        assert db.session.scalar(select(func.count(Event.id))) == events, f"{operation} as {role} left an event"
    call(actors[allowed[0]])
    assert db.session.scalar(select(func.count(Event.id))) > events


# -- After the award (trading.contracts): one awarded project, its owner and its winner -----------------------------

PDF = {"name": "合同.pdf", "content": b"%PDF-1.4 signed"}


@pytest.fixture
def contract_world(make, clock):
    clock.set(datetime(2026, 9, 25, 1, 0, tzinfo=timezone.utc))
    owner = make.purchaser()
    project = make.project(purchaser=owner, status="awarded")
    contract = project.contract
    winner = db.session.scalars(select(User).where(User.organization_id == contract.supplier_id)).first()
    clock.set(datetime(2026, 10, 9, 2, 0, tzinfo=timezone.utc))
    actors = {"admin": make.admin(), "owner": owner, "other_purchaser": make.purchaser(), "bidder": make.bidder(),
              "winner": winner, "expert": make.user("expert", profile={"name": "李专家", "specialties": ["A01"]}),
              "supervisor": make.supervisor()}
    return {"actors": actors, "project": project, "contract": contract}


def _contract_operations(world):
    project_id, contract_id = world["project"].id, world["contract"].id
    day = date(2026, 10, 9)
    return [
        ("sign_contract", lambda a: contracts.sign_contract(a, project_id, {
            "signed_on": day, "amount": Decimal("800000.00"), "document": PDF})),
        ("add_supplement", lambda a: contracts.add_supplement(a, contract_id, {
            "signed_on": day, "amount": Decimal("1.00"), "reason": "增项", "document": PDF})),
        ("record_acceptance", lambda a: contracts.record_acceptance(a, contract_id, {
            "accepted_on": day, "result": "passed", "rating": "good", "reason": "合格", "document": PDF})),
        ("record_inspection", lambda a: contracts.record_inspection(a, contract_id, {
            "inspected_on": day, "rating": "good", "reason": "合格", "document": None})),
        ("record_payment", lambda a: contracts.record_payment(a, contract_id, {
            "paid_on": day, "amount": Decimal("1.00"), "reference": "GK1"})),
    ]


@pytest.mark.parametrize("operation", ["sign_contract", "add_supplement", "record_acceptance", "record_inspection",
                                       "record_payment"])
def test_only_the_purchasing_unit_records_a_contracts_steps(contract_world, operation):
    """Every role but the owner is refused (the winner and the supervisor too); then the owner passes."""
    operations = dict(_contract_operations(contract_world))
    actors = contract_world["actors"]
    if operation != "sign_contract":
        operations["sign_contract"](actors["owner"])
        db.session.commit()
    refused_to_all_but(actors, ("owner",), operations[operation], operation)


# -- Challenges and complaints (trading.challenges): one evaluated project, its owner and a signed-up challenger -------

@pytest.fixture
def challenge_world(make, clock):
    clock.set(datetime(2026, 9, 30, 1, 0, tzinfo=timezone.utc))  # the candidates notice: 2026-09-30 09:00
    owner = make.purchaser()
    project = make.project(purchaser=owner, status="evaluated")
    signup = db.session.scalars(select(Signup).where(Signup.project_id == project.id).order_by(Signup.id)).first()
    challenger = db.session.scalars(select(User).where(User.organization_id == signup.organization_id)).first()
    actors = {"admin": make.admin(), "owner": owner, "other_purchaser": make.purchaser(), "bidder": make.bidder(),
              "challenger": challenger, "expert": make.user("expert", profile={"name": "李专家", "specialties": ["A01"]}),
              "supervisor": make.supervisor()}
    text = {"subject": "result", "text": "评分有误", "documents": []}
    waiting = challenges.file_challenge(challenger, project.id, text)
    answered = challenges.file_challenge(challenger, project.id, text)
    challenges.reply_challenge(owner, answered.id, {"text": "无误", "documents": []})
    complained = challenges.file_challenge(challenger, project.id, text)
    challenges.reply_challenge(owner, complained.id, {"text": "无误", "documents": []})
    complaint = complaints.file_complaint(challenger, complained.id, {"text": "不服", "documents": []})
    db.session.commit()
    return {"actors": actors, "project": project, "waiting": waiting, "answered": answered, "complaint": complaint}


def _challenge_operations(world):
    project_id, waiting, answered = world["project"].id, world["waiting"].id, world["answered"].id
    complaint_id = world["complaint"].id
    return {
        "file_challenge": (("challenger",), lambda a: challenges.file_challenge(a, project_id, {
            "subject": "result", "text": "质疑", "documents": []})),
        "reply_challenge": (("owner", "admin"), lambda a: challenges.reply_challenge(a, waiting, {
            "text": "答复", "documents": []})),
        "file_complaint": (("challenger",), lambda a: complaints.file_complaint(a, answered, {
            "text": "投诉", "documents": []})),
        "suspend_procurement": (("supervisor",), lambda a: complaints.suspend_procurement(a, complaint_id, 5, "调查")),
        "decide_complaint": (("supervisor",), lambda a: complaints.decide_complaint(a, complaint_id, {
            "decision": "dismissed", "consequence": None, "text": "不成立"})),
    }


@pytest.mark.parametrize("operation", ["file_challenge", "reply_challenge", "file_complaint", "suspend_procurement",
                                       "decide_complaint"])
def test_only_the_roles_concerned_challenge_reply_complain_and_decide(challenge_world, operation):
    """Every other role is refused (the other suppliers, the center for a supplier's step, the supervisor for
    everything but its own two); then an allowed role passes."""
    allowed, call = _challenge_operations(challenge_world)[operation]
    actors = challenge_world["actors"]
    refused_to_all_but(actors, allowed, call, operation)


# -- Deposits (trading.deposits): an opened project's declared deposit, and an awarded one's released deposit ------

@pytest.fixture
def deposit_world(make, clock):
    from trading.deposits.models import Deposit

    clock.set(datetime(2026, 9, 25, 1, 0, tzinfo=timezone.utc))
    owner = make.purchaser()
    opened = make.project(purchaser=owner, status="opened", bids=("900000.00", "910000.00", "920000.00"),
                          deposit="20000.00", title="保证金开标项目")
    awarded = make.project(purchaser=owner, status="awarded", deposit="20000.00", title="保证金中标项目")
    declared = db.session.scalars(select(Deposit).where(Deposit.project_id == opened.id)).first()
    released = db.session.scalars(select(Deposit).where(Deposit.project_id == awarded.id,
                                                        Deposit.released_on.is_not(None))).first()
    depositor = db.session.scalars(select(User).where(User.organization_id == released.organization_id)).first()
    actors = {"admin": make.admin(), "owner": owner, "other_purchaser": make.purchaser(), "bidder": make.bidder(),
              "depositor": depositor, "expert": make.user("expert", profile={"name": "李专家", "specialties": ["A01"]}),
              "supervisor": make.supervisor()}
    clock.set(datetime(2026, 10, 12, 2, 0, tzinfo=timezone.utc))
    return {"actors": actors, "declared": declared, "released": released}


@pytest.mark.parametrize("operation", ["check_deposit", "refund_deposit"])
def test_only_the_center_checks_and_refunds_deposits(deposit_world, operation):
    """Every role but the center is refused (the depositor, the purchasing unit and the supervisor too)."""
    from trading.deposits import operations as deposits

    declared, released = deposit_world["declared"], deposit_world["released"]
    call = {
        "check_deposit": lambda a: deposits.check_deposit(a, declared.project_id, declared.bid_id, "confirmed"),
        "refund_deposit": lambda a: deposits.refund_deposit(a, released.id, date(2026, 10, 12), "TK1"),
    }[operation]
    refused_to_all_but(deposit_world["actors"], ("admin",), call, operation)
