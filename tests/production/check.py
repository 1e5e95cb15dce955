#!/usr/bin/env python
"""Koers as several hosts, on one machine: two app servers, a task worker and the scheduler,
all with production settings on PostgreSQL and a shared Redis, then checked from outside.

Run by ``scripts/production-check`` (which installs and starts PostgreSQL and Redis first).
Each check prints PASS or FAIL with what it saw; the exit status is 1 when any failed.

1. sessions: log in on A, continue on B (the session lives in the database and in Redis);
2. caches: search on B, edit the service through A's form, B's very next search shows it;
3. notifications: publish a warning on A, exactly one SMS per member told;
4. scheduler: two ``run_scheduled_jobs`` at once, each job runs once for the slot;
5. worker death: the worker is killed while the SMS gateway holds a message it has already
   sent; after the restart (and the scheduled redelivery) the member got it exactly once;
6. Redis down: A and B still serve pages and the logged-in member stays logged in; the log
   says why.

``--load SECONDS`` then runs the load test against both app servers (benchmarks/).

Why a script and not pytest: it starts and kills real processes (gunicorn, the worker) and
needs minutes, not the test database; CI runs it as its own stage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html.parser
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
MANAGE = [PYTHON, str(ROOT / "manage.py")]
PASSWORD = "koers-demo-2026"  # noqa: S105 - the demo data's published password
TOKEN = secrets.token_urlsafe(24)
MEMBER_PAGE = "/safety/warnings/"  # answers 200 only to a logged-in member
MEMBER_PHONES = [f"+3161000{index:04d}" for index in range(1, 6)]

results: list[tuple[str, bool, str]] = []


def say(message: str) -> None:
    print(message, flush=True)


def check(name: str, ok: bool, detail: str) -> bool:
    results.append((name, ok, detail))
    say(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
    return ok


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float, every: float = 0.3):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


# --- keys and certificates ------------------------------------------------------------------


def demanded_key_settings() -> list[str]:
    """Every ``*_KEYS`` setting the settings read from the environment (AUDIT_KEYS, …)."""
    names: set[str] = set()
    for path in (ROOT / "koers" / "settings").glob("*.py"):
        names.update(re.findall(r'env_list\("(\w+_KEYS)"', path.read_text()))
    return sorted(names)


def generated_keys() -> dict[str, str]:
    from cryptography.fernet import Fernet

    keys = {"SECRET_KEY": secrets.token_urlsafe(64)}
    for name in demanded_key_settings():
        if name == "FIELD_ENCRYPTION_KEYS":
            keys[name] = Fernet.generate_key().decode()
        else:
            keys[name] = secrets.token_urlsafe(48)
    return keys


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    import ipaddress

    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "gateway.crt", directory / "gateway.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


# --- a small browser: cookies, CSRF, forms -----------------------------------------------------


class FormParser(html.parser.HTMLParser):
    """The fields of every form on a page, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": []})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields.append((a["name"], ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            name, value = self.forms[-1]["fields"][-1]
            self.forms[-1]["fields"][-1] = (name, value + data)


