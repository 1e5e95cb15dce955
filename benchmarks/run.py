#!/usr/bin/env python
"""Koers benchmark harness: every page's speed as a ratio to the floor, measured in one run.

``.venv/bin/python benchmarks/run.py [--scale N] [--requests N] [--only NAME ...] [--check]``

Why ratios: absolute milliseconds depend on the machine; the ratio of a page's median to
the median of ``/health/`` (a bare view behind the same middleware, served by the same
gunicorn worker in the same run, requests interleaved round-robin) does not, so a target
such as "home ≤ 2 × floor" means the same on a laptop and in CI.

What one run does, from a clean slate and without touching the developer's database:

1. a temporary directory with a fresh SQLite database (or, with ``--database-url``, a
   fresh temporary database on that PostgreSQL server, dropped afterwards);
2. ``migrate``, ``demo_data --scale N --seed 1`` and ``collectstatic``;
3. each selected scenario's ``setup`` in this process (same settings and database), an
   authenticated, second-factor-verified session for each scenario's ``login``, and a
   count of each page's database queries through Django's test client;
4. gunicorn (one worker) with production settings and generated keys on 127.0.0.1;
5. warm-up, then round-robin requests with ``http.client``, then the table.

Written by hand rather than with a load-testing tool because we want latency of one
request at a time against one worker, not throughput, and no extra dependency.
"""

from __future__ import annotations

import argparse
import http.client
import importlib
import math
import os
import pkgutil
import platform
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.scenario import Scenario, SetupContext  # noqa: E402

FLOOR_NAME = "floor"
FLOOR_PATH = "/health/"
PRODUCTION_SETTINGS = "koers.settings.production"
# demo_data refuses to run under production settings (it could overwrite real data), so it
# runs under the local settings with the very same database and keys.
DEMO_SETTINGS = "koers.settings.local"
SEED = 1
HOST = "127.0.0.1"
START_TIMEOUT = 30.0


class HarnessError(Exception):
    """The benchmark could not run (as opposed to a page missing its target)."""


@dataclass
class Target:
    """One URL in the round-robin: the floor or a scenario's page."""

    name: str
    path: str
    headers: dict[str, str]
    expected_status: int = 200
    scenario: Scenario | None = None
    method: str = "GET"
    body: bytes | None = None
    samples: list[float] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)
    queries: int | None = None
    error: str | None = None


@dataclass
class Outcome:
    """A scenario that did not get measured, and why."""

    name: str
    status: str  # "SKIP" or "ERROR"
    reason: str


# --------------------------------------------------------------------------- helpers


def log(message: str, started: float) -> None:
    print(f"[{time.monotonic() - started:6.1f}s] {message}", flush=True)


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def generated_keys() -> dict[str, str]:
    """Fresh keys for this run only; production refuses weak ones, so these are real."""
    from cryptography.fernet import Fernet

    return {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "HMAC_KEYS": secrets.token_urlsafe(48),
        "AUDIT_KEYS": secrets.token_urlsafe(48),
    }


def discover_scenarios() -> list[Scenario]:
    """Every ``benchmarks/scenarios/<name>.py`` that defines ``SCENARIO``, by name."""
    package = importlib.import_module("benchmarks.scenarios")
    found: dict[str, Scenario] = {}
    for module_info in pkgutil.iter_modules(package.__path__):
        if module_info.name.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"benchmarks.scenarios.{module_info.name}")
        except Exception as exc:  # e.g. a model imported at module level, before setup
            raise HarnessError(
                f"benchmarks/scenarios/{module_info.name}.py does not import: "
                f"{type(exc).__name__}: {exc} (import Django models inside setup)"
            ) from exc
        scenario = getattr(module, "SCENARIO", None)
        if not isinstance(scenario, Scenario):
            raise HarnessError(
                f"benchmarks/scenarios/{module_info.name}.py defines no SCENARIO = Scenario(...)"
            )
        if scenario.name in found or scenario.name == FLOOR_NAME:
            raise HarnessError(f"scenario name {scenario.name!r} is used twice (or reserved)")
        found[scenario.name] = scenario
    return [found[name] for name in sorted(found)]


