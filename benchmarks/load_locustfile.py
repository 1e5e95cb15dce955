"""The load test's users (locust), started by ``benchmarks/load.py``; not run on its own.

Three kinds of visitor in a realistic mix, each waiting 1–3 s between actions like a person
reading a page:

- anonymous visitors: home, directory searches, the self-check to its result, topic
  information, a contact request to a service (form, then send);
- professionals: my clients, client pages (every one an audited read), the overdue list,
  the dashboard, the contact inbox;
- members: warnings, number checks single and bulk, their dashboard.

Configuration comes from environment variables set by ``load.py``: ``KOERS_LOAD_HOSTS``
(comma-separated base URLs; users are spread over them round-robin, so two app servers get
half each), ``KOERS_LOAD_SESSIONS`` (a JSON file: session keys per role), and the cookie
names. Cookies are kept by hand: production marks them Secure, and the load test talks
plain HTTP on loopback with ``X-Forwarded-Proto: https`` as a TLS proxy would.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

HOSTS = [host for host in os.environ.get("KOERS_LOAD_HOSTS", "").split(",") if host]
SESSION_COOKIE = os.environ.get("KOERS_LOAD_SESSION_COOKIE", "__Host-sessionid")
CSRF_COOKIE = os.environ.get("KOERS_LOAD_CSRF_COOKIE", "__Host-csrftoken")
_host_cycle = itertools.cycle(HOSTS or ["http://127.0.0.1:8000"])
_address_counter = itertools.count(1)

TOWNS = ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Zwolle"]
NEEDS = ["housing", "work_income", "education", "debts", "mental_health", "budgeting"]
NUMBERS = ["06 12345678", "+31 6 87654321", "0612312312", "+32 470 12 34 56", "06-11223344"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CLIENT_LINK = re.compile(r'href="/clients/(\d+)/"')
SERVICE_LINK = re.compile(r"/contact/\?service=(\d+)")


def _sessions() -> dict[str, list[str]]:
    path = os.environ.get("KOERS_LOAD_SESSIONS")
    if not path:
        return {}
    with open(path) as handle:
        return json.load(handle)


SESSIONS = _sessions()
_session_cycles = {role: itertools.cycle(keys) for role, keys in SESSIONS.items() if keys}


class KoersUser(HttpUser):
    """Base: one host and one (fake) visitor address per user, cookies kept by hand."""

    abstract = True
    wait_time = between(1, 3)
    role = ""

    def on_start(self) -> None:
        self.base = next(_host_cycle)
        self.client.base_url = self.base
        number = next(_address_counter)
        # Each simulated person comes from their own address (Koers sits behind one proxy
        # in the load test), so per-address limits apply per person, as in real life.
        self.headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
        }
        self.cookies: dict[str, str] = {}
        if self.role:
            self.cookies[SESSION_COOKIE] = next(_session_cycles[self.role])

    def request(self, method: str, path: str, name: str, data=None, expect=(200,), shows: str = ""):
        headers = dict(self.headers)
        if method == "POST":
            headers["Referer"] = "https://" + self.base.split("://", 1)[1] + path
        with self.client.request(
            method,
            path,
            name=name,
            data=data,
            headers=headers,
            cookies=self.cookies,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            for cookie, value in response.cookies.items():
                self.cookies[cookie] = value
            self.client.cookies.clear()
            text = response.text or ""
            if response.status_code == 0:
                response.failure(f"no answer: {response.error!r}")
            elif response.status_code not in expect:
                response.failure(f"status {response.status_code}")
            elif method == "POST" and response.status_code == 200 and "errorlist" in text:
                response.failure("the form was refused")  # a POST that did nothing
            elif shows and shows not in text:
                response.failure(f"the page lacks {shows!r}")
            else:
                response.success()
            return response

    def get(self, path: str, name: str, expect=(200,)):
        return self.request("GET", path, name, expect=expect)

    def post_form(
        self,
        form_path: str,
        data: dict,
        name: str,
        expect=(200, 302),
        post_path: str = "",
        shows: str = "",
    ):
        """GET the form (for its CSRF token), then POST it like a browser (to ``post_path``
        when the form sends elsewhere). ``shows``: text the answer must contain."""
        page = self.get(form_path, f"{name} (form)")
        match = CSRF_INPUT.search(page.text or "")
        return self.request(
            "POST",
            post_path or form_path,
            name,
            data={**data, "csrfmiddlewaretoken": match.group(1) if match else ""},
            expect=expect,
            shows=shows,
        )


class Visitor(KoersUser):
    """Someone looking for support, anonymous."""

    weight = 5

    @task(3)
    def home(self) -> None:
        self.get("/", "home")

    @task(4)
    def search(self) -> None:
        town, need = random.choice(TOWNS), random.choice(NEEDS)
        page = self.get(f"/support/?town={town}&need={need}", "directory search")
        services = SERVICE_LINK.findall(page.text or "")
        if services and random.random() < 0.3:
            self.get(f"/contact/?service={random.choice(services)}", "contact form")

    @task(2)
    def selfcheck(self) -> None:
        answers = {
            "situation": random.choice(["doing", "considering", "changing"]),
            "direction": random.choice(["within", "outside", "not_sure"]),
            "needs": random.sample(NEEDS, 2),
            "unsafe": "no",
            "town": random.choice(TOWNS),
        }
        self.post_form(
            "/check/",
            answers,
            "self-check result",
            expect=(200,),
            post_path="/check/result/",
            shows="selfcheck-change",
        )

    @task(1)
    def topics(self) -> None:
        self.get("/check/information/", "topic information")

    @task(1)
    def contact_request(self) -> None:
        page = self.get(f"/support/?town={random.choice(TOWNS)}", "directory search")
        services = SERVICE_LINK.findall(page.text or "")
        target = f"/contact/?service={random.choice(services)}" if services else "/contact/"
        self.post_form(
            target,
            {
                "work_name": "Load test",
                "channel": "email",
                "email": f"load{random.randrange(10**6)}@example.org",
                "language": "nl",
                "message": "Please contact me (load test).",
                "token": f"load-{random.randrange(10**12)}",
            },
            "contact request (send)",
            expect=(200,),
            shows="contact-code",
        )


class Professional(KoersUser):
    """A professional working through their caseload."""

    weight = 3
    role = "professional"

    def on_start(self) -> None:
        super().on_start()
        page = self.get("/clients/", "my clients")
        self.client_ids = CLIENT_LINK.findall(page.text or "") or []

    @task(4)
    def my_clients(self) -> None:
        page = self.get("/clients/", "my clients")
        self.client_ids = CLIENT_LINK.findall(page.text or "") or self.client_ids

    @task(6)
    def client_page(self) -> None:
        if self.client_ids:
            self.get(f"/clients/{random.choice(self.client_ids)}/", "client page")

    @task(1)
    def overdue(self) -> None:
        self.get("/clients/overdue/", "overdue contacts")

    @task(2)
    def dashboard(self) -> None:
        self.get("/account/", "dashboard")


class Adviser(KoersUser):
    """The confidential adviser reading the contact inbox."""

    weight = 1
    role = "adviser"

    @task
    def inbox(self) -> None:
        self.get("/contact/inbox/", "contact inbox")

    @task
    def dashboard(self) -> None:
        self.get("/account/", "dashboard")


class Member(KoersUser):
    """A sex-worker member checking warnings and numbers."""

    weight = 2
    role = "member"

    @task(3)
    def warnings(self) -> None:
        self.get("/safety/warnings/", "member warnings")

    @task(3)
    def number_check(self) -> None:
        self.post_form("/safety/check/", {"number": random.choice(NUMBERS)}, "number check")

    @task(1)
    def bulk_check(self) -> None:
        numbers = "\n".join(random.sample(NUMBERS, 3) + [NUMBERS[0]])
        self.post_form("/safety/check/bulk/", {"numbers": numbers}, "number check (bulk)")

    @task(1)
    def member_home(self) -> None:
        self.get("/safety/member/", "member home")


USER_CLASSES = [Visitor, Professional, Adviser, Member]
