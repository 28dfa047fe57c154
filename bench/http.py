"""HTTP to gunicorn on loopback as the TLS proxy forwards it (X-Forwarded-Proto: https), with the
session cookie kept and the sign-in (password, then the authenticator code when asked) done through
the real forms."""

import http.client
import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from json import dumps
from urllib.parse import urlencode

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict
    seconds: float
    location: str = ""


@dataclass
class Session:
    port: int
    cookies: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)  # sent with every request (an API key)

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def request(
        self, method: str, path: str, form: dict | None = None, headers=None, json=None
    ) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        sent = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", **self.headers}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = b""
        if json is not None:
            body = dumps(json, ensure_ascii=False).encode()
            sent["Content-Type"] = "application/json"
        elif form is not None:
            body = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Referer"] = f"{self.origin}{path}"
            sent["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        sent.update(headers or {})
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        conn.close()
        return Reply(
            response.status,
            data,
            {k.lower(): v for k, v in response.headers.items()},
            seconds,
            response.headers.get("Location", ""),
        )

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post_form(self, path: str, values: dict) -> Reply:
        """POST a form of the page at `path` with its CSRF token and `values`."""
        page = self.get(path)
        token = CSRF.search(page.body.decode("utf-8", "replace"))
        if not token:
            raise RuntimeError(f"{path}: no form with a CSRF token (status {page.status})")
        return self.request("POST", path, {"csrfmiddlewaretoken": token.group(1), **values})

    def sign_in(self, username: str, password: str, code=None) -> None:
        """Sign in through /login/; `code()` gives the authenticator code when it is asked for."""
        reply = self.post_form("/login/", {"username": username, "password": password})
        if reply.status != 302:
            raise RuntimeError(f"sign-in of {username} failed: {reply.status}")
        landing = self.get("/")
        if "/core/security/code/" in landing.location and code is not None:
            reply = self.post_form("/core/security/code/", {"code": code()})
            if reply.status != 302 or "/security/" in reply.location:
                raise RuntimeError(f"authenticator code of {username} refused: {reply.status}")
        elif "/core/security/" in landing.location:
            raise RuntimeError(f"{username} is asked to set up two-factor sign-in")