# --------------------------------------------------------------------------- database


class TemporaryDatabase:
    """A database that exists for one run only.

    SQLite: a file in the run's temporary directory. PostgreSQL (``--database-url``): a
    new database ``koers_bench_<random>`` on that server, created through the given URL's
    database and dropped at the end, so the database the URL names is never written to.
    """

    def __init__(self, tmp_dir: Path, server_url: str | None) -> None:
        self.server_url = server_url
        self.name: str | None = None
        if not server_url or server_url.startswith("sqlite"):
            self.url = f"sqlite:///{tmp_dir / 'koers-bench.sqlite3'}"
            self.engine = "SQLite"
        elif server_url.startswith(("postgres://", "postgresql://", "pgsql://")):
            self.name = f"koers_bench_{secrets.token_hex(6)}"
            self.url = urlunsplit(urlsplit(server_url)._replace(path=f"/{self.name}"))
            self.engine = "PostgreSQL"
        else:
            raise HarnessError("--database-url must be a sqlite:// or postgres:// URL")

    def _admin_execute(self, sql: str) -> None:
        import psycopg

        url = self.server_url or ""
        url = "postgresql://" + url.split("://", 1)[1]
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self) -> None:
        if self.name:
            self._admin_execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.name:
            self._admin_execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.name = None


# --------------------------------------------------------------------------- preparation


def manage(args: list[str], settings_module: str, env: dict[str, str]) -> None:
    """Run ``manage.py`` in a child process; on failure show what it said."""
    child_env = {**env, "DJANGO_SETTINGS_MODULE": settings_module}
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        cwd=REPO,
        env=child_env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-30:])
        raise HarnessError(f"manage.py {' '.join(args)} failed:\n{tail}")


def authenticated_session(username: str) -> str:
    """A session key for ``username``, logged in and past the second factor.

    Built directly (like django-otp's own login does to the session) so the measured
    requests do not include the login flow. Staff always get a confirmed TOTP device,
    created when the demo data gave them none; a member gets the second-factor key only
    when they have a device, exactly as after a real login.
    """
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from koers.accounts.models import UserKind

    user_model = get_user_model()
    try:
        user = user_model.objects.get(username=username)
    except user_model.DoesNotExist as exc:
        raise HarnessError(f"login user {username!r} does not exist in the demo data") from exc
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and user.kind == UserKind.STAFF:
        device = TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()
    return store.session_key


def count_queries(
    path: str,
    session_key: str | None,
    expected_status: int,
    method: str = "GET",
    data: dict[str, str] | None = None,
) -> int:
    """Queries one request to ``path`` does, through the test client (second request, so
    one-time work such as content-type caches does not count). A POST sends ``data``
    form-encoded (the test client does not enforce CSRF)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"Host": HOST, "X-Forwarded-Proto": "https"})
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key

    def send() -> Any:
        if method.upper() == "GET":
            return client.get(path, secure=True)
        body = urlencode(data or {})
        content_type = "application/x-www-form-urlencoded"
        return client.generic(method.upper(), path, body, content_type, secure=True)

    first = send()
    if first.status_code != expected_status:
        raise HarnessError(f"{method} {path} answered {first.status_code}, not {expected_status}")
    with CaptureQueriesContext(connection) as captured:
        send()
    return len(captured.captured_queries)


# --------------------------------------------------------------------------- server


@contextmanager
def gunicorn(
    env: dict[str, str], tmp_dir: Path, worker_class: str
) -> Iterator[tuple[int, int | None]]:
    """Start gunicorn on a free port; yield the port and the worker's process id (None
    when it cannot be found); always stop it again."""
    port = free_port()
    log_path = tmp_dir / "gunicorn.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "benchmarks.wsgi:application",  # Koers plus the reference pages
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        "1",
        "--worker-class",
        worker_class,
        "--threads",
        "1",
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
        "--error-logfile",
        str(log_path),
        "--log-level",
        "warning",
        "--no-control-socket",
        "--chdir",
        str(REPO),
    ]
    server_env = {**env, "DJANGO_SETTINGS_MODULE": PRODUCTION_SETTINGS}
    # Own session: Ctrl+C in the terminal reaches the harness, which stops the server itself.
    process = subprocess.Popen(
        command, cwd=REPO, env=server_env, start_new_session=True, stdin=subprocess.DEVNULL
    )
    try:
        wait_until_ready(process, port, log_path)
        yield port, worker_pid(process.pid)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def server_log_tail(log_path: Path) -> str:
    if not log_path.exists():
        return "(no server log)"
    return "\n".join(log_path.read_text(errors="replace").splitlines()[-30:])


def wait_until_ready(process: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HarnessError(f"gunicorn exited early:\n{server_log_tail(log_path)}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", FLOOR_PATH, headers={"X-Forwarded-Proto": "https"})
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status == 200:
                return
            raise HarnessError(
                f"{FLOOR_PATH} answered {response.status}:\n{server_log_tail(log_path)}"
            )
        except (ConnectionError, OSError):
            time.sleep(0.1)
    raise HarnessError(f"gunicorn did not answer within {START_TIMEOUT:.0f}s")


def worker_pid(master_pid: int) -> int | None:
    """The single worker's process id, from Linux's /proc (None elsewhere)."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return None
    return int(children[0]) if len(children) == 1 else None


