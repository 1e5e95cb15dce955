"""The load test (benchmarks/load.py) is a benchmark, not part of this suite; here only: its
locustfile imports and its users cover the mix the issue asks for, and its bounds hold."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# In a child process: importing locust monkey-patches the standard library (gevent).
INSPECT = """
import json
from benchmarks import load_locustfile as f
print(json.dumps({
    cls.__name__: {"weight": cls.weight, "tasks": sorted(t.__name__ for t in cls.tasks)}
    for cls in f.USER_CLASSES
}))
"""


def test_the_locustfile_imports_and_covers_the_mix():
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", INSPECT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    users = json.loads(result.stdout.strip().splitlines()[-1])
    tasks = {task for user in users.values() for task in user["tasks"]}
    assert {
        "home",
        "search",
        "selfcheck",
        "contact_request",
        "my_clients",
        "client_page",
        "warnings",
        "number_check",
        "bulk_check",
        "dashboard",
    } <= tasks
    assert all(user["weight"] > 0 for user in users.values())


def test_the_load_test_is_bounded_and_stays_on_loopback():
    sys.path.insert(0, str(ROOT))
    from benchmarks import load, run

    assert run.HOST == "127.0.0.1"
    args = load.parse_args([])
    assert (args.users, args.duration) == (50, 120)
    for bad in (["--users", "100000"], ["--duration", "86400"]):
        result = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "benchmarks/load.py", *bad],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2 and "must be between" in result.stderr
