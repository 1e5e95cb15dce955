"""A minimal load test against several running app servers (locust, headless, loopback).

Used by ``scripts/production-check --load SECONDS`` when ``benchmarks/load.py`` (the
project's full load test) is not in the checkout; it is this module's locustfile and its
runner in one. Users are spread over the hosts round-robin; each sends its requests with a
short pause (0.1–0.5 s) in a mix of:

- anonymous visitors: home, directory searches, the self-check, topic information, the
  contact form;
- professionals: my clients and client pages (audited reads);
- members: warnings and number checks (POST, with the CSRF cookie and token a browser sends);
- analysts: the regional dashboard.

Configuration through the environment (set by ``run_load``): ``KOERS_LOAD_HOSTS``
(comma-separated), ``KOERS_LOAD_CONFIG`` (a JSON file with session keys per role, client
ids, cookie names). Cookies are sent by hand: production marks them Secure and this talks
plain HTTP on loopback with ``X-Forwarded-Proto: https``, as behind the TLS proxy.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

if os.environ.get("KOERS_LOAD_HOSTS"):  # inside locust (importing it patches threads)
    from locust import HttpUser, between, task
else:  # the runner (run_load) must not import locust: gevent would patch its threads
    HttpUser = object  # type: ignore[misc,assignment]

    def task(weight=1):  # type: ignore[no-redef]
        return lambda function: function

    def between(low, high):  # type: ignore[no-redef]
        return None


HOSTS = [h for h in os.environ.get("KOERS_LOAD_HOSTS", "").split(",") if h]
CONFIG = (
    json.loads(Path(os.environ["KOERS_LOAD_CONFIG"]).read_text())
    if os.environ.get("KOERS_LOAD_CONFIG")
    else {}
)
_next_host = itertools.cycle(HOSTS or ["http://127.0.0.1:8000"])
SEARCHES = [
    "/support/?region=amsterdam",
    "/support/?region=rotterdam&need=housing",
    "/support/?town=Utrecht",
    "/support/?region=amsterdam&need=debts",
    "/support/?town=Tilburg&need=work",
]


class KoersUser(HttpUser):
    abstract = True
    wait_time = between(0.1, 0.5)
    role: str | None = None

    def on_start(self) -> None:
        self.client.base_url = next(_next_host)
        self.host_header = self.client.base_url.split("://", 1)[1]
        self.csrf = secrets.token_hex(16)
        cookies = {CONFIG.get("csrf_cookie", "csrftoken"): self.csrf}
        if self.role:
            cookies[CONFIG.get("session_cookie", "sessionid")] = CONFIG["sessions"][self.role]
        self.cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())

    def headers(self, path: str) -> dict[str, str]:
        return {
            "X-Forwarded-Proto": "https",
            "Cookie": self.cookie,
            "Referer": f"https://{self.host_header}{path}",
        }

    def get(self, path: str, name: str) -> None:
        self.client.get(path, headers=self.headers(path), name=name, allow_redirects=False)

    def post(self, path: str, data: dict, name: str) -> None:
        headers = {**self.headers(path), "X-CSRFToken": self.csrf}
        with self.client.post(
            path, data=data, headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code not in (200, 302):
                response.failure(f"status {response.status_code}")


class Visitor(KoersUser):
    weight = 6

    @task(3)
    def home(self) -> None:
        self.get("/", "home")

    @task(5)
    def search(self) -> None:
        self.get(random.choice(SEARCHES), "search")  # noqa: S311

    @task(2)
    def selfcheck(self) -> None:
        self.get("/check/", "self-check")

    @task(1)
    def topics(self) -> None:
        self.get("/check/information/", "topics")

    @task(1)
    def contact_form(self) -> None:
        self.get("/contact/", "contact form")


class Professional(KoersUser):
    weight = 2
    role = "professional"

    @task(2)
    def my_clients(self) -> None:
        self.get("/clients/", "my clients")

    @task(3)
    def client_page(self) -> None:
        client_id = random.choice(CONFIG.get("client_ids") or [0])  # noqa: S311
        self.get(f"/clients/{client_id}/", "client page")


class Member(KoersUser):
    weight = 1
    role = "member"

    @task(1)
    def warnings(self) -> None:
        self.get("/safety/warnings/", "warnings")

    @task(2)
    def number_check(self) -> None:
        self.post("/safety/check/", {"number": f"06 {random.randrange(10**8):08d}"}, "number check")  # noqa: S311


class Analyst(KoersUser):
    weight = 1
    role = "analyst"

    @task
    def dashboard(self) -> None:
        self.get("/monitoring/", "dashboard")


# --- the runner --------------------------------------------------------------------------------


@dataclass
class LoadOutcome:
    requests: int
    errors: int
    throughput: float
    p50: float
    p95: float
    table: str

    @property
    def summary(self) -> str:
        return (
            f"{self.requests} requests, {self.errors} errors, {self.throughput:.1f} req/s, "
            f"p50 {self.p50:.0f} ms, p95 {self.p95:.0f} ms"
        )


def run_load(hosts: list[str], users: int, seconds: int, config: dict, work: Path, env: dict):
    config_path = work / "load-config.json"
    config_path.write_text(json.dumps(config))
    prefix = work / "load"
    command = [
        sys.executable, "-m", "locust", "-f", __file__, "--headless",
        "--users", str(users), "--spawn-rate", str(max(1, users // 5)),
        "--run-time", f"{seconds}s", "--host", hosts[0], "--csv", str(prefix),
        "--only-summary", "--stop-timeout", "5",
    ]  # fmt: skip
    child_env = {**env, "KOERS_LOAD_HOSTS": ",".join(hosts), "KOERS_LOAD_CONFIG": str(config_path)}
    subprocess.run(  # noqa: S603
        command,
        check=False,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    )
    rows = list(csv.DictReader((work / "load_stats.csv").open()))
    lines = [f"{'request':<16} {'count':>7} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7}"]
    total = {}
    for row in rows:
        lines.append(
            f"{row['Name'][:16]:<16} {row['Request Count']:>7} {row['Failure Count']:>6} "
            f"{row['50%']:>7} {row['95%']:>7} {float(row['Requests/s']):7.1f}"
        )
        if row["Name"] == "Aggregated":
            total = row
    failures = (
        (work / "load_failures.csv").read_text() if (work / "load_failures.csv").exists() else ""
    )
    table = "\n".join(lines) + ("\n" + failures if failures.count("\n") > 1 else "")
    return LoadOutcome(
        requests=int(total.get("Request Count", 0)),
        errors=int(total.get("Failure Count", 0)),
        throughput=float(total.get("Requests/s", 0)),
        p50=float(total.get("50%", 0) or 0),
        p95=float(total.get("95%", 0) or 0),
        table=table,
    )