class WorkerClock:
    """CPU time the gunicorn worker has used, in nanoseconds, from /proc/<pid>/schedstat
    summed over its threads.

    Why: on a busy machine (a CI runner, parallel test runs) wall-clock latency includes
    waiting for a CPU, which stretches long requests more than short ones. The worker's own
    CPU time per request does not wait, so its ratio to the floor stays put; it is printed
    next to the latency ratio as a cross-check, targets stay on latency.
    """

    def __init__(self, pid: int | None) -> None:
        self.task_dir = Path(f"/proc/{pid}/task") if pid else None

    def read(self) -> int | None:
        if self.task_dir is None:
            return None
        total = 0
        try:
            for task in self.task_dir.iterdir():
                total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            self.task_dir = None
            return None
        return total


class Requester:
    """One keep-alive ``http.client`` connection, reopened when the server closes it
    (gunicorn's sync worker closes after every response)."""

    def __init__(self, port: int, clock: WorkerClock) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.clock = clock

    def fetch(self, target: Target) -> tuple[int, float, float | None]:
        """Status, wall-clock milliseconds and worker CPU milliseconds of one request."""
        for attempt in range(2):
            try:
                cpu_before = self.clock.read()
                start = time.perf_counter()
                self.connection.request(
                    target.method, target.path, body=target.body, headers=target.headers
                )
                response = self.connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - start
                cpu_after = self.clock.read()
                cpu = None
                if cpu_before is not None and cpu_after is not None:
                    cpu = (cpu_after - cpu_before) / 1e6
                return response.status, elapsed * 1000.0, cpu
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server had already closed: not the page's time.
                self.connection.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.connection.close()


def measure(
    port: int, worker: int | None, targets: list[Target], warmup: int, requests: int
) -> None:
    """Warm up, then ``requests`` rounds; each round requests every target once, starting
    at a different target each round so no page always follows the same neighbour."""
    requester = Requester(port, WorkerClock(worker))
    try:
        for target in targets:
            status, _, _ = requester.fetch(target)
            if status != target.expected_status:
                target.error = f"answered {status}, expected {target.expected_status}"
        live = [target for target in targets if target.error is None]
        for round_number in range(warmup + requests):
            offset = round_number % len(live)
            for target in live[offset:] + live[:offset]:
                status, elapsed, cpu = requester.fetch(target)
                if status != target.expected_status:
                    raise HarnessError(f"{target.name}: {target.path} answered {status}")
                if round_number >= warmup:
                    target.samples.append(elapsed)
                    if cpu is not None:
                        target.cpu_samples.append(cpu)
    finally:
        requester.close()


