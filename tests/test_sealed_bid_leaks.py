"""Before opening, nothing reveals who signed up, how many, or any bid content; nor who
downloaded the tender documents or asked a question.

Every GET route of the application (walked from app.url_map, so a new endpoint is covered
without editing this test) is requested as each role before any sign-up and again after
three bidders signed up and bid. The responses must be byte-identical (after removing the
per-session CSRF token), and no price or receipt may appear anywhere.
"""
import itertools
import json
import re
from decimal import Decimal

import pytest
from flask import url_for

from core.extensions import db
from tests.builders.core import TEST_PASSWORD
from trading.documents import operations as documents
from trading.questions import operations as questions
from trading.tender import operations as tender

SECRET_PRICES = ["912345.67", "923456.78", "934567.89"]
VIEWERS = ["anonymous", "purchaser", "admin", "supervisor", "other_bidder", "expert"]
CSRF = re.compile(r'(name="csrf_token"[^>]*value="|csrf_token" content=")[^"]*"')


def _object_ids(world):
    """Ids of the scenario's objects (projects, documents, questions, the competition), and 1 and 2."""
    competition = [world["competition"].id] if "competition" in world else []
    return sorted({1, 2, world["project"].id, world["other_project"].id, *competition,
                   *([world["document"].id] if world.get("document") else []), *world.get("question_ids", ())})


def _id_candidates(world):
    """Ids to put in a lone <int:...> argument: the scenario's objects and its bidders' organisations
    (user and organisation ids are small integers, so these also reach the other accounts' pages)."""
    return sorted({3, *_object_ids(world)} | {b.organization_id for b in world["bidders"]})


def _get_urls(app, world):
    """Every GET route with ids of the scenario's objects: every candidate for one argument, every
    pair of object ids for two (a project and its document, question, bid…), and the projects, 1
    and 2 for three (so the walk stays a few thousand requests)."""
    single, objects = _id_candidates(world), _object_ids(world)
    few = sorted({1, 2, world["project"].id, world["other_project"].id})
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            args = sorted(rule.arguments)
            candidates = {1: single, 2: objects}.get(len(args), few)
            for values in itertools.product(candidates, repeat=len(args)):
                urls.append(url_for(rule.endpoint, **dict(zip(args, values))))
    return sorted(set(urls))


def _clients(app, api, world, viewers=VIEWERS):
    """A test client per viewer: session login for pages, bearer token for the API."""
    clients = {}
    for viewer in viewers:
        user = world["users"].get(viewer)
        client = app.test_client()
        headers = {}
        if user is not None:
            response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
            assert response.status_code in (302, 303), f"login failed for {viewer}"
            headers = {"Authorization": f"Bearer {api.token(user)}"}
        clients[viewer] = (client, headers)
    return clients


def _snapshot(app, clients, urls):
    bodies = {}
    for viewer, (client, headers) in clients.items():
        for url in urls:
            response = client.get(url, headers=headers if url.startswith("/api/") else {})
            body = CSRF.sub(r"\1CSRF", response.get_data().decode("utf-8", "replace"))  # PDF, Excel: bytes
            bodies[(viewer, url)] = (response.status_code, body)
            db.session.expire_all()
    return bodies


@pytest.fixture
def world(make):
    purchaser = make.purchaser()
    project = make.project(purchaser=purchaser, status="published", title="城区道路照明改造", deposit="20000.00")
    other = make.project(purchaser=purchaser, status="submitted", title="学校食堂设备采购", category="goods")
    bidders = [make.bidder(name=name) for name in ("闽江路桥建设有限公司", "榕城照明工程有限公司", "海峡电气安装有限公司")]
    users = {
        "anonymous": None,
        "purchaser": purchaser,
        "admin": make.admin(),
        "supervisor": make.supervisor(),
        "other_bidder": make.bidder(name="不参与投标的公司"),
        "expert": make.user("expert", profile={"name": "李专家", "specialties": ["A01"]}),
    }
    # A tender document, and questions asked by two of the bidders (one answered) before anything is compared.
    document = documents.store_documents(project, purchaser, [{"name": "招标文件.pdf", "content": b"%PDF-1.4 sealed"}])[0]
    asked = [questions.ask_question(bidders[0], project.id, "问题一：路灯型号"),
             questions.ask_question(bidders[1], project.id, "问题二：施工时间")]
    questions.answer_question(purchaser, project.id, asked[0].id, "答复：以图纸为准")
    db.session.commit()
    return {"project": project, "other_project": other, "bidders": bidders, "users": users, "document": document,
            "question_ids": [q.id for q in asked]}


