"""The benchmark scripts still run (on tiny sizes): a script broken by a change is found here,
not when someone next measures."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"


@pytest.mark.parametrize("script, args, expected", [
    ("bench_bidding.py", ["5"], "trail verify: "),
    ("scoring.py", ["20", "5", "4", "6", "5", "2"], "evaluate endpoint: "),
    ("mall.py", ["300", "1", "3", "--no-gunicorn"], "order latency ("),
    ("trail_anchors.py", ["200"], "anchor after 10 chains moved: "),
    ("audit.py", ["500", "60", "100"], "trail verify: "),
    ("open_data.py", ["300"], "export: 300 releases"),
])
def test_a_benchmark_runs_and_prints_its_figures(tmp_path, script, args, expected):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DATABASE_URL": f"sqlite:///{tmp_path}/b.db"}
    result = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert expected in result.stdout and "ok=False" not in result.stdout


def test_the_background_work_benchmark_runs_on_a_real_worker(tmp_path):
    """benchmarks/tasks.py needs its broker: the local Redis, as the worker tests."""
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/13", socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379: start it (`redis-server --daemonize yes`) to run this benchmark")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DATABASE_URL": f"sqlite:///{tmp_path}/b.db"}
    result = subprocess.run([sys.executable, str(BENCHMARKS / "tasks.py"), "20", "1"], capture_output=True, text=True,
                            env=env, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "deliveries/s" in result.stdout and "a stored 2 MB PDF served 200 times" in result.stdout