# --------------------------------------------------------------------------- report


def cpu_columns(target: Target, floor_cpu: float | None) -> str:
    """Worker CPU p50 and its ratio to the floor's, or blanks where /proc is not there."""
    if not target.cpu_samples or not floor_cpu:
        return f"{'-':>8} {'-':>9}"
    cpu = statistics.median(target.cpu_samples)
    return f"{cpu:8.2f} {cpu / floor_cpu:9.2f}"


def report(floor: Target, pages: list[Target], outcomes: list[Outcome], started: float) -> bool:
    """Print the tables; return True when every target holds."""
    floor_p50 = statistics.median(floor.samples)
    floor_cpu = statistics.median(floor.cpu_samples) if floor.cpu_samples else None
    all_pass = True
    header = (
        f"{'page':<18} {'p50 ms':>8} {'p95 ms':>8} {'floor p50':>10} {'ratio':>7} "
        f"{'target':>8}  {'result':<6}  {'cpu ms':>8} {'cpu ratio':>9}"
    )
    blank = f"{'':>8} {'':>8} {'':>10} {'':>7}"
    print()
    print("Latency (ratio = page p50 / floor p50; cpu = the worker's CPU time, for reference)")
    print(header)
    print("-" * len(header))
    print(
        f"{floor.name:<18} {floor_p50:8.2f} {percentile(floor.samples, 0.95):8.2f} "
        f"{floor_p50:10.2f} {1.0:7.2f} {'':>8}  {'':<6}  {cpu_columns(floor, floor_cpu)}"
    )
    for page in pages:
        assert page.scenario is not None
        target_text = f"≤ {page.scenario.target_ratio:g}"
        if page.error:
            all_pass = False
            print(f"{page.name:<18} {blank} {target_text:>8}  ERROR")
            continue
        p50 = statistics.median(page.samples)
        ratio = p50 / floor_p50
        passed = ratio <= page.scenario.target_ratio
        all_pass &= passed
        print(
            f"{page.name:<18} {p50:8.2f} {percentile(page.samples, 0.95):8.2f} "
            f"{floor_p50:10.2f} {ratio:7.2f} {target_text:>8}  "
            f"{'PASS' if passed else 'FAIL':<6}  {cpu_columns(page, floor_cpu)}"
        )
    for outcome in outcomes:
        all_pass &= outcome.status != "ERROR"
        print(f"{outcome.name:<18} {blank} {'':>8}  {outcome.status}")

    counted = [page for page in pages if page.queries is not None]
    if counted:
        print()
        print("Database queries per request (test client, same settings and database)")
        header = f"{'page':<18} {'queries':>8} {'target':>8}  result"
        print(header)
        print("-" * len(header))
        for page in counted:
            assert page.scenario is not None
            limit = page.scenario.max_queries
            if limit is None:
                print(f"{page.name:<18} {page.queries:8d} {'-':>8}  -")
                continue
            passed = page.queries <= limit
            all_pass &= passed
            print(
                f"{page.name:<18} {page.queries:8d} {'≤ ' + str(limit):>8}  "
                f"{'PASS' if passed else 'FAIL'}"
            )

    notes = [f"{page.name}: {page.error}" for page in pages if page.error]
    notes += [f"{outcome.name}: {outcome.reason}" for outcome in outcomes]
    if notes:
        print()
        print("Notes")
        for note in notes:
            print(f"  {note}")
    print()
    overall = "PASS" if all_pass else "FAIL"
    print(f"Total time {time.monotonic() - started:.1f}s. Overall: {overall}")
    return all_pass


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Measure Koers pages against the /health/ floor in one run.",
    )
    parser.add_argument("--scale", type=int, default=1, help="demo_data scale (default 1)")
    parser.add_argument(
        "--requests",
        type=int,
        default=1000,
        help="measured requests per page and for the floor (default 1000)",
    )
    parser.add_argument(
        "--warmup", type=int, default=None, help="warm-up rounds (default: requests / 10)"
    )
    parser.add_argument("--only", nargs="+", metavar="NAME", help="measure only these scenarios")
    parser.add_argument("--check", action="store_true", help="exit 1 if any target fails")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument(
        "--worker-class",
        default="sync",
        choices=["sync", "gthread"],
        help="gunicorn worker class (default sync, which closes the connection after each "
        "response; gthread with one thread keeps it alive)",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="a PostgreSQL server URL to create the temporary database on (default: a "
        "SQLite file in a temporary directory; the DATABASE_URL variable is ignored so a "
        "developer's database is never touched)",
    )
    parser.add_argument(
        "--compile-translations",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="compile .po to .mo first (default; writes .mo files into koers/locale, ignored "
        "by git), so a fresh clone measures the Dutch pages with their catalogue as in "
        "production",
    )
    args = parser.parse_args(argv)
    if args.scale < 1 or args.requests < 1 or (args.warmup is not None and args.warmup < 0):
        parser.error("--scale and --requests must be at least 1, --warmup at least 0")
    if args.warmup is None:
        args.warmup = max(20, args.requests // 10)
    return args


def select(scenarios: list[Scenario], only: list[str] | None) -> list[Scenario]:
    if not only:
        return scenarios
    known = {scenario.name: scenario for scenario in scenarios}
    unknown = [name for name in only if name not in known]
    if unknown:
        raise HarnessError(
            f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    return [known[name] for name in dict.fromkeys(only)]


def scenario_environment(scenarios: list[Scenario], scale: int) -> dict[str, str]:
    """The environment variables the selected scenarios ask for, for the whole run (this
    process and the server); two scenarios wanting different values is an error."""
    merged: dict[str, str] = {}
    owner: dict[str, str] = {}
    for scenario in scenarios:
        if scale < scenario.min_scale:
            continue
        for name, value in scenario.env.items():
            if name in merged and merged[name] != value:
                raise HarnessError(
                    f"scenarios {owner[name]!r} and {scenario.name!r} want different values "
                    f"for {name}; run them separately with --only"
                )
            merged[name], owner[name] = str(value), scenario.name
    return merged


def prepare_scenarios(
    scenarios: list[Scenario], scale: int, started: float
) -> tuple[list[Target], list[Outcome]]:
    """Run setups, create sessions and count queries, in this process, before the server."""
    from django.conf import settings
    from django.db import connections, transaction

    pages: list[Target] = []
    outcomes: list[Outcome] = []
    sessions: dict[str, str] = {}
    shared: dict[str, Any] = {}
    for scenario in scenarios:
        if scale < scenario.min_scale:
            outcomes.append(
                Outcome(scenario.name, "SKIP", f"needs --scale {scenario.min_scale} or more")
            )
            continue
        try:
            result = None
            if scenario.setup is not None:
                log(f"setup {scenario.name}", started)
                context = SetupContext(
                    scale=scale,
                    seed=SEED,
                    rng=random.Random(f"{SEED}:{scenario.name}"),
                    shared=shared,
                )
                with transaction.atomic():
                    result = scenario.setup(context)
            path = scenario.resolve_path(result)
            session_key = None
            if scenario.login:
                if scenario.login not in sessions:
                    sessions[scenario.login] = authenticated_session(scenario.login)
                session_key = sessions[scenario.login]
            headers = {"X-Forwarded-Proto": "https", "Accept": "text/html"}
            cookies = []
            if session_key:
                cookies.append(f"{settings.SESSION_COOKIE_NAME}={session_key}")
            method = scenario.method.upper()
            data = scenario.resolve_data(result)
            body = None
            if method != "GET":
                # What a browser sends with a form: the CSRF cookie and the same secret as
                # the token (Django accepts the unmasked secret), Origin set once the port
                # is known (see run).
                from django.utils.crypto import get_random_string

                csrf_secret = get_random_string(32)
                cookies.append(f"{settings.CSRF_COOKIE_NAME}={csrf_secret}")
                headers["X-CSRFToken"] = csrf_secret
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                body = urlencode(data or {}).encode()
            if cookies:
                headers["Cookie"] = "; ".join(cookies)
            page = Target(
                name=scenario.name,
                path=path,
                headers=headers,
                expected_status=scenario.expected_status,
                scenario=scenario,
                method=method,
                body=body,
            )
            page.queries = count_queries(path, session_key, scenario.expected_status, method, data)
            pages.append(page)
        except HarnessError as exc:
            outcomes.append(Outcome(scenario.name, "ERROR", str(exc)))
        except Exception as exc:  # a broken scenario must not hide the others' results
            outcomes.append(Outcome(scenario.name, "ERROR", f"{type(exc).__name__}: {exc}"))
    connections.close_all()  # the server gets the database to itself
    return pages, outcomes


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    tmp_dir = Path(tempfile.mkdtemp(prefix="koers-bench-"))
    database: TemporaryDatabase | None = None
    try:
        available = discover_scenarios()
        if args.list:
            for scenario in available:
                print(
                    f"{scenario.name:<18} target ≤ {scenario.target_ratio:g}  "
                    f"{scenario.description}"
                )
            return 0
        scenarios = select(available, args.only)
        database = TemporaryDatabase(tmp_dir, args.database_url)
        env = {
            **os.environ,
            **scenario_environment(scenarios, args.scale),
            **generated_keys(),
            "DATABASE_URL": database.url,
            "KOERS_VAR_DIR": str(tmp_dir / "var"),
            "STATIC_ROOT": str(tmp_dir / "static"),
            "ALLOWED_HOSTS": HOST,
            "TRUST_X_FORWARDED_PROTO": "true",
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = PRODUCTION_SETTINGS
        import django

        django.setup()
        from django.conf import settings as django_settings

        from benchmarks.wsgi import BENCHMARK_URLCONF

        django_settings.ROOT_URLCONF = BENCHMARK_URLCONF  # as in the server (benchmarks/wsgi.py)
        log(
            f"Koers benchmark: scale {args.scale}, {args.requests} requests per page, "
            f"{database.engine}, gunicorn {args.worker_class} x1, "
            f"Python {platform.python_version()}, Django {django.get_version()}, "
            f"{os.cpu_count()} CPUs",
            started,
        )
        database.create()
        if args.compile_translations:
            log("compile_translations", started)
            manage(["compile_translations"], PRODUCTION_SETTINGS, env)
        log("migrate", started)
        manage(["migrate", "--noinput"], PRODUCTION_SETTINGS, env)
        log(f"demo_data --scale {args.scale} --seed {SEED}", started)
        manage(
            ["demo_data", "--scale", str(args.scale), "--seed", str(SEED), "--no-progress"],
            DEMO_SETTINGS,
            env,
        )
        log("collectstatic", started)
        manage(["collectstatic", "--noinput", "--verbosity", "0"], PRODUCTION_SETTINGS, env)
        pages, outcomes = prepare_scenarios(scenarios, args.scale, started)
        floor = Target(FLOOR_NAME, FLOOR_PATH, {"X-Forwarded-Proto": "https"})
        log("starting gunicorn", started)
        with gunicorn(env, tmp_dir, args.worker_class) as (port, worker):
            for page in pages:
                if page.method != "GET":  # CSRF checks the origin of an https POST
                    page.headers["Origin"] = f"https://{HOST}:{port}"
            log(
                f"measuring {len(pages)} page(s) + floor on {HOST}:{port}: "
                f"{args.warmup} warm-up and {args.requests} measured rounds",
                started,
            )
            measure(port, worker, [floor, *pages], args.warmup, args.requests)
        if floor.error:
            raise HarnessError(f"the floor {FLOOR_PATH} {floor.error}")
        all_pass = report(floor, pages, outcomes, started)
        return 1 if args.check and not all_pass else 0
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up yet
            pass
        if database is not None:
            database.drop()
        shutil.rmtree(tmp_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    # Explicit, so cleanup also runs when started from a script that ignores SIGINT.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    try:
        return run(args)
    except HarnessError as exc:
        print(f"benchmark error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; server stopped and temporary files removed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