def test_nothing_about_sealed_bids_leaks_before_opening(app, api, make, world):
    urls = _get_urls(app, world)
    assert any("/projects/" in u for u in urls) and any(u.startswith("/api/") for u in urls)
    assert {"/inbox", "/api/v1/me/notifications"} <= set(urls), "the inboxes are compared too"
    clients = _clients(app, api, world)
    before = _snapshot(app, clients, urls)

    receipts = []
    for number, (bidder, price) in enumerate(zip(world["bidders"], SECRET_PRICES)):
        # Each bid records its deposit (保证金), sealed with it; the last bidder withdraws, which keeps the deposit
        # record sealed on its own.
        deposit = make.deposit_record("20000.00", reference=f"BZJ-SECRET-{number}", issuer=f"保密银行{number}")
        receipts.append(make.bid(world["project"], bidder, price, proposal="照明方案甲乙丙", deposit=deposit).receipt)
        download = api.get(f"/api/v1/projects/{world['project'].id}/documents/{world['document'].id}/content", bidder)
        assert download.status_code == 200
    tender.withdraw_bid(world["bidders"][2], world["project"].id)
    db.session.commit()
    secrets = (SECRET_PRICES + ["912,345.67", "923,456.78", "934,567.89"] + receipts + ["照明方案甲乙丙"]
               + [f"BZJ-SECRET-{n}" for n in range(3)] + [f"保密银行{n}" for n in range(3)])
    bidder_ids = [(b.organization.name, b.organization.uscc) for b in world["bidders"]]

    after = _snapshot(app, clients, urls)
    for key, (status, body) in after.items():
        assert (status, body) == before[key], f"{key} changed after bids were submitted"
        for secret in secrets:
            assert secret not in body, f"{secret!r} visible in {key}"
        before_body = before[key][1]
        for name, uscc in bidder_ids:
            if name not in before_body:
                assert name not in body, f"bidder name visible in {key}"
            if uscc not in before_body:
                assert uscc not in body, f"bidder USCC visible in {key}"
        if "问题一" in body or "问题二" in body:  # wherever a question shows, its asker does not
            for name, uscc in bidder_ids[:2]:
                assert name not in body and uscc not in body, f"asker visible in {key}"
    assert any("问题二" in body for (viewer, _), (_, body) in after.items() if viewer == "purchaser")
    assert any("答复：以图纸为准" in body for (viewer, _), (_, body) in after.items() if viewer == "anonymous")


def test_the_bidder_itself_sees_its_own_receipt(api, make, world):
    bidder = world["bidders"][0]
    bid = make.bid(world["project"], bidder, SECRET_PRICES[0])
    response = api.get(f"/api/v1/projects/{world['project'].id}/bid", bidder)
    assert response.json["receipt"] == bid.receipt


def test_check_ins_in_the_opening_hall_leak_nothing_before_opening(app, api, make, world, clock):
    """The hall, its live part, its API and the trail browser: bids and then check-ins change
    nothing any other viewer (center, owner, supervisor included) can see before opening."""
    from datetime import timedelta

    from trading.hall import operations as hall

    project = world["project"]
    urls = _get_urls(app, world)
    hall_urls = {f"/projects/{project.id}/hall", f"/projects/{project.id}/hall/live",
                 f"/api/v1/projects/{project.id}/hall", "/audit/trail", "/api/v1/audit/trail/events"}
    assert hall_urls <= set(urls)
    clients = _clients(app, api, world)
    for bidder, price in zip(world["bidders"], SECRET_PRICES):
        make.bid(project, bidder, price)
    clock.set(project.bid_deadline - timedelta(minutes=10))
    before = _snapshot(app, clients, urls)
    for bidder in world["bidders"]:
        hall.check_in(bidder, project.id)
    db.session.commit()
    after = _snapshot(app, clients, urls)
    names = [b.organization.name for b in world["bidders"]]
    for key, (status, body) in after.items():
        assert (status, body) == before[key], f"{key} changed after the bidders checked in"
        for name in names:
            if name not in before[key][1]:
                assert name not in body, f"a participant's name is visible in {key}"
    # The hall answers the insiders (the participants see only themselves).
    for viewer in ("admin", "purchaser", "supervisor"):
        assert after[(viewer, f"/projects/{project.id}/hall")][0] == 200
    assert after[("other_bidder", f"/projects/{project.id}/hall")][0] == 403
    own = api.get(f"/api/v1/projects/{project.id}/hall", world["bidders"][0]).json
    assert own["me"]["checked_in_at"] and own["attendance"] == [] and own["bids"] == []


SECRET_QUOTES = ["4321.09", "4432.18", "4543.27"]


@pytest.fixture
def competition_world(world, make):
    """The same world plus an open competition of the purchaser, and three approved suppliers of its category."""
    from datetime import timedelta

    from core import clock
    from mall.competitions import operations as competitions

    mall = make.mall
    suppliers = [mall.supplier("A020101", name=name) for name in ("榕城办公设备有限公司", "闽都电脑科技有限公司",
                                                                  "海西数码商贸有限公司")]
    purchaser = world["users"]["purchaser"]
    budget = mall.budget(purchaser, "200000.00")
    competition = competitions.create_competition(purchaser, {
        "budget_id": budget.id, "title": "办公电脑竞价采购", "category": "A020101", "quantity": 10, "spec": "i5/16G",
        "budget_amount": Decimal("50000.00"), "closes_at": clock.now() + timedelta(days=3)})
    db.session.commit()
    return world | {"competition": competition, "suppliers": suppliers}


