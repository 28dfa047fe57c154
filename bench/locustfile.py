"""The load test's users (run by bench/loadtest.py, which writes the plan in LOADTEST_PLAN):

- staff (most users): marketing managers and field staff browsing the expert and event lists,
  event pages, expert profiles and the dashboard;
- an approver deciding the pending budget approvals of the inbox one after another;
- a KOL opening the cabinet and signing a document with the one-time code mailed to them;
- participants of one meeting (200 by default), each from their own phone (own address behind
  the proxy), opening the survey and sending it once, all within the first minute.

Requests go through bench.http.Session (it keeps the Secure cookies over the loopback HTTP that
the TLS proxy would forward) and are reported to locust as they complete."""

import json
import os
import random
import re
import time

from locust import User, between, constant, events, task

from bench.http import Session

with open(os.environ["LOADTEST_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)
PASSWORD = PLAN["password"]
PORT = PLAN["port"]


def fire(user, kind: str, name: str, started: float, reply=None, error=None) -> None:
    events.request.fire(
        request_type=kind,
        name=name,
        response_time=(time.perf_counter() - started) * 1000,
        response_length=len(reply.body) if reply else 0,
        exception=error,
        context={},
    )


def call(user, kind: str, name: str, do, ok=(200, 302)):
    started = time.perf_counter()
    try:
        reply = do()
    except Exception as exc:  # a refused connection is an error of the run, not of the test
        fire(user, kind, name, started, error=exc)
        return None
    error = None if reply.status in ok else RuntimeError(f"{name}: HTTP {reply.status}")
    fire(user, kind, name, started, reply, error)
    return reply


def signed_in(user, username: str) -> Session:
    """A session of `username`: the one bench/loadtest.py signed in before the run (people at
    work are signed in already; 50 password hashes in the first second are not the day's load),
    else a sign-in through the form, recorded as its own request."""
    session = Session(PORT)
    cookies = PLAN.get("cookies", {}).get(username)
    if cookies:
        session.cookies = dict(cookies)
    else:
        call(user, "POST", "sign-in", lambda: session.sign_in(username, PASSWORD) or _ok())
    return session


class Staff(User):
    weight = 20
    wait_time = between(1, 3)

    def on_start(self):
        username = random.choice(sorted(PLAN["staff"]))
        self.events = PLAN["staff"][username] or [0]
        self.session = signed_in(self, username)

    def get(self, name, path):
        call(self, "GET", name, lambda: self.session.get(path), ok=(200,))

    @task(4)
    def experts(self):
        self.get("/experts/", "/experts/")

    @task(2)
    def expert(self):
        self.get("/experts/[id]/", f"/experts/{random.choice(PLAN['experts'])}/")

    @task(4)
    def events_list(self):
        self.get("/events/", "/events/")

    @task(2)
    def event(self):
        self.get("/events/[id]/", f"/events/{random.choice(self.events)}/")

    @task(2)
    def dashboard(self):
        self.get("/analytics/", f"/analytics/?year={PLAN['year']}")


class _Ok:
    status = 200
    body = b""


def _ok():
    return _Ok()


class Approver(User):
    fixed_count = 1
    wait_time = between(2, 5)

    def on_start(self):
        self.pending = list(PLAN["pending"])
        random.shuffle(self.pending)
        self.session = signed_in(self, PLAN["approver"])

    @task
    def decide(self):
        call(self, "GET", "/core/approvals/", lambda: self.session.get("/core/approvals/"), (200,))
        if not self.pending:
            return
        pk, step = self.pending.pop()
        form = {"decision": "approve", "comment": "", "step": step}
        path = f"/core/approvals/{pk}/decide/"
        call(
            self,
            "POST",
            "/core/approvals/[id]/decide/",
            lambda: self.session.request("POST", path, form),
        )


class Kol(User):
    fixed_count = 1
    wait_time = between(3, 6)

    def on_start(self):
        self.documents = list(PLAN["documents"])
        self.session = signed_in(self, PLAN["kol"])

    @task
    def sign(self):
        call(self, "GET", "/contracts/cabinet/", lambda: self.session.get("/contracts/cabinet/"))
        if not self.documents:
            return
        doc = self.documents.pop()
        page = f"/contracts/documents/{doc}/"
        call(self, "GET", "/contracts/documents/[id]/", lambda: self.session.get(page), (200,))
        sent_at = time.time()
        call(
            self,
            "POST",
            "/contracts/documents/[id]/code/",
            lambda: self.session.request("POST", f"/contracts/documents/{doc}/code/", {}),
        )
        code = read_code(PLAN["kol_email"], after=sent_at)
        call(
            self,
            "POST",
            "/contracts/documents/[id]/sign/",
            lambda: self.session.request(
                "POST", f"/contracts/documents/{doc}/sign/", {"code": code or "000000"}
            ),
        )


CODE = re.compile(r"\b(\d{6})\b")


def read_code(email: str, *, after: float) -> str | None:
    """The one-time code of the newest mail to `email` written after `after` (file e-mail)."""
    folder = PLAN["mail_dir"]
    for _ in range(50):
        mails = sorted((os.path.join(folder, n) for n in os.listdir(folder)), key=os.path.getmtime)
        for path in reversed(mails):
            if os.path.getmtime(path) < after:
                break
            with open(path, encoding="utf-8", errors="replace") as mail:
                text = mail.read()
            if email in text and (match := CODE.search(text.split("\n\n", 1)[-1])):
                return match.group(1)
        time.sleep(0.1)
    return None


class Participant(User):
    """One phone at the meeting: opens the survey once and sends it once."""

    fixed_count = int(os.environ.get("LOADTEST_PARTICIPANTS", "200"))
    wait_time = constant(3600)

    def on_start(self):
        self.session = Session(PORT)
        ip = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
        self.headers = {"X-Forwarded-For": ip}
        time.sleep(random.uniform(0, 50))  # people answer over the minute after the talk

    @task
    def answer(self):
        path = f"/feedback/s/{PLAN['survey']['token']}/"
        page = call(
            self,
            "GET",
            "/feedback/s/[token]/",
            lambda: self.session.request("GET", path, headers=self.headers),
            (200,),
        )
        if page is None:
            return
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        form = {"csrfmiddlewaretoken": token.group(1).decode() if token else ""}
        for key, kind in PLAN["survey"]["items"]:
            form[key] = {"rating": "5", "nps": "9"}.get(kind, "Полезный доклад")
        call(
            self,
            "POST",
            "/feedback/s/[token]/ (send)",
            lambda: self.session.request("POST", path, form, headers=self.headers),
            (302,),
        )
