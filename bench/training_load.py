"""Bounded load test of the managers' exam (issue 23, "Speed"): 500 examinees answering concurrently, one save
every 10 s each, p95 < 300 ms per save, on the 2-core machine.

gunicorn with deploy/gunicorn.conf.py on 127.0.0.1 and a scratch SQLite database (the embedded default).
`--examinees` people each get an exam (one-time code, paper opened) before the clock starts; then every
examinee saves one answer every `--interval` seconds (`POST /api/v1/training/exam/answers`, no login, as
the examinee's phone does), each examinee's first save at a random offset in the first interval so the
saves arrive spread as real examinees' do. `--clients` threads send them on schedule; a save that starts
late (all threads busy) counts in "late starts". Bounded: `--seconds` (default 30) on 127.0.0.1 only;
any answer other than 200 is an error and the exit status is 1, as is a p95 over the budget.

Baseline in the same run: the trivial view (`/i18n/setlang/` GET → a redirect, no database) at the same rate.

    .venv/bin/python bench/training_load.py [--examinees 500] [--interval 10] [--seconds 30] [--workers 3]
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import ROOT, VENV_BIN, _free_port

BUDGET_MS = 300


def _setup(env: dict[str, str], n: int) -> list[dict]:
    code = rf"""
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
import factories as t
from shouhu.core.roles import Role
from shouhu.core.system import SYSTEM
from shouhu.registry.models import Person
from shouhu.training import services
services.bank_sync(actor=SYSTEM)
out = []
ents = [t.make_enterprise(t.COUNTY) for _ in range({n} // 25 + 1)]
for i in range({n}):
    ent = ents[i // 25]
    p = Person.objects.create(enterprise=ent, name=f"考生{{i:04d}}", role="officer")
    principal = t.make_user(Role.PRINCIPAL, enterprise=ent, username=f"load_p{{ent.pk}}") if i % 25 == 0 else principal
    attempt, code = services.attempt_assign(actor=principal, person_id=p.pk, purpose="entry")
    services.attempt_open(code=code)
    out.append({{"code": code, "questions": [it["q"] for it in attempt.items]}})
print(json.dumps(out))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=1200
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _post(url: str, body: dict | None) -> tuple[float, int | str]:
    t0 = time.perf_counter()
    try:
        if body is None:
            req = urllib.request.Request(url)
        else:
            req = urllib.request.Request(
                url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
            )
        with _OPENER.open(req, timeout=30) as r:
            r.read()
            status: int | str = r.status
    except urllib.error.HTTPError as exc:
        status = 200 if exc.code == 302 else exc.code  # the baseline's redirect is its success
    except OSError as exc:
        status = repr(exc)
    return time.perf_counter() - t0, status


def _run(schedule: list[tuple[float, int]], send, clients: int) -> dict:
    """Send each (due time, examinee) on time with `clients` threads; latencies and late starts."""
    heapq.heapify(schedule)
    lock = threading.Lock()
    times: list[float] = []
    errors: list[str] = []
    late = [0]
    t_zero = time.monotonic()

    def worker() -> None:
        while True:
            with lock:
                if not schedule:
                    return
                due, who = heapq.heappop(schedule)
            wait = t_zero + due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            elif wait < -0.05:
                with lock:
                    late[0] += 1
            dt, status = send(who)
            with lock:
                times.append(dt)
                if status != 200:
                    errors.append(str(status))

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.monotonic() - t_zero
    times.sort()
    q = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
    return {
        "requests": len(times),
        "errors": len(errors),
        "error_samples": errors[:5],
        "per_s": round(len(times) / wall, 1),
        "p50_ms": round(q[49] * 1000, 1),
        "p95_ms": round(q[94] * 1000, 1),
        "p99_ms": round(q[98] * 1000, 1),
        "late_starts": late[0],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examinees", type=int, default=500)
    ap.add_argument("--interval", type=float, default=10)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--workers", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="shouhu-training-load-"))
    port = _free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "shouhu.config.settings.base",
        "SHOUHU_VAR_DIR": str(tmp),
        "SHOUHU_DATABASE_URL": f"sqlite:///{tmp / 'shouhu.sqlite3'}",
        "SHOUHU_LEDGER_KEY": "bench-ledger-key-not-secret",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")]),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_ACCESS_LOG": str(tmp / "access.log"),
        "GUNICORN_ERROR_LOG": str(tmp / "error.log"),
    }
    t0 = time.perf_counter()
    exams = _setup(env, args.examinees)
    setup_s = time.perf_counter() - t0
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "shouhu.config.wsgi"],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(23)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/login/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        offsets = [rng.uniform(0, args.interval) for _ in exams]
        schedule = [
            (off + k * args.interval, i)
            for i, off in enumerate(offsets)
            for k in range(int(args.seconds // args.interval))
        ]
        baseline = _run(list(schedule), lambda _i: _post(base + "/i18n/setlang/", None), args.clients)
        saved = [0] * len(exams)

        def save(i: int) -> tuple[float, int | str]:
            qs = exams[i]["questions"]
            body = {"code": exams[i]["code"], "question_id": qs[saved[i] % len(qs)], "chosen": [0]}
            saved[i] += 1
            return _post(base + "/api/v1/training/exam/answers", body)

        saves = _run(list(schedule), save, args.clients)
        load = os.getloadavg()
    finally:
        server.terminate()
        server.wait(30)
    report = {
        "examinees": args.examinees,
        "interval_s": args.interval,
        "target_per_s": round(args.examinees / args.interval, 1),
        "seconds": args.seconds,
        "setup_s": round(setup_s, 1),
        "baseline_trivial_view": baseline,
        "answer_saves": saves,
        "budget_p95_ms": BUDGET_MS,
        "met": saves["errors"] == 0 and saves["p95_ms"] < BUDGET_MS,
        "gunicorn_workers": args.workers,
        "clients": args.clients,
        "cpus": os.cpu_count(),
        "loadavg_after": [round(x, 2) for x in load],
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0 if report["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