def test_nothing_about_sealed_quotes_leaks_before_the_close(app, api, competition_world):
    """Every GET as every role: identical before and after three quotes; no price, receipt or supplier."""
    from mall.competitions import operations as competitions

    world = competition_world
    urls = _get_urls(app, world)
    assert any("/mall/competitions/" in u for u in urls) and "/api/v1/budgets" in urls
    clients = _clients(app, api, world)
    before = _snapshot(app, clients, urls)

    receipts = []
    for supplier, price in zip(world["suppliers"], SECRET_QUOTES):
        receipts.append(competitions.submit_quote(supplier, world["competition"].id, Decimal(price)).receipt)
        db.session.commit()
    totals = ["43210.90", "44321.80", "45432.70", "43,210.90", "44,321.80", "45,432.70"]
    secrets = SECRET_QUOTES + ["4,321.09", "4,432.18", "4,543.27"] + totals + receipts
    names = [(s.organization.name, s.organization.uscc) for s in world["suppliers"]]

    after = _snapshot(app, clients, urls)
    for key, (status, body) in after.items():
        assert (status, body) == before[key], f"{key} changed after quotes were submitted"
        for secret in secrets:
            assert secret not in body, f"{secret!r} visible in {key}"
        for name, uscc in names:
            if name not in before[key][1]:
                assert name not in body, f"supplier name visible in {key}"
            if uscc not in before[key][1]:
                assert uscc not in body, f"supplier USCC visible in {key}"


CHALLENGE_TEXT = "招标文件第三章技术参数指向特定品牌"


def _shown(text, body):
    """Whether `text` is in a page or in a JSON body (which escapes Chinese)."""
    return text in body or json.dumps(text)[1:-1] in body


def test_a_documents_challenge_reveals_nothing_before_opening(app, api, make, world):
    """A challenge on the documents is sealed like a sign-up: after it, every GET as every role (the center and the
    owner included, and the other signed-up suppliers) names the challenger nowhere it was not named before; the
    public, the other suppliers and the experts see exactly what they saw."""
    from trading.challenges import operations as challenges

    project, bidders = world["project"], world["bidders"]
    for bidder, price in zip(bidders, SECRET_PRICES):
        make.bid(project, bidder, price)
    viewers = {**world["users"], "signed_up": bidders[1]}
    urls = _get_urls(app, world)
    clients = _clients(app, api, world | {"users": viewers}, [*VIEWERS, "signed_up"])
    before = _snapshot(app, clients, urls)
    challenges.file_challenge(bidders[0], project.id, {"subject": "documents", "text": CHALLENGE_TEXT, "documents": []})
    db.session.commit()
    after = _snapshot(app, clients, urls)
    name, uscc = bidders[0].organization.name, bidders[0].organization.uscc
    for key, (status, body) in after.items():
        if not _shown(name, before[key][1]):
            assert not _shown(name, body), f"the challenger is named in {key}"
        if uscc not in before[key][1]:
            assert uscc not in body, f"the challenger's USCC is in {key}"
        if key[0] in ("anonymous", "other_bidder", "expert", "signed_up"):
            assert (status, body) == before[key], f"{key} changed after the challenge"
    assert any(_shown(CHALLENGE_TEXT, body) for (viewer, _), (_, body) in after.items() if viewer == "purchaser")


def test_the_challenger_is_never_shown_to_the_other_suppliers(app, api, make, world, clock):
    """After the opening and the reply, wherever another supplier sees the challenge or its reply, the challenger
    is not named (its inbox included)."""
    from datetime import timedelta

    from trading.challenges import operations as challenges
    from trading.tender import operations as ops

    project, bidders = world["project"], world["bidders"]
    for bidder, price in zip(bidders, SECRET_PRICES):
        make.bid(project, bidder, price)
    made = challenges.file_challenge(bidders[0], project.id, {"subject": "documents", "text": CHALLENGE_TEXT,
                                                             "documents": []})
    challenges.reply_challenge(world["users"]["purchaser"], made.id, {"text": "答复：不限定品牌", "documents": []})
    db.session.commit()
    clock.set(project.bid_deadline + timedelta(minutes=1))
    ops.open_bids(world["users"]["admin"], project.id)
    db.session.commit()
    others = {"second": bidders[1], "third": bidders[2]}
    urls = _get_urls(app, world | {"question_ids": [*world["question_ids"], made.id]})
    after = _snapshot(app, _clients(app, api, world | {"users": others}, list(others)), urls)
    name = bidders[0].organization.name
    seen = [key for key, (_, body) in after.items() if _shown(CHALLENGE_TEXT, body) or _shown("答复：不限定品牌", body)]
    assert any("/notifications" in url or url == "/inbox" for _, url in seen), "the reply reaches the others"
    for key in seen:
        assert not _shown(name, after[key][1]), f"the challenger is named to another supplier in {key}"
