"""The tamper-evident trail: one event per state change, hash chains per object, anchors, verify."""
import hashlib
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import bindparam, select, text

from core import trail
from core.extensions import db
from core.models import Event, TrailHead
from core.timeutil import parse_datetime
from tests.builders.trading import project_payload

pytestmark = pytest.mark.usefixtures("fast_passwords")

GENESIS = "0" * 64
BID_DEADLINE = parse_datetime(project_payload()["bid_deadline"])


def chain(key):
    return db.session.scalars(select(Event).where(Event.chain_key == key).order_by(Event.seq)).all()


def set_after(event_id, after):
    statement = text('UPDATE event SET "after" = :after WHERE id = :id').bindparams(bindparam("after", type_=db.JSON))
    db.session.execute(statement, {"after": after, "id": event_id})
    db.session.commit()


def run_sql(sql, **params):
    db.session.execute(text(sql), params)
    db.session.commit()


@pytest.fixture
def published(make):
    """purchaser and admin (user.created: 2 events) and a published project (3 events): 5 events."""
    purchaser, admin = make.purchaser(), make.admin()
    project = make.project(purchaser, admin=admin)
    return {"purchaser": purchaser, "admin": admin, "project": project, "key": f"project:{project.id}"}


# -- What is recorded ---------------------------------------------------------------------------

def test_the_project_lifecycle_appends_one_event_per_state_change(api, make, clock):
    purchaser, admin = make.purchaser(), make.admin()
    pid = api.post("/api/v1/projects", purchaser, json=project_payload()).json["id"]
    api.post(f"/api/v1/projects/{pid}/submit", purchaser)
    api.post(f"/api/v1/projects/{pid}/publish", admin)
    clock.set(BID_DEADLINE)
    api.post(f"/api/v1/projects/{pid}/open", admin)
    events = chain(f"project:{pid}")
    assert [(e.action, e.actor_label, e.before, e.after["status"]) for e in events] == [
        ("project.created", purchaser.username, None, "draft"),
        ("project.submitted", purchaser.username, {"status": "draft"}, "submitted"),
        ("project.published", admin.username, {"status": "submitted"}, "published"),
        ("project.opened", admin.username, {"status": "published"}, "failed"),  # no bids: 流标
    ]


def test_returning_and_cancelling_append_events(api, make):
    purchaser, admin = make.purchaser(), make.admin()
    project = make.project(purchaser, status="submitted")
    api.post(f"/api/v1/projects/{project.id}/return", admin, json={"reason": "缺少预算批复文件"})
    api.post(f"/api/v1/projects/{project.id}/cancel", purchaser, json={"reason": "需求变更"})
    assert [(e.action, e.after) for e in chain(f"project:{project.id}")[2:]] == [
        ("project.returned", {"status": "draft", "reason": "缺少预算批复文件"}),
        ("project.cancelled", {"status": "cancelled", "reason": "需求变更"}),
    ]


def test_signing_up_appends_a_sealed_event(api, make, published):
    project, bidder = published["project"], make.bidder()
    api.post(f"/api/v1/projects/{project.id}/signups", bidder)
    (event,) = db.session.scalars(select(Event).where(Event.action == "signup.created")).all()
    assert (event.actor_id, event.after, event.sealed_scope) == (bidder.id, {"project_id": project.id}, f"project:{project.id}")


def test_submitting_replacing_and_withdrawing_a_bid_append_sealed_events(api, make, published):
    project, bidder = published["project"], make.bidder()
    bid_url = f"/api/v1/projects/{project.id}/bid"
    api.post(f"/api/v1/projects/{project.id}/signups", bidder)
    first = api.put(bid_url, bidder, json={"price": "900000", "technical_proposal": "方案"}).json["receipt"]
    second = api.put(bid_url, bidder, json={"price": "880000", "technical_proposal": "方案"}).json
    api.delete(bid_url, bidder)
    events = chain(f"bid:{second['bid_id']}")
    assert [(e.action, e.before, e.after) for e in events] == [
        ("bid.submitted", None, {"status": "submitted", "receipt": first}),
        ("bid.submitted", {"status": "submitted", "receipt": first}, {"status": "submitted", "receipt": second["receipt"]}),
        ("bid.withdrawn", {"status": "submitted", "receipt": second["receipt"]}, {"status": "withdrawn"}),
    ]
    assert {e.sealed_scope for e in events} == {f"project:{project.id}"}


