"""Code sequences under parallel callers (PostgreSQL): a new prefix's counter is created once."""
import threading

from core.codes import next_code
from core.extensions import db

PARALLEL = 8


def test_parallel_first_codes_of_a_new_prefix_are_all_distinct(pg_app):
    codes, errors = [], []
    start = threading.Barrier(PARALLEL)

    def take():
        with pg_app.app_context():
            start.wait()
            try:
                codes.append(next_code("RACE-2026"))
                db.session.commit()
            except Exception as err:  # noqa: BLE001  (any failure is the finding)
                errors.append(err)
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=take) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(codes) == [f"RACE-2026-{n:04d}" for n in range(1, PARALLEL + 1)]
