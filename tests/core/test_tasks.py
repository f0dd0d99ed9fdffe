"""Background work in process (core.tasks): a task follows the commit, never a rollback (nor a rolled-back
savepoint); a task that fails is recorded once and the center runs it again; the duties are on the schedule."""
import pytest
from sqlalchemy import select

from core import tasks
from core.extensions import db
from core.tasks import TaskFailure, after_commit, celery
from tests.conftest import error_of

pytestmark = pytest.mark.usefixtures("fast_passwords")
RAN = []


@celery.task(name="tests.record")
def record(value):
    RAN.append(value)


@celery.task(name="tests.broken")
def broken(value):
    raise RuntimeError(f"broken on {value}")


@pytest.fixture(autouse=True)
def ran():
    RAN.clear()
    return RAN


def test_a_task_runs_after_the_commit_and_never_after_a_rollback(app, ran):
    after_commit(record, "rolled back")
    db.session.rollback()
    db.session.commit()
    assert ran == []
    after_commit(record, "committed")
    assert ran == []
    db.session.commit()
    assert ran == ["committed"]


def test_a_task_queued_in_a_rolled_back_savepoint_is_dropped_and_the_others_run(app, make, ran):
    make.bidder()  # a transaction with something in it
    after_commit(record, "before")
    savepoint = db.session.begin_nested()
    after_commit(record, "inside")
    savepoint.rollback()
    with db.session.begin_nested():
        after_commit(record, "kept savepoint")
    assert ran == []  # a savepoint released is no commit
    db.session.commit()
    assert ran == ["before", "kept savepoint"]


def test_a_refused_request_sends_none_of_its_tasks(app, api, make, monkeypatch, ran):
    from core import accounts

    admin = make.admin()
    org = make.org("bidder", status="approved")
    real = accounts.approve_organization

    def approve_then_refuse(actor, organization_id):
        after_commit(record, "from a refused request")
        return real(actor, organization_id)

    monkeypatch.setattr(accounts, "approve_organization", approve_then_refuse)
    assert error_of(api.post(f"/api/v1/organizations/{org.id}/approve", admin)) == (409, "wrong_status")
    assert ran == []


def test_a_failing_task_is_recorded_once_listed_and_run_again(app, api, make, login):
    after_commit(broken, 7)
    db.session.commit()
    failure, = db.session.scalars(select(TaskFailure)).all()
    assert (failure.task, failure.args, failure.status) == ("tests.broken", [7], "failed")
    assert failure.error == "RuntimeError: broken on 7" and "Traceback" in failure.trace
    admin = make.admin()
    page = login(admin).get("/admin/tasks").get_data(as_text=True)
    assert "RuntimeError: broken on 7" in page and f"/admin/tasks/{failure.id}/rerun" in page
    for user in (make.supervisor(), make.purchaser(), make.bidder()):
        assert api.get("/api/v1/admin/tasks", user).status_code == 403
    response = api.post(f"/api/v1/admin/tasks/{failure.id}/rerun", admin)
    assert (response.status_code, response.json["status"]) == (200, "rerun")
    assert error_of(api.post(f"/api/v1/admin/tasks/{failure.id}/rerun", admin)) == (409, "wrong_status")
    listed = api.get("/api/v1/admin/tasks?status=failed", admin).json["items"]
    assert [(i["task"], i["args"]) for i in listed] == [("tests.broken", [7])]  # it failed again: a new row
    assert error_of(api.post("/api/v1/admin/tasks/99999/rerun", admin)) == (404, "not_found")


def test_the_scheduled_duties_are_on_the_beat(app):
    schedule = {name: entry["task"] for name, entry in celery.conf.beat_schedule.items()}
    assert schedule == {"anchor the trail": "trail.anchor", "close due competitions": "mall.close_due",
                        "delist stale products": "mall.delist_stale",
                        "store the opening records": "trading.store_opening_records",
                        "remind the contract deadlines": "trading.contract_reminders",
                        "raise the contract clocks' flags": "audit.contract_clocks",
                        "remind the deposit refunds due": "trading.deposit_reminders",
                        "raise the deposit refund clocks' flags": "audit.deposit_clocks",
                        "remind the challenge and complaint deadlines": "trading.challenge_reminders",
                        "raise the challenge and complaint clocks' flags": "audit.challenge_clocks",
                        "compute the indicators on our open data": "audit.indicators",
                        "write the OCDS export": "ocds.publish_export"}


def test_each_in_turn_leaves_a_failing_item_for_the_next_run(app):
    failed = []

    def work(item):
        if item == 2:
            raise RuntimeError("item 2")
        return item * 10

    assert tasks.each_in_turn([1, 2, 3], work, lambda item, err: failed.append((item, str(err)))) == [10, 30]
    assert failed == [(2, "item 2")]
