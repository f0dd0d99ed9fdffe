"""Integrity of the record: signed anchors, sealed scopes, and the present state reconciled with the trail.

Every tampering below is what someone with write access to the database alone could do; each must be
detected by verify_trail() and by `flask trail verify` (exit 1), naming the object.
"""
import ast
import base64
import hashlib
import json
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import bindparam, func, literal, select, text

from core import signing, trail
from core.extensions import db
from core.models import Event, TrailAnchor
from core.plugins import registry_of
from core.timeutil import parse_datetime
from tests.builders import Make
from tests.builders.trading import project_payload

pytestmark = pytest.mark.usefixtures("fast_passwords")

GENESIS = "0" * 64
BID_DEADLINE = parse_datetime(project_payload()["bid_deadline"])
ROOT = Path(__file__).parent.parent.parent


def chain(key):
    return db.session.scalars(select(Event).where(Event.chain_key == key).order_by(Event.seq)).all()


def run_sql(sql, **params):
    db.session.execute(text(sql), params)
    db.session.commit()


def sha256(text_):
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def canonical(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def other_key_pem():
    return signing.new_private_key_pem()


@pytest.fixture
def opened(api, make, clock):
    """A project opened with three valid bids; the first bidder's organisation has a credit score set."""
    purchaser, admin = make.purchaser(), make.admin()
    project = make.project(purchaser, admin=admin)
    bidders = [make.bidder() for _ in range(3)]
    bids = [make.bid(project, bidder, price) for bidder, price in zip(bidders, ["900000", "910000", "920000"])]
    org_id = bidders[0].organization_id
    assert api.put(f"/api/v1/organizations/{org_id}/credit", admin, json={"score": 60, "note": "合同履约不良"}).status_code == 200
    clock.set(BID_DEADLINE)
    assert api.post(f"/api/v1/projects/{project.id}/open", admin).json["status"] == "opened"
    return SimpleNamespace(project_id=project.id, bid_ids=[b.id for b in bids], org_id=org_id, admin=admin)


# -- What the operations record ---------------------------------------------------------------

def test_the_opening_records_each_bid_on_its_own_chain_and_makes_an_anchor(opened):
    bid_id = opened.bid_ids[0]
    events = chain(f"bid:{bid_id}")
    assert [e.action for e in events] == ["bid.submitted", "bid.opened"]
    assert events[1].after == {"price": "900000.00", "valid": True, "invalid_reason": None,
                               "abnormally_low": False, "receipt_ok": True,
                               "credit_score": "60", "sme": False}
    assert events[1].sealed_scope == f"project:{opened.project_id}"
    (anchor,) = db.session.scalars(select(TrailAnchor)).all()
    # The anchor was made in the opening's transaction, after the opening's events.
    assert anchor.heads[f"bid:{bid_id}"] == [2, events[1].hash]
    assert anchor.heads[f"project:{opened.project_id}"][0] == 4


def test_an_untouched_opened_project_verifies(opened):
    # 2 + 3 users, 3 sign-ups, 3 bids submitted and opened, project created/submitted/published/opened,
    # one credit change: 5 + 3 + 6 + 4 + 1.
    assert trail.verify_trail() == {"ok": True, "events": 19}


def test_editing_a_draft_budget_through_the_platform_verifies_and_behind_its_back_does_not(api, make):
    purchaser = make.purchaser()
    project = make.project(purchaser, status="draft")
    api.patch(f"/api/v1/projects/{project.id}", purchaser, json={"budget": "1200000.00", "ceiling_price": "1100000"})
    assert chain(f"project:{project.id}")[-1].after == {"budget": "1200000.00", "ceiling_price": "1100000.00"}
    assert trail.verify_trail()["ok"]
    run_sql("UPDATE project SET ceiling_price = 1150000 WHERE id = :id", id=project.id)
    assert trail.verify_trail()["problems"] == [{
        "object": f"project:{project.id}", "problem": "state_mismatch", "field": "ceiling_price",
        "recorded": "1100000.00", "current": "1150000.00",
    }]


# -- Tampering: each is detected, naming the object --------------------------------------------

def edit_an_event(o):
    published = chain(f"project:{o.project_id}")[2]
    assert published.action == "project.published"
    statement = text('UPDATE event SET "after" = :after WHERE id = :id').bindparams(bindparam("after", type_=db.JSON))
    db.session.execute(statement, {"after": {"status": "opened"}, "id": published.id})
    db.session.commit()
    return [{"object": f"project:{o.project_id}", "problem": "content_hash_mismatch", "event": published.id}]


def delete_the_newest_event_of_a_chain(o):
    # The opening's anchor holds bid.opened as the head of the bid's chain.
    newest = chain(f"bid:{o.bid_ids[0]}")[-1]
    run_sql("DELETE FROM event WHERE id = :id", id=newest.id)
    return [{"object": f"bid:{o.bid_ids[0]}", "problem": "event_deleted", "seq": 2, "anchor": 1}]


def _rewrite_price_everywhere(o, price):
    """Change a bid's price in its row and in its chain, re-hashing the chain and its kept head: consistent,
    but unsigned."""
    bid_id = o.bid_ids[0]
    run_sql("UPDATE bid SET price = :price WHERE id = :id", price=price, id=bid_id)
    events = chain(f"bid:{bid_id}")
    events[-1].after = dict(events[-1].after, price=price)
    previous = GENESIS
    for event in events:
        event.prev_hash = previous
        event.hash = previous = trail.event_hash(event)
    db.session.flush()
    run_sql("UPDATE trail_head SET hash = :hash WHERE chain_key = :key", hash=previous, key=f"bid:{bid_id}")
    return events[-1]


def _remake_anchors(app, signing_key=None, unsigned=False):
    """What someone with write access to the database can do: drop the anchors, rebuild the heads from the
    rewritten events (none marked as anchored) and anchor them all again, without the platform's key."""
    run_sql("DELETE FROM trail_anchor")
    run_sql("DELETE FROM trail_head")
    run_sql("INSERT INTO trail_head (chain_key, seq, hash, pending) SELECT e.chain_key, e.seq, e.hash, :yes FROM event e "
            "JOIN (SELECT chain_key, max(seq) AS seq FROM event GROUP BY chain_key) last "
            "ON last.chain_key = e.chain_key AND last.seq = e.seq", yes=True)
    saved = app.config.get("TRAIL_SIGNING_KEY")
    app.config["TRAIL_SIGNING_KEY"] = signing_key or saved
    try:
        anchor = trail.create_anchor()
    finally:
        app.config["TRAIL_SIGNING_KEY"] = saved
    if unsigned:
        anchor.signature = ""
    db.session.commit()
    return anchor.id


def rehash_and_remake_unsigned_anchors(o):
    _rewrite_price_everywhere(o, "1.00")
    return [{"object": f"anchor:{_remake_anchors(o.app, unsigned=True)}", "problem": "signature_invalid"}]


def rehash_and_remake_anchors_with_another_key(o):
    _rewrite_price_everywhere(o, "1.00")
    return [{"object": f"anchor:{_remake_anchors(o.app, signing_key=other_key_pem())}", "problem": "signature_invalid"}]


def rehash_and_keep_the_anchors(o):
    rewritten = _rewrite_price_everywhere(o, "1.00")
    return [{"object": f"bid:{o.bid_ids[0]}", "problem": "anchored_event_altered", "event": rewritten.id, "anchor": 1}]


def rehash_then_the_platform_anchors_again(o):
    rewritten = _rewrite_price_everywhere(o, "1.00")
    # e.g. the hourly cron, with the real key, after the rewrite: the bid's head (as the trigger kept it at
    # insertion) was anchored already, so the new anchor does not vouch for the rewritten one.
    assert f"bid:{o.bid_ids[0]}" not in trail.create_anchor().heads
    db.session.commit()
    return [
        {"object": f"bid:{o.bid_ids[0]}", "problem": "anchored_event_altered", "event": rewritten.id, "anchor": 1},
    ]


def update_an_opened_bid_price(o):
    run_sql("UPDATE bid SET price = 1.00 WHERE id = :id", id=o.bid_ids[1])
    return [{"object": f"bid:{o.bid_ids[1]}", "problem": "state_mismatch", "field": "price",
             "recorded": "910000.00", "current": "1.00"}]


def invalidate_a_bid(o):
    run_sql("UPDATE bid SET valid = :no, invalid_reason = 'receipt_mismatch' WHERE id = :id", no=False, id=o.bid_ids[2])
    return [
        {"object": f"bid:{o.bid_ids[2]}", "problem": "state_mismatch", "field": "valid", "recorded": True, "current": False},
        {"object": f"bid:{o.bid_ids[2]}", "problem": "state_mismatch", "field": "invalid_reason",
         "recorded": None, "current": "receipt_mismatch"},
    ]


def update_a_project_budget(o):
    run_sql("UPDATE project SET budget = 2000000 WHERE id = :id", id=o.project_id)
    return [{"object": f"project:{o.project_id}", "problem": "state_mismatch", "field": "budget",
             "recorded": "1000000.00", "current": "2000000.00"}]


def change_a_credit_score_by_sql(o):
    run_sql("UPDATE organization SET credit_score = 100 WHERE id = :id", id=o.org_id)
    return [{"object": f"organization:{o.org_id}", "problem": "state_mismatch", "field": "credit_score",
             "recorded": 60, "current": 100}]


def delete_a_bid_row(o):
    run_sql("DELETE FROM bid WHERE id = :id", id=o.bid_ids[1])
    return [{"object": f"bid:{o.bid_ids[1]}", "problem": "row_missing"}]


TAMPERING = [
    edit_an_event, delete_the_newest_event_of_a_chain, rehash_and_remake_unsigned_anchors,
    rehash_and_remake_anchors_with_another_key, rehash_and_keep_the_anchors, rehash_then_the_platform_anchors_again,
    update_an_opened_bid_price,
    invalidate_a_bid, update_a_project_budget, change_a_credit_score_by_sql, delete_a_bid_row,
]


@pytest.mark.parametrize("tamper", TAMPERING, ids=[t.__name__ for t in TAMPERING])
def test_tampering_is_detected_naming_the_object(app, opened, tamper):
    opened.app = app
    expected = tamper(opened)
    db.session.expire_all()
    result = trail.verify_trail()
    assert (result["ok"], result["problem"], result["problems"]) == (False, expected[0]["problem"], expected)
    cli = app.test_cli_runner().invoke(args=["trail", "verify"])
    assert cli.exit_code == 1
    assert f"TAMPERED: {expected[0]['object']}" in cli.output
    assert f"  {expected[0]['object']}: {expected[0]['problem']}" in cli.output


def test_the_verify_endpoint_and_the_page_show_the_problems(api, login, opened):
    update_a_project_budget(opened)
    supervisor = Make(api.app).supervisor()
    body = api.get("/api/v1/audit/trail/verify", supervisor).json
    assert (body["ok"], body["problem"], body["problems"][0]["object"]) == (False, "state_mismatch", f"project:{opened.project_id}")
    html = login(supervisor).get("/audit/trail?verify=1").get_data(as_text=True)
    assert f"project:{opened.project_id}" in html
    assert "存储的值与其审计记录最后记录的值不同" in html
    assert "budget 现为 2000000.00，审计记录为 1000000.00。" in html


# -- Signed anchors ------------------------------------------------------------------------------

def test_an_anchor_hashes_the_heads_hash_and_is_signed_with_the_configured_key(app, make):
    pem = other_key_pem()
    app.config["TRAIL_SIGNING_KEY"] = pem
    make.admin()
    anchor = trail.create_anchor()
    db.session.commit()
    heads = trail.chain_heads()
    assert anchor.heads == heads and len(heads) == 1
    assert anchor.heads_hash == sha256(canonical(heads))
    assert anchor.hash == sha256(GENESIS + canonical({"created_at": "2026-12-01T01:00:00+00:00",
                                                      "heads_hash": anchor.heads_hash}))
    public = serialization.load_pem_private_key(pem.encode(), password=None).public_key()
    public.verify(base64.b64decode(anchor.signature), anchor.hash.encode("ascii"))  # raises if wrong
    assert trail.verify_trail()["ok"]


def test_in_testing_an_unset_key_is_derived_from_the_secret_key(app):
    assert app.config["TRAIL_SIGNING_KEY"] is None
    derived = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"trail-signing:test-secret").digest())
    assert signing.public_key_pem() == signing.public_key_pem(derived.public_key())


