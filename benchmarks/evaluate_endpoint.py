"""The evaluate endpoint's time against the time to SELECT its score cells (used by scoring.py).

Measured as production runs: the app sends its tasks (the anchor, the notifications) to a broker on the local
Redis (BENCH_BROKER_URL, default redis://127.0.0.1:6379/14) and no worker runs while it is timed; the queue is
emptied at the end. Runnable alone too: python benchmarks/evaluate_endpoint.py [BIDS EXPERTS CRITERIA].
"""
import os
import sys
import time
from datetime import timedelta
from decimal import Decimal

import numpy as np
import redis

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("PLATFORM_ENV", "development")

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select, text, update  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from benchmarks._databases import benchmark_database  # noqa: E402
from core import clock, create_app  # noqa: E402
from core.accounts import create_organization, create_user, issue_token  # noqa: E402
from core.auth import SYSTEM  # noqa: E402
from core.extensions import db  # noqa: E402
from core.models import User  # noqa: E402
from core.signing import new_private_key_pem  # noqa: E402
from core.uscc import check_character  # noqa: E402
from scoring.draw import operations as draw  # noqa: E402
from scoring.evaluation.models import ProjectEvaluation  # noqa: E402
from scoring.sheets import operations as sheets  # noqa: E402
from scoring.sheets.models import ScoreSheet  # noqa: E402
from trading.tender import operations as ops  # noqa: E402
from trading.tender.schemas import ProjectIn  # noqa: E402

TARGET_RATIO = 3.0
PASSWORD = "Bench-Evaluate-2026"
PROJECTS = 3  # the endpoint changes the project's state: one project per timed call, the best counts
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
QUEUE = "bench-evaluate"


def _uscc(n):
    first17 = "913502" + f"{n:011d}"
    return first17 + check_character(first17)


