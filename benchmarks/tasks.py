"""Background work's throughput on a real broker: notifications delivered by worker processes against the same
number of no-op tasks (the engine's floor: our task class, its app context and commit, and the broker).

Usage: python benchmarks/tasks.py [COUNT] [WORKERS]   (default 10,000 and 2; PostgreSQL as the other benchmarks,
the broker BENCH_BROKER_URL, default redis://127.0.0.1:6379/13). Prints, in one run:
- the no-op tasks per second, COUNT of them, WORKERS worker processes;
- the deliveries per second: one notify() of an organisation of COUNT users queues one task that writes their COUNT
  inbox rows and COUNT outbox rows, then COUNT delivery tasks to a channel whose sender does nothing; timed from
  the commit to the last row sent;
- deliveries / no-op as a ratio (target >= 50%);
- the p95 time to serve a stored 2 MB PDF from its page, with its ETag (target <= 50 ms).
"""
import hashlib
import os
import subprocess
import sys
import time
from datetime import datetime, timezone

import redis

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("PLATFORM_ENV", "development")

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from benchmarks._databases import benchmark_database  # noqa: E402
from core import clock, create_app  # noqa: E402
from core.accounts import create_user  # noqa: E402
from core.auth import SYSTEM  # noqa: E402
from core.documents import StoredDocument  # noqa: E402
from core.extensions import db  # noqa: E402
from core.models import Organization, User  # noqa: E402
from core.notifications import OutboxMessage, notify  # noqa: E402
from core.tasks import celery  # noqa: E402

BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
QUEUE = "bench-tasks"
DONE = "bench-tasks:done"  # the no-op tasks count themselves here
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "Bench-Documents-2026"
PDF_SIZE = 2 * 1024 * 1024
SERVED = 200


@celery.task(name="bench.noop")
def noop():
    redis.Redis.from_url(BROKER).incr(DONE)


def send_nothing(notification, title, body):
    """The benchmark channel's sender: the delivery's own work (lock, render, mark sent) without a gateway."""


def _workers(url, count):
    env = os.environ | {
        "DATABASE_URL": url, "CELERY_BROKER_URL": BROKER, "CELERY_QUEUE": QUEUE, "TASKS_EAGER": "0",
        "NOTIFICATION_CHANNELS": "bench", "NOTIFICATION_SENDERS": "bench=benchmarks.tasks:send_nothing",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "core.worker", "worker", "--include", "benchmarks.tasks",
         "--concurrency", str(count), "--loglevel=WARNING", "-Q", QUEUE, "--without-gossip", "--without-mingle",
         "--without-heartbeat"], cwd=ROOT, env=env)


def _until(check, seconds=900, step=0.05):
    began = time.perf_counter()
    while not check():
        if time.perf_counter() - began > seconds:
            raise TimeoutError("the workers did not finish in time")
        time.sleep(step)
    return time.perf_counter() - began


def _organization_of(count):
    """An organisation with `count` users, inserted in bulk."""
    now = datetime.now(timezone.utc)
    organization = Organization(name="基准单位", uscc="9" * 18, kind="bidder", status="approved", created_at=now)
    db.session.add(organization)
    db.session.flush()
    db.session.execute(insert(User), [{"username": f"bench-{n}", "password_hash": "-", "role": "bidder",
                                       "organization_id": organization.id, "active": True, "created_at": now}
                                      for n in range(count)])
    db.session.commit()
    return organization


def serving_time(app):
    """p95 of SERVED downloads of a stored 2 MB PDF (an export its requester follows), in ms."""
    with app.app_context():
        user = create_user(SYSTEM, "bench-reader", PASSWORD, "admin")
        content = b"%PDF-1.7\n" + os.urandom(PDF_SIZE - 9)
        document = StoredDocument(kind="savings_workbook", version=1, params={}, requested_by_id=user.id,
                                  name="基准.pdf", mimetype="application/pdf", status="ready", progress=100,
                                  size=len(content), sha256=hashlib.sha256(content).hexdigest(), content=content,
                                  requested_at=clock.now(), ready_at=clock.now())
        db.session.add(document)
        db.session.commit()
        url = f"/documents/{document.id}/file"
    client = app.test_client()
    assert client.post("/login", data={"username": "bench-reader", "password": PASSWORD}).status_code == 302
    times = []
    for _ in range(SERVED):
        began = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200 and len(response.data) == PDF_SIZE
        times.append(time.perf_counter() - began)
    times.sort()
    return times[int(len(times) * 0.95) - 1] * 1000


def main(count=10_000, workers=2):
    url, drop = benchmark_database("bench_tasks")
    broker = redis.Redis.from_url(BROKER)
    broker.delete(QUEUE, DONE)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "CELERY_BROKER_URL": BROKER, "CELERY_QUEUE": QUEUE,
                      "TASKS_EAGER": False, "NOTIFICATION_CHANNELS": ["bench"], "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False})
    process = None
    try:
        with app.app_context():
            upgrade()
            organization = _organization_of(count)
            process = _workers(url, workers)
            noop.apply_async()  # the workers are up once they ran one
            _until(lambda: int(broker.get(DONE) or 0) == 1, seconds=120)
            broker.set(DONE, 0)

            for _ in range(count):
                noop.apply_async()
            floor = _until(lambda: int(broker.get(DONE) or 0) >= count)
            print(f"{count:,} no-op tasks on {workers} workers: {floor:.1f} s, {count / floor:,.0f} tasks/s")

            notify(organization, "organization.approved", organization=organization.name)
            db.session.commit()

            def all_sent():
                db.session.rollback()
                return db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                         .where(OutboxMessage.status == "sent")) == count

            delivered = _until(all_sent, step=0.5)
            ratio = (count / delivered) / (count / floor)
            print(f"{count:,} notifications delivered on {workers} workers: {delivered:.1f} s, "
                  f"{count / delivered:,.0f} deliveries/s = {ratio:.0%} of the no-op rate (target >= 50%)")
        process.terminate()
        process.wait(timeout=60)
        process = None
        p95 = serving_time(app)
        print(f"a stored 2 MB PDF served {SERVED} times from its page: p95 {p95:.1f} ms (target <= 50 ms)")
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=60)
        broker.delete(QUEUE, DONE)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
