"""Smoke test of a running deployment (deploy/one-machine.sh smoke): pages, login, a wrong password,
2FA enforcement and enrolment, a permission denial, a lockout, security events, static files, a Celery
round trip, beat alive.

Runs with the deployment's environment (production settings). It talks HTTP to gunicorn as nginx would
(X-Forwarded-Proto: https), keeps cookies itself (secure cookies over a plain loopback socket) and
creates three smoke accounts with fresh random passwords (and no second factor) each run.
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
    def __init__(self, base: str, forwarded_for: str = ""):
        url = urlparse(base)
        self.host, self.port, self.origin = url.hostname, url.port, f"https://{url.hostname}:{url.port}"
        self.cookies: dict[str, str] = {}
        self.forwarded_for = forwarded_for  # the client address nginx would add (SHOUHU_PROXY_COUNT=1)

    def request(self, method: str, path: str, form: dict | None = None, https: bool = True):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "shouhu-smoke"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
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
    from django_otp.oath import totp
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    locked_client = "198.51.100.77"  # a documentation address (RFC 5737), unlocked again below
    reset(ip=locked_client)
    for username, role, division in (
        ("smoke_reviewer", Role.REVIEWER, "430100"),
        ("smoke_admin", Role.PLATFORM_ADMIN, ""),
        ("smoke_locked", Role.REVIEWER, "430100"),
    ):
        password = "Smoke-" + secrets.token_urlsafe(12)
        user, _ = User.objects.get_or_create(
            username=username, defaults={"role": role, "division_code": division}
        )
        user.set_password(password)
        user.save()
        reset(username=username)
        TOTPDevice.objects.filter(user=user).delete()  # every run enrols afresh
        StaticDevice.objects.filter(user=user).delete()
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

    # enrol: the page holds an unconfirmed device; a code from it (as the phone app would compute) confirms
    response, html = admin.request("GET", "/account/2fa/")
    device = TOTPDevice.objects.filter(user__username="smoke_admin", confirmed=False).first()
    check(response.status == 200 and device is not None and "<svg" in html, "enrolment page with a QR code")
    code = (
        f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}" if device else ""
    )
    response, html = admin.request("POST", "/account/2fa/", {"code": code})
    check(
        response.status == 200 and len(re.findall(r"<li>[0-9a-f]{6}-[0-9a-f]{6}</li>", html)) == 10,
        "ten recovery codes",
    )
    response, _ = admin.request("GET", "/security/events/")
    check(response.status == 200, "platform admin reaches the security events after enrolling")

    # the reviewer may not read them: a 403, itself recorded
    b.login("smoke_reviewer", accounts["smoke_reviewer"])
    response, _ = b.request("GET", "/security/events/")
    check(response.status == 403, "a reviewer is refused the security events")

    # lockout through the real stack (Redis cache, the forwarded client address, gunicorn workers)
    attacker = Browser(args.base, forwarded_for=locked_client)
    for _ in range(5):
        response, html = attacker.login("smoke_locked", "wrong-password")
    check(response.status == 429 and "之后再试" in html, "the fifth wrong password locks, saying until when")
    response, _ = attacker.login("smoke_locked", accounts["smoke_locked"])
    check(response.status == 429, "the right password no longer works while locked")
    reset(username="smoke_locked")
    reset(ip=locked_client)

    kinds = set(SecurityEvent.objects.filter(at__gte=started).values_list("kind", flat=True))
    wanted = {"login.failed", "login.success", "logout", "otp.enable", "permission.denied", "lockout"}
    check(wanted <= kinds, f"security events written ({sorted(kinds)})")
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
