"""Load test: many concurrent users for a fixed time, counting errors (issue 12, item 5).

    .venv/bin/python benchmarks/load.py                       # SQLite, 50 users, 2 minutes
    .venv/bin/python benchmarks/load.py --database-url postgres://koers:koers@127.0.0.1/koers
    .venv/bin/python benchmarks/load.py --users 20 --duration 30
    .venv/bin/python benchmarks/load.py --host http://127.0.0.1:8001 --host http://127.0.0.1:8002

Without ``--host`` it builds its own Koers the way ``benchmarks/run.py`` does (a temporary
SQLite file, or a temporary database on the PostgreSQL server of ``--database-url``; fresh
keys; ``migrate``, ``demo_data``, ``collectstatic``), starts gunicorn with production
settings on a free loopback port (``--workers``/``--threads``), and removes it all again.

With ``--host`` (repeatable) it aims at servers that already run — e.g. two app servers
behind one database — and starts nothing. Run it then with the servers' own environment
(``DJANGO_SETTINGS_MODULE``, ``DATABASE_URL`` or ``--database-url``, ``SECRET_KEY`` and the
session/cache settings): it writes the logged-in sessions its users need through Koers's
own session store, and the servers must hold the demo data (``manage.py demo_data``). Give
those servers ``TRUSTED_PROXY_COUNT=1`` and generous limits (see ``SERVER_ENVIRONMENT``) or
refused requests (429) count as errors.

The users and their mix are in ``benchmarks/load_locustfile.py`` (locust, headless, from
the ``bench`` extra). Nothing leaves 127.0.0.1 unless ``--host`` says so. It prints, per
kind of request and in total: requests, errors, p50 and p95 in ms, and the throughput;
then, when it built the database itself, checks the audit chain that every client-page
read extended. Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.run import (  # noqa: E402
    DEMO_SETTINGS,
    HOST,
    PRODUCTION_SETTINGS,
    SEED,
    HarnessError,
    TemporaryDatabase,
    authenticated_session,
    free_port,
    generated_keys,
    log,
    manage,
)

LOCUSTFILE = REPO / "benchmarks" / "load_locustfile.py"
# Demo logins the simulated people use (several people share one login, each with a
# session of their own).
ROLES = {"professional": "professional", "adviser": "adviser", "member": "member"}
# For servers this harness starts: one proxy in front (each simulated person sends their own
# X-Forwarded-For address), and limits meant for one person per account raised, because
# fifty simulated people share the few demo accounts.
SERVER_ENVIRONMENT = {
    "TRUSTED_PROXY_COUNT": "1",
    "TRUST_X_FORWARDED_PROTO": "true",
    "SAFETY_CHECKS_PER_HOUR": "1000000",
    "SAFETY_CHECKS_PER_DAY": "1000000",
    "CONTACT_REQUESTS_PER_HOUR": "1000",
    "CONTACT_STATUS_CHECKS_PER_HOUR": "1000",
}
START_TIMEOUT = 60.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent users (default 50)")
    parser.add_argument(
        "--duration", type=int, default=120, help="seconds of load (default 120, at most 1800)"
    )
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started per second")
    parser.add_argument("--database-url", help="PostgreSQL server to use instead of SQLite")
    parser.add_argument(
        "--host",
        action="append",
        default=[],
        help="base URL of an already running Koers (repeatable); starts no server",
    )
    parser.add_argument("--scale", type=int, default=1, help="demo_data scale (default 1)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    parser.add_argument("--keep-csv", help="copy locust's CSV files to this directory")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 500:
        parser.error("--users must be between 1 and 500")
    if not 5 <= args.duration <= 1800:
        parser.error("--duration must be between 5 and 1800 seconds")
    return args


def start_gunicorn(env: dict[str, str], tmp_dir: Path, workers: int, threads: int):
    port = free_port()
    log_path = tmp_dir / "server.log"
    log_file = log_path.open("w")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "koers.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--timeout",
        "60",
        # Longer than a simulated person's pause (1–3 s): with gunicorn's default of 2 s a
        # kept-alive connection is closed just as the client reuses it, which the client
        # sees as a reset (a browser would retry; locust counts an error).
        "--keep-alive",
        "30",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        "--no-control-socket",
        "--chdir",
        str(REPO),
    ]
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env={**env, "DJANGO_SETTINGS_MODULE": PRODUCTION_SETTINGS},
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + START_TIMEOUT
    import http.client

    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HarnessError(f"gunicorn exited early:\n{log_path.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/health/", headers={"X-Forwarded-Proto": "https"})
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return process, port, log_path
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise HarnessError("gunicorn did not answer in time")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def make_sessions(users: int) -> dict[str, list[str]]:
    """One logged-in session per simulated person of each role (created in the harness)."""
    return {
        role: [authenticated_session(username) for _ in range(users)]
        for role, username in ROLES.items()
    }


def run_locust(args: argparse.Namespace, hosts: list[str], sessions_path: Path, out: Path):
    env = {
        **os.environ,
        "KOERS_LOAD_HOSTS": ",".join(hosts),
        "KOERS_LOAD_SESSIONS": str(sessions_path),
    }
    from django.conf import settings

    env["KOERS_LOAD_SESSION_COOKIE"] = settings.SESSION_COOKIE_NAME
    env["KOERS_LOAD_CSRF_COOKIE"] = settings.CSRF_COOKIE_NAME
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{args.duration}s",
        "--stop-timeout",
        "10",
        "--host",
        hosts[0],
        "--csv",
        str(out / "load"),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    result = subprocess.run(  # noqa: S603 - our own interpreter and locustfile
        command, cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or not (out / "load_stats.csv").exists():
        raise HarnessError(f"locust failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return result


def report(out: Path, duration: int) -> int:
    with (out / "load_stats.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    print()
    header = (
        f"{'request':<32} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7}"
    )
    print(header)
    print("-" * len(header))
    total = None
    for row in rows:
        if row["Name"] == "Aggregated":
            total = row
            continue
        print(
            f"{row['Name'][:32]:<32} {row['Request Count']:>9} {row['Failure Count']:>7} "
            f"{row['50%']:>8} {row['95%']:>8} {float(row['Requests/s']):>7.1f}"
        )
    if total is None:
        raise HarnessError("locust wrote no totals")
    print("-" * len(header))
    print(
        f"{'total':<32} {total['Request Count']:>9} {total['Failure Count']:>7} "
        f"{total['50%']:>8} {total['95%']:>8} {float(total['Requests/s']):>7.1f}"
    )
    failures = out / "load_failures.csv"
    if failures.exists():
        with failures.open() as handle:
            failed = list(csv.DictReader(handle))
        for row in failed[:20]:
            print(f"  error: {row['Method']} {row['Name']}: {row['Error']} ×{row['Occurrences']}")
    errors = int(total["Failure Count"])
    print(
        f"\nrequests {total['Request Count']}, errors {errors}, throughput "
        f"{float(total['Requests/s']):.1f} req/s over {duration} s, p50 {total['50%']} ms, "
        f"p95 {total['95%']} ms"
    )
    return errors


def server_problems(log_path: Path) -> list[str]:
    text = log_path.read_text(errors="replace") if log_path.exists() else ""
    markers = ("Internal Server Error", "database is locked", "Traceback", "WORKER TIMEOUT")
    return [line for line in text.splitlines() if any(marker in line for marker in markers)]


def environment(
    args: argparse.Namespace, database: TemporaryDatabase | None, tmp_dir: Path
) -> tuple[dict[str, str], str]:
    """The environment for Django (and the server this harness starts), and a label."""
    if database is None:
        env = dict(os.environ)
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        env.setdefault("DJANGO_SETTINGS_MODULE", PRODUCTION_SETTINGS)
        return env, "servers given by --host"
    env = {
        **os.environ,
        **generated_keys(),
        **SERVER_ENVIRONMENT,
        "DATABASE_URL": database.url,
        "KOERS_VAR_DIR": str(tmp_dir / "var"),
        "STATIC_ROOT": str(tmp_dir / "static"),
        "ALLOWED_HOSTS": HOST,
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": PRODUCTION_SETTINGS,
    }
    return env, f"{database.engine}, gunicorn gthread {args.workers}×{args.threads}"


def prepare(database: TemporaryDatabase, env: dict[str, str], scale: int, started: float) -> None:
    database.create()
    log("migrate", started)
    manage(["migrate", "--noinput"], PRODUCTION_SETTINGS, env)
    log(f"demo_data --scale {scale} --seed {SEED}", started)
    manage(
        ["demo_data", "--scale", str(scale), "--seed", str(SEED), "--no-progress"],
        DEMO_SETTINGS,
        env,
    )
    log("collectstatic", started)
    manage(["collectstatic", "--noinput", "--verbosity", "0"], PRODUCTION_SETTINGS, env)


def after_the_run(log_path: Path, env: dict[str, str]) -> int:
    """Errors the server logged, and whether the audit chain the run extended verifies."""
    problems = server_problems(log_path)
    print(f"server log: {len(problems)} error line(s)")
    for line in problems[:10]:
        print("  " + line[:200])
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(REPO / "manage.py"), "verify_audit_chain"],
        cwd=REPO,
        env={**env, "DJANGO_SETTINGS_MODULE": PRODUCTION_SETTINGS},
        capture_output=True,
        text=True,
        check=False,
    )
    print((result.stdout + result.stderr).strip().splitlines()[-1])
    return len(problems) + (1 if result.returncode != 0 else 0)


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    tmp_dir = Path(tempfile.mkdtemp(prefix="koers-load-"))
    database: TemporaryDatabase | None = None
    server = None
    try:
        if not args.host:
            database = TemporaryDatabase(tmp_dir, args.database_url)
        env, engine = environment(args, database, tmp_dir)
        os.environ.update(env)
        log(
            f"Koers load test: {args.users} users for {args.duration} s, {engine}, "
            f"{os.cpu_count()} CPUs",
            started,
        )
        if database is not None:
            prepare(database, env, args.scale, started)
        import django

        django.setup()
        log(f"creating {args.users} sessions per role", started)
        sessions_path = tmp_dir / "sessions.json"
        sessions_path.write_text(json.dumps(make_sessions(args.users)))
        from django.db import connections

        connections.close_all()
        if args.host:
            hosts = [host.rstrip("/") for host in args.host]
        else:
            log("starting gunicorn", started)
            server, port, log_path = start_gunicorn(env, tmp_dir, args.workers, args.threads)
            hosts = [f"http://{HOST}:{port}"]
        log(f"load on {', '.join(hosts)}", started)
        run_locust(args, hosts, sessions_path, tmp_dir)
        errors = report(tmp_dir, args.duration)
        if args.keep_csv:
            target = Path(args.keep_csv)
            target.mkdir(parents=True, exist_ok=True)
            for path in tmp_dir.glob("load_*.csv"):
                shutil.copy(path, target / path.name)
        if server is not None:
            stop(server)
            errors += after_the_run(log_path, env)
        return 1 if errors else 0
    finally:
        if server is not None:
            stop(server)
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

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupt)
    try:
        return run(args)
    except HarnessError as exc:
        print(f"load test error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; server stopped and temporary files removed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