class Browser:
    """Talks to any app server; the cookies go with the browser, not with one server."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, fields=None, timeout: float = 30):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        headers = {
            "Host": f"127.0.0.1:{port}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{port}{path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "max-age=0" in value.lower() or cookie_value in ('""', ""):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie_value
        connection.close()
        return response.status, response.getheader("Location") or "", content

    def get(self, port: int, path: str):
        return self.request(port, "GET", path)

    def forms(self, port: int, path: str) -> list[dict]:
        status, _, content = self.get(port, path)
        if status != 200:
            raise RuntimeError(f"GET {path} on {port} answered {status}")
        parser = FormParser()
        parser.feed(content)
        return parser.forms

    def login(self, port: int, username: str, totp_key: str | None = None) -> bool:
        forms = self.forms(port, "/account/login/")
        form = next(f for f in forms if any(n == "username" for n, _ in f["fields"]))
        fields = [(n, v) for n, v in form["fields"] if n not in ("username", "password")]
        fields += [("username", username), ("password", PASSWORD)]
        status, location, _ = self.request(port, "POST", "/account/login/", fields)
        if status != 302:
            return False
        if "/login/code/" in location and totp_key:
            from django_otp.oath import TOTP

            code = f"{TOTP(bytes.fromhex(totp_key)).token():06d}"
            forms = self.forms(port, "/account/login/code/")
            form = next(f for f in forms if any(n == "token" for n, _ in f["fields"]))
            fields = [(n, v) for n, v in form["fields"] if n != "token"] + [("token", code)]
            status, location, _ = self.request(port, "POST", "/account/login/code/", fields)
            return status == 302 and "/login/" not in location
        return "/login/" not in location


# --- the installation --------------------------------------------------------------------------


class Installation:
    def __init__(self, admin_url: str, work: Path) -> None:
        self.work = work
        self.admin_url = admin_url
        self.database = f"koers_prodcheck_{secrets.token_hex(4)}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}
        self.redis_port = free_port()
        self.gateway_port = free_port()
        self.ports = {"A": free_port(), "B": free_port()}
        cert, key = self_signed_certificate(work)
        self.cert, self.key = cert, key
        parsed = urllib.parse.urlparse(admin_url)
        database_url = parsed._replace(path=f"/{self.database}").geturl()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            **generated_keys(),
            "DJANGO_SETTINGS_MODULE": "koers.settings.production",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "SITE_URL": "https://koers.example.org",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "TRUST_X_FORWARDED_PROTO": "true",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(free_port()),  # nothing listens: mail fails and is retried
            "NOTIFICATION_SMS_BACKEND": "koers.notifications.backends.HttpSmsGatewayBackend",
            "SMS_GATEWAY_URL": f"https://127.0.0.1:{self.gateway_port}/send",
            "SMS_GATEWAY_TOKEN": TOKEN,
            "SMS_GATEWAY_TIMEOUT": "10",
            "SSL_CERT_FILE": str(cert),  # trust the stand-in gateway's certificate
            "OUTBOX_STALE_SECONDS": "5",
            "OUTBOX_RETRY_SECONDS": "2",
            "KOERS_VAR_DIR": str(work / "var"),
            "STATIC_ROOT": str(work / "static"),
            "LOG_LEVEL": "WARNING",
        }

    # processes

    def start(self, name: str, command: list[str], env: dict | None = None) -> None:
        log = self.work / f"{name}.log"
        self.logs[name] = log
        handle = log.open("ab")
        self.processes[name] = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=env or self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def log_text(self, name: str) -> str:
        path = self.logs.get(name)
        return path.read_text(errors="replace") if path and path.exists() else ""

    def manage(self, *args: str, settings: str | None = None) -> str:
        env = dict(self.env)
        if settings:
            env["DJANGO_SETTINGS_MODULE"] = settings
        result = subprocess.run(  # noqa: S603
            [*MANAGE, *args],
            check=False,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def start_redis(self) -> None:
        self.start(
            "redis",
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port", str(self.redis_port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.work),
            ],
        )  # fmt: skip
        wait_for(lambda: self._listening(self.redis_port), 10)

    def start_app_server(self, name: str) -> None:
        port = self.ports[name]
        self.start(
            f"app-{name}",
            [
                PYTHON, "-m", "gunicorn", "koers.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
                "--timeout", "60", "--graceful-timeout", "5", "--keep-alive", "30",
                "--control-socket", str(self.work / f"gunicorn-{name}.ctl"),
            ],
        )  # fmt: skip
        if not wait_for(lambda: self._listening(port), 60):
            raise RuntimeError(f"app server {name} did not start:\n{self.log_text('app-' + name)}")

    def start_worker(self) -> None:
        self.start("worker", [*MANAGE, "db_worker", "--interval", "0.2", "--no-startup-delay"])

    def start_scheduler(self) -> None:
        self.start("scheduler", [*MANAGE, "run_scheduler", "--interval", "2"])

    @staticmethod
    def _listening(port: int) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    # the database

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def create_database(self) -> None:
        self._admin(f'CREATE DATABASE "{self.database}"')

    def drop_database(self) -> None:
        try:
            self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        except Exception as exc:  # noqa: BLE001
            say(f"(could not drop {self.database}: {exc})")

    def gateway_state(self) -> dict:
        context = ssl.create_default_context(cafile=str(self.cert))
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.gateway_port, context=context, timeout=10
        )
        connection.request("GET", "/state")
        state = json.loads(connection.getresponse().read())
        connection.close()
        return state

    def gateway_delay(self, seconds: float) -> None:
        context = ssl.create_default_context(cafile=str(self.cert))
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.gateway_port, context=context, timeout=10
        )
        connection.request("POST", "/control", body=json.dumps({"delay": seconds}))
        connection.getresponse().read()
        connection.close()

    def shutdown(self) -> None:
        for name in list(self.processes):
            self.stop(name)


# --- the checks --------------------------------------------------------------------------------


def prepare_people() -> dict:
    """Known second-factor keys for the coordinator and moderator; members to be told."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from koers.accounts.models import User
    from koers.safety.models import MemberProfile
    from koers.safety.tests.factories import make_member, make_report

    keys = {}
    for username in ("coordinator", "moderator"):
        user = User.objects.get(username=username)
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="production-check", confirmed=True)
        keys[username] = device.key
    # Only our members are told in Amsterdam, so the count is exact.
    MemberProfile.objects.filter(regions__slug="amsterdam").update(notify_by="none")
    for index, phone in enumerate(MEMBER_PHONES):
        make_member(f"check-member-{index}", notify_by="sms", phone=phone)
    report = make_report()
    return {"keys": keys, "report": report.pk}