def test_outside_debug_and_testing_an_unset_key_refuses_to_sign(app):
    app.config["TESTING"] = False
    with pytest.raises(RuntimeError, match="TRAIL_SIGNING_KEY is not set"):
        trail.create_anchor()


@pytest.mark.parametrize("flatten", [lambda pem: pem.replace("\n", " "), lambda pem: pem.replace("\n", "\\n")],
                         ids=["spaces", "backslash-n"])
def test_a_key_flattened_into_one_line_by_an_environment_file_still_loads(app, flatten):
    pem = other_key_pem()
    app.config["TRAIL_SIGNING_KEY"] = pem
    expected = signing.public_key_pem()
    app.config["TRAIL_SIGNING_KEY"] = flatten(pem)
    assert "\n" not in app.config["TRAIL_SIGNING_KEY"] and signing.public_key_pem() == expected


def test_a_key_that_is_not_ed25519_is_refused(app):
    from cryptography.hazmat.primitives.asymmetric import ec

    app.config["TRAIL_SIGNING_KEY"] = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    with pytest.raises(RuntimeError, match="Ed25519"):
        signing.public_key()


def test_anyone_can_fetch_the_anchors_and_check_them_without_the_heads(api, opened):
    api.post("/api/v1/audit/trail/anchors", opened.admin)
    body = api.get("/api/v1/audit/trail/anchors?per_page=1&page=2").json
    assert (body["page"], body["per_page"], body["total"], len(body["items"])) == (2, 1, 2, 1)
    assert set(body["items"][0]) == {"id", "created_at", "heads_hash", "prev_hash", "hash", "signature"}
    first, second = api.get("/api/v1/audit/trail/anchors").json["items"]
    assert second["prev_hash"] == first["hash"] and first["prev_hash"] == GENESIS
    # An outsider checks each anchor with the published key alone.
    public = serialization.load_pem_public_key(body["public_key"].encode())
    for item in (first, second):
        assert item["hash"] == sha256(item["prev_hash"] + canonical(
            {"created_at": item["created_at"], "heads_hash": item["heads_hash"]}))
        public.verify(base64.b64decode(item["signature"]), item["hash"].encode("ascii"))