def _project(buyer, admin, start, criteria, panel_size):
    data = ProjectIn().load({
        "title": "评标基准测试项目", "category": "goods", "method": "open_tender", "budget": "1000000",
        "ceiling_price": "990000", "signup_deadline": (start + timedelta(hours=1)).isoformat(),
        "bid_deadline": (start + timedelta(hours=1)).isoformat(), "responsible_person": "基准",
        "evaluation": {"weights": {"credit": 10, "technical": 50, "commercial": 40}, "price_method": "lowest",
                       "trim": True, "panel_size": panel_size, "expert_specialty": "B01",
                       "technical_criteria": [{"name": f"因素{i + 1}", "max": 100 // criteria} for i in range(criteria)]},
    })
    project = ops.create_project(buyer, data)
    ops.submit_project(buyer, project.id)
    ops.publish_project(admin, project.id)
    return project


def _build(bids, experts, criteria, rng):
    """PROJECTS opened projects with every sheet submitted; returns their ids and the admin's token."""
    start = clock.now()
    tag = f"{start.timestamp():.0f}"
    hashed = generate_password_hash(PASSWORD)  # scrypt once, not once per account
    buyer_org = create_organization(SYSTEM, "评标基准采购人", _uscc(1), "purchaser")
    buyer = create_user(SYSTEM, f"ev-buyer-{tag}", PASSWORD, "purchaser", buyer_org.id, password_hash=hashed)
    admin = create_user(SYSTEM, f"ev-admin-{tag}", PASSWORD, "admin", password_hash=hashed)
    bidders = [create_user(SYSTEM, f"ev-bidder-{i}-{tag}", PASSWORD, "bidder",
                           create_organization(SYSTEM, f"评标基准投标人{i}", _uscc(100 + i), "bidder").id,
                           password_hash=hashed)
               for i in range(bids)]
    panel = [create_user(SYSTEM, f"ev-expert-{i}-{tag}", PASSWORD, "expert",
                         profile={"name": f"基准专家{i}", "specialties": ["B01"]}, password_hash=hashed)
             for i in range(experts)]
    projects = [_project(buyer, admin, start, criteria, experts) for _ in range(PROJECTS)]
    for project in projects:
        for i, bidder in enumerate(bidders):
            ops.sign_up(bidder, project.id)
            ops.submit_bid(bidder, project.id, Decimal(900000 - i * 10), "技术方案")
    db.session.commit()
    with clock.frozen_at(start + timedelta(hours=1)):
        for project in projects:
            ops.open_bids(admin, project.id)
        db.session.commit()
    # Scoring waits for the end of the bidders' 30-minute objection window.
    with clock.frozen_at(start + timedelta(hours=1, minutes=31)):
        for project in projects:
            draw.draw_panel(admin, project.id)
            codes = sorted(sheets.evaluation_record(project).bid_codes)
            maximum = 100 // criteria
            for expert in panel:
                draw.respond(expert, project.id, accept=True)
                values = rng.integers(0, maximum + 1, size=(len(codes), criteria))
                sheets.save_scores(expert, project.id, [{"code": c, "criteria": v.tolist()} for c, v in zip(codes, values)],
                                   submit=True)
            db.session.commit()
    token = issue_token(db.session.get(User, admin.id))[0]
    db.session.commit()
    return [p.id for p in projects], token, start


def _select_cells(project_id):
    return db.session.execute(
        select(ScoreSheet.member_id, ScoreSheet.scores).where(ScoreSheet.project_id == project_id)
    ).all()


def _select_cells_as_rows(project_id):
    """The same cells one row each (sheet, bid code, criterion, value), as a table of score cells would hold
    them: the database expands the stored sheets."""
    return db.session.execute(text(
        "SELECT s.member_id, c.key, v.ordinality, v.value FROM score_sheet s, json_each(s.scores) c, "
        "json_array_elements_text(c.value) WITH ORDINALITY v WHERE s.project_id = :project"),
        {"project": project_id}).all()


def _write_result(project_id):
    """Write the stored result document back, alone: the endpoint's one unavoidable write."""
    record = db.session.scalar(select(ProjectEvaluation).where(ProjectEvaluation.project_id == project_id))
    document = record.result
    began = time.perf_counter()
    db.session.execute(update(ProjectEvaluation).where(ProjectEvaluation.id == record.id).values(result=document))
    db.session.commit()
    return time.perf_counter() - began


def measure_endpoint(bids=200, experts=9, criteria=20):
    url, drop = benchmark_database("bench_scoring")
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "MIN_BID_DAYS": 0,
                          "TRAIL_SIGNING_KEY": os.environ.get("TRAIL_SIGNING_KEY") or new_private_key_pem(),
                          "CELERY_BROKER_URL": BROKER, "CELERY_QUEUE": QUEUE, "TASKS_EAGER": False})
        with app.app_context():
            upgrade()
            began = time.perf_counter()
            project_ids, token, start = _build(bids, experts, criteria, np.random.default_rng(2026))
            print(f"set-up: {PROJECTS} projects × {bids} bids × {experts} experts × {criteria} criteria "
                  f"in {time.perf_counter() - began:.1f} s ({db.engine.dialect.name})")
        client = app.test_client()
        select_times, endpoint_times = [], []
        for project_id in project_ids:
            with app.app_context():
                for _ in range(5):
                    began = time.perf_counter()
                    rows = _select_cells(project_id)
                    select_times.append(time.perf_counter() - began)
                    db.session.rollback()
                assert len(rows) == experts
            with clock.frozen_at(start + timedelta(hours=2)):
                began = time.perf_counter()
                response = client.post(f"/api/v1/projects/{project_id}/evaluate",
                                       headers={"Authorization": f"Bearer {token}"})
                endpoint_times.append(time.perf_counter() - began)
            assert response.status_code == 200, response.get_json()
            assert len(response.get_json()["ranking"]) == bids
        cell_times, write_times = [], []
        with app.app_context():
            postgresql = db.engine.dialect.name == "postgresql"  # the cells' expansion is PostgreSQL's SQL
            for project_id in project_ids:
                for _ in range(3 if postgresql else 0):
                    began = time.perf_counter()
                    cells = _select_cells_as_rows(project_id)
                    cell_times.append(time.perf_counter() - began)
                    db.session.rollback()
                    assert len(cells) == experts * bids * criteria
                write_times.append(_write_result(project_id))
        floor, elapsed = min(select_times), min(endpoint_times)
        ratio = elapsed / floor
        verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
        print(f"SELECT of the score cells ({experts} sheets × {bids} bids × {criteria} criteria): {floor * 1000:.2f} ms")
        print(f"evaluate endpoint: {elapsed * 1000:.2f} ms = {ratio:.2f}× the SELECT "
              f"({verdict} the {TARGET_RATIO:g}× target)")
        if cell_times:
            print(f"  for scale: the same {experts * bids * criteria:,} cells one row each: "
                  f"{min(cell_times) * 1000:.2f} ms (endpoint = {elapsed / min(cell_times):.2f}×)")
        print(f"  for scale: writing the result document alone: {min(write_times) * 1000:.2f} ms")
    finally:
        redis.Redis.from_url(BROKER).delete(QUEUE)  # the tasks no worker ran
        drop()


if __name__ == "__main__":
    measure_endpoint(*(int(a) for a in sys.argv[1:4]))