def check_sessions(inst: Installation, browser: Browser) -> None:
    a, b = inst.ports["A"], inst.ports["B"]
    logged_in = browser.login(a, "member")
    status, location, _ = browser.get(b, MEMBER_PAGE)
    ok = logged_in and status == 200
    import redis

    cached = redis.Redis(port=inst.redis_port).keys("*django.contrib.sessions.cache*")
    check(
        "sessions shared",
        ok and bool(cached),
        f"logged in on A: {logged_in}; B answered {status} {location or ''}; "
        f"{len(cached)} session(s) in the shared Redis",
    )


def check_search_after_edit(inst: Installation, keys: dict) -> None:
    from koers.directory.models import Service

    a, b = inst.ports["A"], inst.ports["B"]
    # A service of the coordinator's that B's first result page for its region shows (the
    # page is cached in the shared Redis from here on).
    found = None
    for service in Service.objects.filter(
        organisation__memberships__user__username="coordinator"
    ).order_by("pk")[:20]:
        for region in service.regions.order_by("pk")[:3]:
            query = f"/support/?region={region.slug}"
            _, _, before = Browser().get(b, query)
            if escape(service.name_nl) in before:
                found = service, query, before
                break
        if found:
            break
    if not found:
        check("edit on A, search on B", False, "no service of the coordinator's found on B")
        return
    service, query, before = found
    old_name = escape(service.name_nl)
    coordinator = Browser()
    if not coordinator.login(a, "coordinator", keys["coordinator"]):
        check("edit on A, search on B", False, "the coordinator could not log in on A")
        return
    edit_path = f"/support/manage/services/{service.pk}/"
    form = max(coordinator.forms(a, edit_path), key=lambda f: len(f["fields"]))
    new_name = f"Check {secrets.token_hex(3)} hulp"
    # Verified today as well, so the renamed service sorts first in its tier (results are
    # ordered by tier, then most recently verified).
    changes = {"name_nl": new_name, "verified_on": dt.date.today().isoformat()}
    fields = [(n, changes.get(n, v)) for n, v in form["fields"]]
    status, location, page = coordinator.request(a, "POST", edit_path, fields)
    service.refresh_from_db()
    stored = service.name_nl == new_name
    _, _, after = Browser().get(b, query)
    check(
        "edit on A, search on B",
        status == 302 and new_name not in before and new_name in after,
        f"edit answered {status} {location}, stored: {stored}; B's search showed the new "
        f"name before: {new_name in before}, after: {new_name in after} (old name after: "
        f"{old_name in after}; A's search shows it: {new_name in Browser().get(a, query)[2]})",
    )


