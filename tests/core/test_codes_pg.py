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


def test_codes_taken_apart_are_distinct_do_not_wait_and_leave_a_gap_on_rollback(pg_app):
    """`gapless=False`: the counter moves in its own committed transaction; a rolled-back caller's code
    is not given again (a gap), and a caller holding its transaction open blocks nobody."""
    with pg_app.app_context():
        assert next_code("APART-2026", gapless=False) == "APART-2026-0001"
        db.session.rollback()
        holder = next_code("APART-2026", gapless=False)  # this session's transaction stays open
        codes, errors = [], []

        def take():
            with pg_app.app_context():
                try:
                    codes.append(next_code("APART-2026", gapless=False))
                    db.session.commit()
                except Exception as err:  # noqa: BLE001
                    errors.append(err)
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=take) for _ in range(PARALLEL)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
        assert not any(thread.is_alive() for thread in threads) and errors == []
        db.session.commit()
        assert holder == "APART-2026-0002"
        assert sorted(codes) == [f"APART-2026-{n:04d}" for n in range(3, PARALLEL + 3)]
