#!/usr/bin/env python3
"""The production path, end to end: what the Docker image and a deployment do, on this machine.

1. production settings (DEBUG=0, fresh SECRET_KEY and field keys, secure cookies, SSL redirect);
2. `migrate` into a fresh database (SMOKE_DATABASE_URL, else SQLite in a temporary directory); on
   PostgreSQL as the owner, then `db_roles`, and the web server connects as the application role
   that owns no table (docs/operations.md), as in docker-compose;
3. `collectstatic` with the manifest storage (fails on a file a stylesheet or script names but
   the tree lacks);
4. gunicorn started on a free port, spoken to as the TLS proxy would (X-Forwarded-Proto: https);
5. the health check, the login page, a hashed static asset (with its long cache header), a sign-in
   with the CSRF token, signed-in pages rendered; then gunicorn is stopped.

Run: `make smoke` (CI runs it on every change). Exit status 0 only when every step passed.
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = secrets.token_urlsafe(16)
SIGNED_IN_PAGES = ["/", "/experts/", "/events/"]


def step(message: str) -> None:
    print(f"smoke: {message}", flush=True)


def fail(message: str) -> None:
    print(f"smoke: FAILED: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        fail(f"manage.py {' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


class Client:
    """HTTP as the TLS proxy forwards it: plain HTTP to gunicorn, X-Forwarded-Proto: https."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        conn.request(method, path, body=body.encode(), headers=sent)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if "secure" not in header.lower():
                    fail(f"cookie {name} is not marked Secure")
                self.cookies[name] = morsel.value
        conn.close()
        return response, data


def wait_for(client: Client, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail(f"gunicorn exited with {process.returncode}")
        try:
            response, _ = client.request("GET", "/healthz/")
            if response.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    fail("gunicorn did not answer /healthz/ within 60 s")


def check_pages(client: Client) -> None:
    response, body = client.request("GET", "/login/")
    if response.status != 200:
        fail(f"login page answered {response.status}")
    html = body.decode()
    policy = response.getheader("Content-Security-Policy") or ""
    script_src = next((d for d in policy.split(";") if d.strip().startswith("script-src")), "")
    if not script_src or "unsafe-inline" in script_src:
        fail(f"Content-Security-Policy without a strict script-src: {policy!r}")
    if "max-age=" not in (response.getheader("Strict-Transport-Security") or ""):
        fail("no Strict-Transport-Security header over HTTPS")
    step("login page 200 (strict CSP, HSTS)")

    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    if not assets:
        fail("the login page links no static asset")
    hashed = [a for a in assets if re.search(r"\.[0-9a-f]{12}\.(?:css|js)$", a)]
    if len(hashed) != len(assets):
        fail(f"static assets without a content hash: {sorted(set(assets) - set(hashed))}")
    for asset in assets:
        response, data = client.request("GET", asset)
        if response.status != 200 or not data:
            fail(f"{asset} answered {response.status}")
        if "max-age=315360000" not in (response.getheader("Cache-Control") or ""):
            fail(f"{asset} is not served with a long cache lifetime")
    step(f"{len(assets)} static assets 200 (hashed names, cached for a year)")

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not token:
        fail("no CSRF token on the login page")
    form = f"csrfmiddlewaretoken={token.group(1)}&username=smoke&password={PASSWORD}"
    response, _ = client.request(
        "POST",
        "/login/",
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": client.origin,
            "Referer": f"{client.origin}/login/",
        },
    )
    if response.status != 302 or "sessionid" not in client.cookies:
        fail(f"sign-in answered {response.status} without a session")
    step("signed in")

    for path in SIGNED_IN_PAGES:
        response, data = client.request("GET", path)
        if response.status != 200:
            fail(f"{path} answered {response.status} to a signed-in user")
        if b"smoke" not in data:
            fail(f"{path} does not show the signed-in user")
    step(f"signed-in pages 200: {', '.join(SIGNED_IN_PAGES)}")


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="kol-smoke-"))
    port = free_port()
    env = {
        "PATH": f"{Path(PYTHON).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(workdir),
        "DJANGO_SETTINGS_MODULE": "kolplatform.settings",
        "DEBUG": "0",
        "TESTING": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": secrets.token_urlsafe(32),
        "DATABASE_URL": os.environ.get("SMOKE_DATABASE_URL")
        or f"sqlite:///{workdir / 'db.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
    }
    for name in ("LANG", "LC_ALL"):
        if name in os.environ:
            env[name] = os.environ[name]
    engine = env["DATABASE_URL"].split(":", 1)[0]
    process = None
    try:
        step(f"production settings, {engine} database, port {port}")
        manage(env, "check", "--deploy", "--fail-level", "WARNING")
        step("check --deploy clean")
        manage(env, "migrate", "--noinput")
        step("migrated")
        manage(env, "collectstatic", "--noinput")
        count = sum(1 for p in Path(env["STATIC_ROOT"]).rglob("*") if p.is_file())
        step(f"collectstatic: {count} files")
        web_env = dict(env)
        if engine.startswith("postgres"):
            role = urlsplit(env["DATABASE_URL"]).path.strip("/") + "_app"
            owner_env = dict(env, DATABASE_APP_ROLE=role, DATABASE_APP_PASSWORD=PASSWORD)
            manage(owner_env, "db_roles")
            parts = urlsplit(env["DATABASE_URL"])
            netloc = f"{role}:{PASSWORD}@{parts.hostname}:{parts.port or 5432}"
            web_env["DATABASE_URL"] = urlunsplit(parts._replace(netloc=netloc))
            step(f"web connects as {role}, which owns no table")
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth.models import Group\n"
            "from kolplatform.core.models import User\n"
            f"u = User.objects.create_user('smoke', password='{PASSWORD}')\n"
            "u.groups.add(Group.objects.get(name='marketing_manager'))",
        )
        process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "kolplatform.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "60",
            ],
            cwd=BASE_DIR,
            env=web_env,
            start_new_session=True,
        )
        client = Client(port)
        wait_for(client, process)
        step("gunicorn up")
        check_pages(client)
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            step("gunicorn stopped")
        shutil.rmtree(workdir, ignore_errors=True)
    step("passed")


if __name__ == "__main__":
    main()