def check_warning_notifications(inst: Installation, keys: dict, report_pk: int) -> None:
    from koers.outbox.models import OutboundMessage
    from koers.regions.models import Region

    a = inst.ports["A"]
    moderator = Browser()
    if not moderator.login(a, "moderator", keys["moderator"]):
        check("one notification per member", False, "the moderator could not log in on A")
        return
    path = f"/safety/moderation/reports/{report_pk}/"
    forms = moderator.forms(a, path)
    form = max(forms, key=lambda f: len(f["fields"]))
    fields = [(n, v) for n, v in form["fields"] if n not in ("decision", "regions", "warning_text")]
    fields += [
        ("decision", "publish"),
        ("warning_text", "Betaalt niet."),
        ("regions", str(Region.objects.get(slug="amsterdam").pk)),
    ]
    started = time.monotonic()
    status, _, _ = moderator.request(a, "POST", path, fields)
    took = time.monotonic() - started

    def delivered():
        sent = [m["to"] for m in inst.gateway_state()["sent"] if m["key"].startswith("safety.")]
        return sent if len(sent) >= len(MEMBER_PHONES) else None

    sent = wait_for(delivered, 60) or [
        m["to"] for m in inst.gateway_state()["sent"] if m["key"].startswith("safety.")
    ]
    time.sleep(3)  # anything sent twice would arrive now
    sent = [m["to"] for m in inst.gateway_state()["sent"] if m["key"].startswith("safety.")]
    counts = Counter(sent)
    rows = OutboundMessage.objects.filter(key__startswith="safety.warning:").count()
    check(
        "one notification per member",
        status == 302
        and sorted(counts) == sorted(MEMBER_PHONES)
        and set(counts.values()) == {1}
        and rows == len(MEMBER_PHONES),
        f"publish answered {status} in {took:.2f}s; gateway sent {len(sent)} to "
        f"{len(counts)} numbers (max {max(counts.values(), default=0)} each); outbox rows {rows}",
    )