def test_the_anchors_never_reveal_how_many_chains_there_are(api, opened):
    response = api.get("/api/v1/audit/trail/anchors")
    assert "heads\"" not in response.get_data(as_text=True)
    assert "bid:" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role, status", [("admin", 201), ("supervisor", 403), ("bidder", 403), (None, 401)])
def test_only_the_center_anchors_through_the_api(api, make, role, status):
    user = make.user(role) if role else None
    response = api.post("/api/v1/audit/trail/anchors", user)
    assert response.status_code == status
    if status == 201:
        assert set(response.json) == {"id", "created_at", "heads_hash", "prev_hash", "hash", "signature"}


def test_the_cli_makes_a_key_and_anchors_with_it(app, make):
    runner = app.test_cli_runner()
    pem = runner.invoke(args=["trail", "keygen"]).output
    assert pem.startswith("-----BEGIN PRIVATE KEY-----")
    app.config["TRAIL_SIGNING_KEY"] = pem
    make.admin()
    assert runner.invoke(args=["trail", "anchor"]).exit_code == 0
    assert runner.invoke(args=["trail", "verify"]).output == "OK: 1 events verified.\n"
    app.config["TRAIL_SIGNING_KEY"] = other_key_pem()  # the key was replaced: old anchors no longer check
    result = runner.invoke(args=["trail", "verify"])
    assert result.exit_code == 1 and "anchor:1: signature_invalid" in result.output