def test_approving_an_organisation_appends_an_event(api, make):
    admin, org = make.admin(), make.org("bidder", status="pending")
    api.post(f"/api/v1/organizations/{org.id}/approve", admin)
    (event,) = chain(f"organization:{org.id}")
    assert (event.action, event.before["status"], event.after["status"]) == ("organization.approved", "pending", "approved")


def test_setting_credit_appends_an_event(api, make):
    admin, org = make.admin(), make.org("bidder")
    api.put(f"/api/v1/organizations/{org.id}/credit", admin, json={"score": 60, "note": "合同履约不良"})
    (event,) = chain(f"organization:{org.id}")
    assert (event.action, event.before["credit_score"], event.after["credit_score"], event.after["note"]) == (
        "organization.credit_set", None, 60, "合同履约不良")


# -- The chain -------------------------------------------------------------------------------

def test_each_object_has_its_own_chain_numbered_from_one_and_linked_by_hash(published):
    events = chain(published["key"])
    assert [e.seq for e in events] == [1, 2, 3]
    assert [e.prev_hash for e in events] == [GENESIS, events[0].hash, events[1].hash]


def test_an_event_hash_is_the_sha256_of_the_previous_hash_and_the_canonical_content(published):
    first = chain(published["key"])[0]
    purchaser = published["purchaser"]
    body = {
        "chain_key": published["key"], "seq": 1, "action": "project.created", "object_type": "project",
        "object_id": published["project"].id, "actor_id": purchaser.id, "actor_label": purchaser.username,
        "before": None, "after": {"status": "draft", "code": "2026-GC-0001", "title": "县人民医院门诊楼改造工程",
                                  "budget": "1000000.00", "ceiling_price": "950000.00", "deposit": "0.00"},
        "sealed_scope": None,
        "created_at": "2026-12-01T01:00:00+00:00",  # T0, 09:00 in Beijing
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert first.hash == hashlib.sha256((GENESIS + canonical).encode("utf-8")).hexdigest()


def test_an_event_recorded_while_the_clock_reads_local_time_verifies(make, clock):
    clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    make.admin()
    assert trail.verify_trail() == {"ok": True, "events": 1}


# -- Verification ----------------------------------------------------------------------------

def test_an_untouched_trail_verifies(published):
    # 2 user.created + project created, submitted, published.
    assert trail.verify_trail() == {"ok": True, "events": 5}


def test_an_edited_event_is_the_first_bad_event(published):
    submitted = chain(published["key"])[1]
    set_after(submitted.id, {"status": "published"})
    result = trail.verify_trail()
    assert (result["ok"], result["first_bad_event"], result["problem"]) == (False, submitted.id, "content_hash_mismatch")


def test_an_edited_event_with_a_recomputed_hash_breaks_the_next_link(published):
    submitted, published_event = chain(published["key"])[1:]
    set_after(submitted.id, {"status": "published"})
    db.session.expire_all()
    run_sql("UPDATE event SET hash = :hash WHERE id = :id", hash=trail.event_hash(db.session.get(Event, submitted.id)),
            id=submitted.id)
    result = trail.verify_trail()
    assert (result["ok"], result["first_bad_event"], result["problem"]) == (False, published_event.id, "previous_hash_mismatch")


def test_a_deleted_middle_event_is_detected(published):
    submitted, published_event = chain(published["key"])[1:]
    run_sql("DELETE FROM event WHERE id = :id", id=submitted.id)
    result = trail.verify_trail()
    assert (result["ok"], result["first_bad_event"], result["problem"]) == (False, published_event.id, "missing_event_before")


def test_a_deleted_last_event_of_an_anchored_chain_is_detected(published):
    trail.create_anchor()
    db.session.commit()
    run_sql("DELETE FROM event WHERE id = :id", id=chain(published["key"])[-1].id)
    result = trail.verify_trail()
    assert (result["ok"], result["problem"]) == (False, "event_deleted")
    assert result["problems"] == [
        {"object": published["key"], "problem": "event_deleted", "seq": 3, "anchor": 1},
        # Without its last event the chain says "submitted", but the project is published.
        {"object": published["key"], "problem": "state_mismatch", "field": "status",
         "recorded": "submitted", "current": "published"},
    ]


def test_newest_events_deleted_before_any_anchor_are_detected_by_the_kept_head(published):
    run_sql("DELETE FROM event WHERE id = :id", id=chain(published["key"])[-1].id)
    result = trail.verify_trail()
    assert result["problems"] == [
        {"object": published["key"], "problem": "newest_events_missing", "seq": 3},
        {"object": published["key"], "problem": "state_mismatch", "field": "status",
         "recorded": "submitted", "current": "published"},
    ]


def test_a_whole_chain_deleted_before_any_anchor_is_detected_by_the_kept_head(published):
    run_sql("DELETE FROM event WHERE chain_key = :key", key=published["key"])
    result = trail.verify_trail()
    assert result["problems"] == [{"object": published["key"], "problem": "newest_events_missing", "seq": 1}]


def test_a_last_event_rewritten_with_its_hash_differs_from_the_kept_head(published):
    last = chain(published["key"])[-1]
    last.after = dict(last.after, status="cancelled")
    last.hash = trail.event_hash(last)  # the chain itself is consistent again
    db.session.commit()
    result = trail.verify_trail()
    assert result["problems"][0] == {"object": published["key"], "problem": "head_mismatch", "seq": 3}


def test_an_edited_anchor_is_detected(published):
    anchor = trail.create_anchor()
    db.session.commit()
    # Dropping the project's chain from the anchor would hide a deleted tail: it breaks the anchor's hash.
    heads = {k: v for k, v in anchor.heads.items() if k != published["key"]}
    statement = text("UPDATE trail_anchor SET heads = :heads WHERE id = :id").bindparams(bindparam("heads", type_=db.JSON))
    db.session.execute(statement, {"heads": heads, "id": anchor.id})
    db.session.commit()
    result = trail.verify_trail()
    assert (result["ok"], result["problems"]) == (False, [
        # The head the anchor no longer names is still marked as anchored: that is reported too.
        {"object": published["key"], "problem": "head_not_anchored", "seq": 3},
        {"object": f"anchor:{anchor.id}", "problem": "content_hash_mismatch"}])


def test_a_deleted_anchor_is_detected(published):
    first = trail.create_anchor()
    second = trail.create_anchor()
    db.session.commit()
    # The second anchor named no head (nothing changed in between): the heads only the first named are lost.
    assert second.heads == {}
    lost = sorted(({"object": key, "problem": "head_not_anchored", "seq": seq}
                   for key, (seq, _) in first.heads.items()), key=lambda p: p["object"])
    second_id = second.id
    run_sql("DELETE FROM trail_anchor WHERE id = :id", id=first.id)
    result = trail.verify_trail()
    assert (result["ok"], result["problems"]) == (False, lost + [
        {"object": f"anchor:{second_id}", "problem": "previous_hash_mismatch"}])


def _note(published, text_):
    """One more event on the project's chain (a made-up action: the trail records whatever it is given)."""
    event = trail.record_event(published["project"], "project.noted", published["admin"], after={"note": text_})
    db.session.commit()
    return event


def test_the_trigger_keeps_each_chains_head(published):
    _note(published, "一")
    heads = db.session.execute(select(TrailHead.chain_key, TrailHead.seq, TrailHead.hash)).all()
    assert {key: [seq, hash_] for key, seq, hash_ in heads} == trail.chain_heads()
    assert trail.chain_heads()[published["key"]][0] == 4


def test_an_anchor_names_the_heads_changed_since_the_one_before(published):
    first = trail.create_anchor()
    db.session.commit()
    assert first.heads == trail.chain_heads() and len(first.heads) == 3  # two users and the project
    noted = _note(published, "一")
    second = trail.create_anchor()
    third = trail.create_anchor()
    db.session.commit()
    assert second.heads == {published["key"]: [4, noted.hash]}
    assert third.heads == {}
    assert (third.prev_hash, second.prev_hash) == (second.hash, first.hash)
    assert trail.verify_trail()["ok"]


def test_a_deleted_tail_is_detected_through_the_earlier_anchor_that_named_it(published):
    first = trail.create_anchor()
    db.session.commit()
    trail.record_event(published["admin"], "user.noted", published["admin"], after={"note": "x"})
    second = trail.create_anchor()
    db.session.commit()
    assert published["key"] not in second.heads
    run_sql("DELETE FROM event WHERE id = :id", id=chain(published["key"])[-1].id)
    result = trail.verify_trail()
    assert result["problems"][0] == {"object": published["key"], "problem": "event_deleted", "seq": 3,
                                     "anchor": first.id}


def test_a_head_marked_as_anchored_by_hand_is_detected(published):
    trail.create_anchor()
    db.session.commit()
    _note(published, "一")
    # Marking the new head as anchored would keep the chain out of every later anchor.
    run_sql("UPDATE trail_head SET anchored_seq = seq, pending = :no WHERE chain_key = :key", key=published["key"],
            no=False)
    assert trail.create_anchor().heads == {}
    db.session.commit()
    result = trail.verify_trail()
    assert (result["ok"], result["problems"]) == (False, [
        {"object": published["key"], "problem": "head_not_anchored", "seq": 4}])


# -- Who may verify, and how -------------------------------------------------------------------

@pytest.mark.parametrize("role", ["admin", "supervisor"])
def test_the_center_and_the_supervisor_verify_through_the_api(role, api, make, published):
    user = make.user(role)
    # 5 events of `published` + this user's user.created.
    response = api.get("/api/v1/audit/trail/verify", user)
    assert (response.status_code, response.json) == (200, {"ok": True, "events": 6})


@pytest.mark.parametrize("role, status", [("bidder", 403), ("purchaser", 403), (None, 401)])
def test_others_may_not_verify(role, status, api, make):
    user = make.user(role) if role else None
    assert api.get("/api/v1/audit/trail/verify", user).status_code == status


def test_the_cli_verifies_an_untouched_trail(app, published):
    result = app.test_cli_runner().invoke(args=["trail", "verify"])
    assert (result.exit_code, result.output) == (0, "OK: 5 events verified.\n")


def test_the_cli_names_the_first_bad_event_and_exits_1(app, published):
    submitted = chain(published["key"])[1]
    set_after(submitted.id, {"status": "published"})
    result = app.test_cli_runner().invoke(args=["trail", "verify"])
    assert result.exit_code == 1
    assert f"TAMPERED: {published['key']}, first bad event {submitted.id} (content_hash_mismatch)" in result.output
    assert f"  {published['key']}: content_hash_mismatch (event={submitted.id})" in result.output


# -- Sealed bids stay out of the count until opening -------------------------------------------

def test_sealed_bid_events_are_counted_only_after_opening(api, make, published, clock):
    admin, project = published["admin"], published["project"]
    bidders = [make.bidder() for _ in range(3)]
    before = api.get("/api/v1/audit/trail/verify", admin).json
    assert before == {"ok": True, "events": 8}  # 5 + 3 bidders' user.created
    for bidder, price in zip(bidders, ["900000.00", "910000.00", "920000.00"]):
        make.bid(project, bidder, price)  # signup.created + bid.submitted, both sealed
    assert api.get("/api/v1/audit/trail/verify", admin).json == before
    clock.set(BID_DEADLINE)
    api.post(f"/api/v1/projects/{project.id}/open", admin)
    # 8 + 3 sign-ups + 3 bids submitted + project.opened + 3 bids opened = 18
    assert api.get("/api/v1/audit/trail/verify", admin).json == {"ok": True, "events": 18}