def check_two_schedulers(inst: Installation) -> None:
    from koers.scheduling.jobs import JOBS
    from koers.scheduling.models import JobRun

    command = [*MANAGE, "run_scheduled_jobs"]
    runs = [
        subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=inst.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    skipped = sum(out.count("skipped ") for out in outputs)
    per_job = Counter(JobRun.objects.values_list("job", flat=True))
    ok = all(per_job[job.command] == 1 for job in JOBS) and skipped == len(JOBS)
    check(
        "two schedulers at once",
        ok,
        f"runs per job: {dict(per_job)}; skipped by the other scheduler: {skipped}; "
        f"exit codes {[run.returncode for run in runs]}",
    )


def check_worker_death(inst: Installation) -> None:
    from koers.outbox.models import OutboundMessage
    from koers.outbox.services import queue

    key = f"production-check:{secrets.token_hex(4)}"
    inst.gateway_delay(6)
    queue("sms", "+31610009999", "Koers", "Er is een nieuw bericht.", key=key)

    def reached_gateway():
        return any(r["key"] == key for r in inst.gateway_state()["requests"])

    reached = wait_for(reached_gateway, 30)
    inst.stop("worker", signal.SIGKILL)  # dies holding a sent but unconfirmed message
    inst.gateway_delay(0)
    status_after_kill = OutboundMessage.objects.get(key=key).status
    inst.start_worker()
    inst.start_scheduler()

    def settled():
        return OutboundMessage.objects.get(key=key).status == "sent"

    done = wait_for(settled, 150, every=1)
    state = inst.gateway_state()
    requests = sum(1 for r in state["requests"] if r["key"] == key)
    sent = sum(1 for m in state["sent"] if m["key"] == key)
    check(
        "worker killed mid-send",
        bool(reached) and status_after_kill == "sending" and bool(done) and sent == 1,
        f"reached the gateway: {bool(reached)}; after the kill: {status_after_kill}; "
        f"settled as sent: {bool(done)}; gateway requests {requests}, sent {sent}",
    )


def check_redis_down(inst: Installation, member: Browser) -> None:
    inst.stop("redis")
    answers = []
    for name in ("A", "B"):
        port = inst.ports[name]
        answers.append(Browser().get(port, "/support/?region=amsterdam")[0])
        answers.append(Browser().get(port, "/")[0])
        answers.append(member.get(port, MEMBER_PAGE)[0])
    logged = "Redis cache unavailable" in inst.log_text("app-A") + inst.log_text("app-B")
    inst.start_redis()
    check(
        "Redis down",
        set(answers) == {200} and logged,
        f"answers with Redis stopped {answers} (member still logged in where 200); "
        f"log line: {logged}",
    )


def check_load(inst: Installation, users: int, seconds: int) -> None:
    """The project's load test (benchmarks/load.py, locust) against both app servers."""
    hosts = [f"http://127.0.0.1:{inst.ports[name]}" for name in ("A", "B")]
    runner = ROOT / "benchmarks" / "load.py"
    command = [PYTHON, str(runner), "--users", str(users), "--duration", str(seconds)]
    for host in hosts:
        command += ["--host", host]
    result = subprocess.run(  # noqa: S603
        command,
        check=False,
        cwd=ROOT,
        env=inst.env,
        capture_output=True,
        text=True,
        timeout=seconds + 600,
    )
    say(result.stdout[-6000:])
    if result.returncode != 0:
        say(result.stderr[-3000:])
    summary = next(
        (line.strip() for line in reversed(result.stdout.splitlines()) if "req/s" in line), ""
    )
    check("load", result.returncode == 0, summary or f"exit {result.returncode}")


# Limits raised for a load test only (many users behind one loopback address).
LOAD_ENVIRONMENT = {
    "TRUSTED_PROXY_COUNT": "1",
    "SAFETY_CHECKS_PER_HOUR": "1000000",
    "SAFETY_CHECKS_PER_DAY": "1000000",
    "CONTACT_REQUESTS_PER_HOUR": "1000",
    "CONTACT_STATUS_CHECKS_PER_HOUR": "1000",
}


# --- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 - one readable sequence
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--admin-url",
        default=os.environ.get(
            "PRODUCTION_CHECK_DATABASE_URL", "postgres://koers:koers@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL URL of a role that may CREATE DATABASE",
    )
    parser.add_argument("--load", type=int, default=0, metavar="SECONDS", help="then load test")
    parser.add_argument("--users", type=int, default=50, help="load-test users")
    parser.add_argument("--keep", action="store_true", help="leave the servers running")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="koers-production-check-"))
    inst = Installation(args.admin_url, work)
    if args.load:
        inst.env.update(LOAD_ENVIRONMENT)
    started = time.monotonic()
    try:
        say(f"database {inst.database}, Redis :{inst.redis_port}, work dir {work}")
        inst.create_database()
        inst.start_redis()
        inst.start(
            "gateway",
            [PYTHON, str(Path(__file__).with_name("fake_sms_gateway.py")),
             str(inst.gateway_port), str(inst.cert), str(inst.key), TOKEN],
        )  # fmt: skip
        inst.manage("migrate", "--noinput", "-v0")
        inst.manage("demo_data", "--no-progress", settings="koers.settings.local")
        inst.manage("collectstatic", "--noinput", "-v0")
        say(f"installed in {time.monotonic() - started:.0f}s")

        os.environ.update(inst.env)
        import django

        django.setup()
        people = prepare_people()

        inst.start_app_server("A")
        inst.start_app_server("B")
        inst.start_worker()
        say(f"A :{inst.ports['A']}, B :{inst.ports['B']}, worker and gateway running")

        member = Browser()
        check_sessions(inst, member)
        check_search_after_edit(inst, people["keys"])
        check_warning_notifications(inst, people["keys"], people["report"])
        check_two_schedulers(inst)
        check_worker_death(inst)
        check_redis_down(inst, member)

        if args.load:
            check_load(inst, args.users, args.load)
        if args.keep:
            say("servers left running; press Ctrl+C to stop")
            while True:
                time.sleep(60)
    except KeyboardInterrupt:
        pass
    except Exception as exc:  # noqa: BLE001 - report, then clean up
        check("harness", False, f"{exc.__class__.__name__}: {exc}")
        for name in inst.logs:
            tail = inst.log_text(name)[-1500:]
            if tail.strip():
                say(f"--- {name} log (tail)\n{tail}")
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001,S110 - Django may not be set up
            pass
        inst.shutdown()
        inst.drop_database()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    failed = [name for name, ok, _ in results if not ok]
    say(
        f"\n{len(results) - len(failed)}/{len(results)} checks passed in "
        f"{time.monotonic() - started:.0f}s" + (f"; FAILED: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