# -- Sealed scopes -------------------------------------------------------------------------------

def test_sealed_events_count_once_their_scope_is_revealed(app, make, monkeypatch):
    user = make.admin()
    revealed = []
    monkeypatch.setitem(registry_of(app).sealed_scopes, "lot", lambda: select(literal(revealed[0] if revealed else -1)))
    trail.record_event(user, "user.quoted", sealed_scope="lot:7")
    trail.record_event(user, "user.quoted", sealed_scope="lot:8")
    db.session.commit()
    assert trail.verify_trail() == {"ok": True, "events": 1}  # user.created only
    revealed.append(7)
    assert trail.verify_trail() == {"ok": True, "events": 2}


def test_an_unregistered_scope_is_refused(app, make):
    user = make.admin()
    with pytest.raises(ValueError, match="unregistered sealed scope"):
        trail.record_event(user, "user.quoted", sealed_scope="nothing:1")
    with pytest.raises(ValueError):
        registry_of(app).add_sealed_scope("a:b", lambda: select(literal(1)))


def test_the_sealed_scope_is_part_of_the_event_hash(opened):
    signup = db.session.scalars(select(Event).where(Event.action == "signup.created")).first()
    run_sql("UPDATE event SET sealed_scope = NULL WHERE id = :id", id=signup.id)
    assert trail.verify_trail()["problems"] == [
        {"object": signup.chain_key, "problem": "content_hash_mismatch", "event": signup.id}]


def test_the_trail_imports_no_domain_module():
    for name in ("trail.py", "signing.py"):
        tree = ast.parse((ROOT / "core" / name).read_text())
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert not {m for m in imported if m.split(".")[0] in ("trading", "scoring", "mall")}, name


# -- Concurrency -----------------------------------------------------------------------------------

def test_parallel_anchors_form_one_chain(pg_app):
    Make(pg_app).admin()
    start = threading.Barrier(6)
    errors = []

    def anchor():
        with pg_app.app_context():
            start.wait()
            try:
                trail.create_anchor()
                db.session.commit()
            except Exception as err:  # noqa: BLE001 - reported below
                errors.append(err)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=anchor) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert db.session.scalar(select(func.count(TrailAnchor.id))) == 6
    assert trail.verify_trail() == {"ok": True, "events": 1}


def test_an_anchor_skips_a_head_an_open_transaction_holds_and_the_next_one_names_it(pg_app):
    admin = Make(pg_app).admin()
    db.session.commit()
    key = f"user:{admin.id}"
    with db.engine.connect() as other:  # a transaction in flight, moving the admin's chain
        other.execute(text("SELECT 1 FROM trail_head WHERE chain_key = :key FOR UPDATE"), {"key": key})
        first = trail.create_anchor()  # does not wait for it
        db.session.commit()
        assert key not in first.heads
        other.rollback()
    second = trail.create_anchor()
    db.session.commit()
    assert second.heads == {key: trail.chain_heads()[key]}
    assert trail.verify_trail()["ok"]
