"""Bounded load test (issue 12, point 5): gunicorn with deploy/gunicorn.conf.py on 127.0.0.1, a scratch
SQLite database, and concurrent clients on four URLs in one run:

- baseline: the trivial view (`/i18n/setlang/` GET → a redirect, no database), so the other figures read
  against the cost of the server and the client themselves;
- a regulator list page (`/enterprises/`, signed in as a county inspector);
- an API read with an enterprise key (`GET /api/v1/production/batches`);
- the public look-up (`GET /api/v1/trace/public/{code}`), each request from its own address behind the
  trusted proxy (X-Forwarded-For, SHOUHU_PROXY_COUNT=1), as many shoppers would be.

Bounded: `--seconds` per URL (default 10) and `--clients` threads (default 4); 127.0.0.1 only; any
non-2xx/3xx answer is an error and the exit status is 1.

    python bench/load.py [--seconds 10] [--clients 4] [--workers 3] [--json]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _setup(env: dict[str, str]) -> dict[str, str]:
    """Migrate a scratch database and create what the URLs need; returns the key, code and login."""
    code = r"""
import json, django
django.setup()
from datetime import date
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
import factories as t
from shouhu.accounts.models import ApiKey, hash_key
from shouhu.core.roles import Role
ent = t.make_enterprise(t.COUNTY)
for _ in range(30):
    t.make_enterprise(t.COUNTY)
product = t.make_product(ent)
batch = t.make_batch(product, status="released", released_on=date.today(), certificate_no="HG-1")
for _ in range(20):
    t.make_batch(product)
raw = ApiKey.generate()
ApiKey.objects.create(enterprise=ent, name="bench", key_prefix=raw[:8], key_hash=hash_key(raw))
user = t.make_user(Role.INSPECTOR, username="bench-inspector", division_code=t.COUNTY)
user.set_password("bench-Pass-2026!x")
user.save()
print(json.dumps({"key": raw, "code": batch.trace_code, "user": user.username, "password": "bench-Pass-2026!x"}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=600
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _login(base: str, user: str, password: str) -> http.cookiejar.CookieJar:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    body = urllib.parse.urlencode({"username": user, "password": password, "csrfmiddlewaretoken": token})
    req = urllib.request.Request(base + "/login/", data=body.encode(), headers={"Referer": base + "/login/"})
    opener.open(req).read()
    if not any(c.name == "sessionid" for c in jar):
        raise SystemExit("bench login failed")
    return jar


def _cookie_header(jar: http.cookiejar.CookieJar) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in jar)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a 302 is the trivial view's answer: count it as is
        return None


def _hammer(url: str, headers_for, seconds: float, clients: int) -> dict:
    opener = urllib.request.build_opener(NoRedirect)
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def run(n: int) -> None:
        i = 0
        while time.monotonic() < stop_at:
            i += 1
            req = urllib.request.Request(url, headers=headers_for(n, i))
            t0 = time.perf_counter()
            try:
                with opener.open(req, timeout=30) as r:
                    r.read()
                    status = r.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError as exc:
                status = repr(exc)
            dt = time.perf_counter() - t0
            with lock:
                times.append(dt)
                if not (isinstance(status, int) and status < 400):
                    errors.append(str(status))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.monotonic() - started
    times.sort()
    q = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
    return {
        "requests": len(times),
        "errors": len(errors),
        "error_samples": errors[:5],
        "rps": round(len(times) / wall, 1),
        "p50_ms": round(q[49] * 1000, 1),
        "p95_ms": round(q[94] * 1000, 1),
        "p99_ms": round(q[98] * 1000, 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="shouhu-load-"))
    port = _free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "shouhu.config.settings.base",
        "SHOUHU_VAR_DIR": str(tmp),
        "SHOUHU_DATABASE_URL": f"sqlite:///{tmp / 'shouhu.sqlite3'}",
        "SHOUHU_PROXY_COUNT": "1",
        "SHOUHU_LEDGER_KEY": "bench-ledger-key-not-secret",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")]),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_ACCESS_LOG": str(tmp / "access.log"),
        "GUNICORN_ERROR_LOG": str(tmp / "error.log"),
    }
    facts = _setup(env)
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "shouhu.config.wsgi"],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/login/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        cookie = _cookie_header(_login(base, facts["user"], facts["password"]))
        rnd = random.Random(12)
        shopper = lambda n, i: {"X-Forwarded-For": f"10.{n}.{i // 250 % 250}.{i % 250 + 1}"}  # noqa: E731
        plan = [
            ("baseline (trivial view)", base + "/i18n/setlang/", lambda n, i: {}),
            ("regulator list page", base + "/enterprises/", lambda n, i: {"Cookie": cookie}),
            ("API read (key)", base + "/api/v1/production/batches", lambda n, i: {"X-API-Key": facts["key"]}),
            ("public look-up", base + f"/api/v1/trace/public/{facts['code']}", shopper),
        ]
        rnd.random()
        results = {}
        for name, url, headers in plan:
            results[name] = _hammer(url, headers, args.seconds, args.clients)
        load = os.getloadavg()
    finally:
        server.terminate()
        server.wait(30)
    report = {
        "results": results,
        "clients": args.clients,
        "seconds_per_url": args.seconds,
        "gunicorn_workers": args.workers,
        "cpus": os.cpu_count(),
        "loadavg_after": [round(x, 2) for x in load],
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(f"{'URL':28} {'req':>6} {'err':>4} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
        for name, r in results.items():
            print(
                f"{name:28} {r['requests']:6} {r['errors']:4} {r['rps']:7} {r['p50_ms']:8} "
                f"{r['p95_ms']:8} {r['p99_ms']:8}"
            )
        print(f"cpus {report['cpus']}, load average after {report['loadavg_after']}")
    return 1 if any(r["errors"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
