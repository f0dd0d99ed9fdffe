"""Background work on a real Celery worker with its broker on the local Redis (127.0.0.1:6379): the request
commits and enqueues; a separate worker process runs the tasks against the same database. The rest of the
suite runs the tasks in process (TASKS_EAGER)."""
import hashlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import documents, trail
from core.extensions import db
from core.models import Event, TrailAnchor
from core.notifications import Notification, OutboxMessage, notify
from core.tasks import TaskFailure
from tests.builders import Make
from tests.conftest import TEST_PASSWORD, Api, build_app

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("fast_passwords")


def _redis_up():
    import redis

    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def worker(request, tmp_path):
    """(app, channel folder): the app enqueues on Redis; a worker process runs the tasks on its database."""
    if not _redis_up():
        pytest.skip(f"no Redis at {REDIS}: start it (`redis-server --daemonize yes`) to run the worker tests")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    app = build_app("sqlite", request, tmp_path, TASKS_EAGER=False, CELERY_BROKER_URL=REDIS, CELERY_QUEUE=queue)
    channel = tmp_path / "channel"
    channel.mkdir()
    env = os.environ | {
        "PLATFORM_ENV": "development", "SECRET_KEY": "test-secret",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "CELERY_BROKER_URL": REDIS, "CELERY_QUEUE": queue,
        "NOTIFICATION_CHANNELS": "test",
        "NOTIFICATION_SENDERS": "test=tests.core.channels:deliver", "NOTIFICATION_MAX_ATTEMPTS": "1",
        "TEST_CHANNEL_DIR": str(channel), "TASKS_EAGER": "0",
    }
    log = open(tmp_path / "worker.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "core.worker", "worker", "--pool=solo", "--loglevel=INFO",
         "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    ctx = app.app_context()
    ctx.push()
    try:
        yield app, channel
    finally:
        db.session.remove()
        ctx.pop()
        process.terminate()
        process.wait(timeout=30)
        log.close()
        with app.app_context():
            db.engine.dispose()


def _until(check, what, seconds=60):
    """Wait for the worker: poll `check()` until it is true."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()  # a fresh snapshot of what the worker committed
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"the worker did not {what} within {seconds} s")


def test_a_real_worker_notifies_delivers_fails_is_rerun_and_anchors(worker):
    app, channel = worker
    make, api = Make(app), Api(app)
    user = make.bidder()
    (channel / "gateway-down").touch()
    notify(user, "organization.approved", organization="甲")
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0  # nothing before the commit
    db.session.commit()

    # The worker puts it in the inbox, then its delivery fails (one attempt allowed here) and is listed.
    _until(lambda: db.session.scalar(select(func.count()).select_from(TaskFailure)) == 1, "record the failure")
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1
    outbox = db.session.scalar(select(OutboxMessage))
    assert (outbox.status, outbox.last_error) == ("failed", "ConnectionError: gateway down")
    admin = make.admin()
    listed = api.get("/api/v1/admin/tasks", admin).json["items"]
    assert [(i["task"], i["status"]) for i in listed] == [("notifications.deliver", "failed")]

    # The gateway is back; the center runs the task again from the API: the worker delivers.
    (channel / "gateway-down").unlink()
    assert api.post(f"/api/v1/admin/tasks/{listed[0]['id']}/rerun", admin).json["status"] == "rerun"
    _until(lambda: db.session.get(OutboxMessage, outbox.id).status == "sent", "deliver the notification")
    lines = (channel / "delivered.txt").read_text(encoding="utf-8").splitlines()
    assert lines == [f"{user.id}\t注册审核通过\t交易中心已审核通过甲的注册。"]

    # An opening's anchor follows its commit, made by the worker.
    anchors = db.session.scalar(select(func.count()).select_from(TrailAnchor))
    make.project(status="opened", bids=("900000.00", "910000.00", "920000.00"))
    _until(lambda: db.session.scalar(select(func.count()).select_from(TrailAnchor)) > anchors, "anchor the opening")
    _until(lambda: not trail.heads_pending(), "anchor every moved head")
    assert trail.verify_trail()["ok"]


def test_a_real_worker_stores_the_order_file_with_its_hash_in_the_trail(worker):
    app, _channel = worker
    make = Make(app)
    purchaser = make.purchaser()
    order = make.order(status="archived", purchaser=purchaser)  # the request commits; the worker renders
    _until(lambda: documents.latest("order_file", order).status == "ready", "store the order file")
    document = documents.latest("order_file", order)
    assert document.content.startswith(b"%PDF") and document.sha256 == hashlib.sha256(document.content).hexdigest()
    stored = db.session.scalar(select(Event).where(Event.object_type == "stored_document",
                                                   Event.object_id == document.id, Event.action == "document.stored"))
    assert stored.after["sha256"] == document.sha256
    client = app.test_client()  # the page serves the stored bytes
    client.post("/login", data={"username": purchaser.username, "password": TEST_PASSWORD})
    served = client.get(f"/mall/orders/{order.id}/file.pdf")
    assert served.status_code == 200 and served.data == document.content
