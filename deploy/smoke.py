"""Smoke test of a running deployment (deploy/one-machine.sh smoke): pages, login, lockout-free wrong
password, 2FA enforcement, security events, static files, a Celery round trip, beat alive.

Runs with the deployment's environment (production settings). It talks HTTP to gunicorn as nginx would
(X-Forwarded-Proto: https), keeps cookies itself (secure cookies over a plain loopback socket) and
creates two smoke accounts with fresh random passwords each run.
"""

from __future__ import annotations

import argparse
import http.client
import re
import secrets
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlparse

import django

FAILURES: list[str] = []


def check(ok: bool, what: str) -> None:
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


class Browser:
    def __init__(self, base: str):
        url = urlparse(base)
        self.host, self.port, self.origin = url.hostname, url.port, f"https://{url.hostname}:{url.port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, https: bool = True):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "shouhu-smoke"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(form)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": self.origin,
                    "Referer": self.origin + path,
                }
            )
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response, text

    def login(self, username: str, password: str):
        self.request("GET", "/login/")
        return self.request("POST", "/login/", {"username": username, "password": password, "next": "/"})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--run-dir", required=True)
    args = parser.parse_args()
    run = Path(args.run_dir)

    django.setup()
    from axes.utils import reset
    from django.utils import timezone

    from shouhu.accounts.models import SecurityEvent, User
    from shouhu.core.roles import Role
    from shouhu.core.tasks import ping

    started = timezone.now()
    accounts = {}
    for username, role, division in (
        ("smoke_reviewer", Role.REVIEWER, "430100"),
        ("smoke_admin", Role.PLATFORM_ADMIN, ""),
    ):
        password = "Smoke-" + secrets.token_urlsafe(12)
        user, _ = User.objects.get_or_create(
            username=username, defaults={"role": role, "division_code": division}
        )
        user.set_password(password)
        user.save()
        reset(username=username)
        accounts[username] = password

    b = Browser(args.base)
    response, _ = b.request("GET", "/login/", https=False)
    check(
        response.status == 301 and response.getheader("Location", "").startswith("https://"),
        "plain HTTP is redirected to HTTPS",
    )
    response, html = b.request("GET", "/login/")
    check(response.status == 200 and "登录" in html, "login page over HTTPS")
    check("max-age=31536000" in (response.getheader("Strict-Transport-Security") or ""), "HSTS header")
    check("default-src 'self'" in (response.getheader("Content-Security-Policy") or ""), "CSP header")
    css = re.search(r'href="(/static/bootstrap/css/[^"]+)"', html)
    check(bool(css) and b.request("GET", css.group(1))[0].status == 200, "static files served")

    response, html = b.login("smoke_reviewer", "wrong-password")
    check(response.status == 200 and "用户名或密码不正确" in html, "a wrong password is refused")
    response, _ = b.login("smoke_reviewer", accounts["smoke_reviewer"])
    check(
        response.status == 302 and response.getheader("Location") == "/", "reviewer logs in with a password"
    )
    response, html = b.request("GET", "/")
    check(response.status == 200 and "smoke_reviewer" in html, "home page as the reviewer")
    response, _ = b.request("GET", "/api/openapi.json")
    check(response.status == 200, "API schema through the session")
    response, _ = b.request("POST", "/logout/", {})
    check(response.status == 302, "logout")

    admin = Browser(args.base)
    response, _ = admin.login("smoke_admin", accounts["smoke_admin"])
    response, _ = admin.request("GET", "/")
    check(
        response.status == 302 and response.getheader("Location") == "/account/2fa/",
        "platform admin must enrol a second factor",
    )

    kinds = set(SecurityEvent.objects.filter(at__gte=started).values_list("kind", flat=True))
    check({"login.failed", "login.success", "logout"} <= kinds, f"security events written ({sorted(kinds)})")
    security_log = run / "log" / "security.log"
    check(security_log.exists() and "login.success" in security_log.read_text(), "security log file")

    try:
        answer = ping.delay().get(timeout=60)
        check(
            str(answer.get("worker", "")).startswith("worker@"), f"Celery round trip ({answer.get('worker')})"
        )
    except Exception as exc:
        check(False, f"Celery round trip ({exc})")
    beat_log = run / "log" / "beat.log"
    for _ in range(10):
        if beat_log.exists() and "beat: Starting" in beat_log.read_text():
            break
        time.sleep(1)
    check(beat_log.exists() and "beat: Starting" in beat_log.read_text(), "celery beat running")

    print("smoke test:", "FAILED" if FAILURES else "passed", f"({len(FAILURES)} failures)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
