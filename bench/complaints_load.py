"""Bounded load test of the complaint portal (issue 29, "Speed"): gunicorn with deploy/gunicorn.conf.py on
127.0.0.1, a scratch SQLite database, clients filing complaints through `POST /api/v1/complaints/public`,
each request from its own address behind the trusted proxy (X-Forwarded-For, SHOUHU_PROXY_COUNT=1), with
the arithmetic challenge at level 1 (each client fetches a question, answers it, files).

Bounded: `--seconds` (default 10) and `--clients` threads (default 4); 127.0.0.1 only; any answer other
than 201 (and 200 for the question) is an error and the exit status is 1.

    python bench/complaints_load.py [--seconds 10] [--clients 4] [--workers 3] [--json]

`--cpu N` measures instead the CPU a filing costs the request's own thread (`time.thread_time`, in process,
Django's test client, the embedded default's drainer thread not counted), N filings after 10 for warm-up,
each from its own address with the challenge on; with `--baseline REV` the same measurement runs first on the
code of git revision REV (`git archive` of src/ and tests/ into a scratch directory, its own database), so
the before and after come from one run on one machine load.

    python bench/complaints_load.py --cpu 200 --baseline e5dae89 [--redis]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
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


def _setup(env: dict[str, str], targets: int) -> dict[str, str]:
    code = r"""
import json, sys, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
import factories as t
ents = [t.make_enterprise(t.COUNTY) for _ in range(int(sys.argv[1]))]
print(json.dumps({"names": [e.name for e in ents]}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code, str(targets)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _answer(question: str) -> str:
    a, op, b, *_ = question.split()
    return str(int(a) * int(b) if op == "×" else int(a) + int(b))


def _file(base: str, names: list[str], n: int, i: int) -> tuple[float, int | str]:
    ip = {"X-Forwarded-For": f"10.{n}.{i // 250 % 250}.{i % 250 + 1}"}
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(
            urllib.request.Request(base + "/api/v1/complaints/public/challenge", headers=ip), timeout=30
        ) as r:
            q = json.loads(r.read())
        body = {
            "kind": "complaint",
            "description": f"压测投诉 {n}-{i}",
            "enterprise_name": names[(n * 7919 + i) % len(names)],
            "contact_name": "压测",
            "contact_phone": f"139{n:02d}{i:06d}"[:11],
            "challenge_token": q["token"] or "",
            "challenge_answer": _answer(q["question"]) if q["question"] else "",
        }
        req = urllib.request.Request(
            base + "/api/v1/complaints/public",
            data=json.dumps(body).encode(),
            headers=ip | {"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()
            status: int | str = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError as exc:
        status = repr(exc)
    return time.perf_counter() - t0, status


CPU_PROBE = r"""
import json, statistics, sys, time, django
django.setup()
from django.test import Client
names, n = json.loads(sys.argv[1]), int(sys.argv[2])
c = Client()
get_ms, post_ms = [], []
for i in range(n + 10):
    ip = {"HTTP_X_FORWARDED_FOR": f"10.9.{i // 250 % 250}.{i % 250 + 1}"}
    t0 = time.thread_time()
    q = c.get("/api/v1/complaints/public/challenge", **ip).json()
    t1 = time.thread_time()
    a, op, b, *_ = q["question"].split()
    body = {
        "kind": "complaint", "description": f"CPU 投诉 {i}", "enterprise_name": names[i % len(names)],
        "contact_name": "压测", "contact_phone": f"139{i:08d}", "challenge_token": q["token"],
        "challenge_answer": str(int(a) * int(b) if op == "×" else int(a) + int(b)),
    }
    t2 = time.thread_time()
    r = c.post("/api/v1/complaints/public", json.dumps(body), content_type="application/json", **ip)
    t3 = time.thread_time()
    assert r.status_code == 201, r.content
    if i >= 10:
        get_ms.append((t1 - t0) * 1000)
        post_ms.append((t3 - t2) * 1000)
print(json.dumps({
    "challenge_get_ms_median": round(statistics.median(get_ms), 2),
    "post_ms_median": round(statistics.median(post_ms), 2),
    "post_ms_mean": round(statistics.fmean(post_ms), 2),
    "post_ms_p90": round(statistics.quantiles(post_ms, n=10)[8], 2),
}))
"""


def _cpu(args: argparse.Namespace, env: dict[str, str], tree: Path | None) -> dict[str, object]:
    """One CPU measurement on the working tree's code, or on `tree` (an extracted revision)."""
    if tree is not None:
        env = env | {"PYTHONPATH": os.pathsep.join([str(tree / "src"), str(tree / "tests")])}
    names = _setup(env, args.targets)["names"]
    out = subprocess.run(
        [sys.executable, "-c", CPU_PROBE, json.dumps(names), str(args.cpu)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cpu_run(args: argparse.Namespace, env: dict[str, str]) -> int:
    import shutil

    report: dict[str, object] = {"filings": args.cpu, "cache": "redis" if args.redis else "file"}
    report["database"] = "postgresql" if args.postgres else "sqlite"
    report["loadavg_before"] = [round(x, 2) for x in os.getloadavg()]
    if args.baseline:
        tree = Path(tempfile.mkdtemp(prefix="shouhu-baseline-"))
        archive = subprocess.run(
            ["git", "archive", args.baseline, "src", "tests"], cwd=ROOT, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
        base_env = env | {"SHOUHU_VAR_DIR": str(tree / "var")}
        if not args.postgres:
            base_env["SHOUHU_DATABASE_URL"] = f"sqlite:///{tree / 'shouhu.sqlite3'}"
        report["baseline"] = {"revision": args.baseline} | _cpu(args, base_env, tree)
        shutil.rmtree(tree, ignore_errors=True)
        if args.postgres:  # the second measurement gets a fresh database
            _pg_recreate(args.postgres, env["SHOUHU_DATABASE_URL"].rsplit("/", 1)[1])
    report["this_tree"] = _cpu(args, env, None)
    report["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


def _pg_recreate(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')


def _warm(base: str, workers: int) -> None:
    """Every worker has loaded its URL conf and opened its database before the clock starts: rounds of
    concurrent look-ups until a round answers within a second (at most a minute)."""

    def hit() -> None:
        for path in ("/login/", "/api/v1/complaints/public/challenge"):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + path, timeout=30).read()

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        t0 = time.monotonic()
        threads = [threading.Thread(target=hit) for _ in range(workers * 3)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        if time.monotonic() - t0 < 1:
            return


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument(
        "--targets", type=int, default=400, help="enterprises complained about (the target bucket)"
    )
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--cpu", type=int, metavar="N", help="measure request CPU per filing over N filings")
    ap.add_argument("--baseline", metavar="REV", help="with --cpu: measure git revision REV first")
    ap.add_argument("--redis", action="store_true", help="rate limits and challenges in a local redis-server")
    ap.add_argument(
        "--postgres",
        metavar="URL",
        help="a PostgreSQL server URL (…/postgres); a scratch database is created on it and dropped after",
    )
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="shouhu-complaints-load-"))
    port = _free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "shouhu.config.settings.base",
        "SHOUHU_VAR_DIR": str(tmp),
        "SHOUHU_DATABASE_URL": f"sqlite:///{tmp / 'shouhu.sqlite3'}",
        "SHOUHU_PROXY_COUNT": "1",
        "SHOUHU_COMPLAINTS_CHALLENGE_LEVEL": "1",
        "SHOUHU_LEDGER_KEY": "bench-ledger-key-not-secret",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")]),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_ACCESS_LOG": str(tmp / "access.log"),
        "GUNICORN_ERROR_LOG": str(tmp / "error.log"),
    }
    redis = None
    if args.redis:
        rport = _free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(rport), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"],
            stdout=subprocess.DEVNULL,
        )
        env["SHOUHU_CACHE_URL"] = f"redis://127.0.0.1:{rport}/0"
        time.sleep(0.5)
    pg = None
    if args.postgres:
        import psycopg

        pg = f"shouhu_complaints_load_{os.getpid()}"
        with psycopg.connect(args.postgres, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{pg}"')
        env["SHOUHU_DATABASE_URL"] = args.postgres.rsplit("/", 1)[0] + "/" + pg
    try:
        return _cpu_run(args, env) if args.cpu else _run(args, env, tmp, port)
    finally:
        if redis is not None:
            redis.terminate()
        if pg is not None:
            with psycopg.connect(args.postgres, autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{pg}" WITH (FORCE)')


def _queued(env: dict[str, str], tmp: Path) -> int:
    url = env["SHOUHU_DATABASE_URL"]
    if url.startswith("sqlite"):
        db = sqlite3.connect(tmp / "shouhu.sqlite3", timeout=30)
        try:
            return db.execute(
                "SELECT count(*) FROM complaints_submission WHERE routed_at IS NULL"
            ).fetchone()[0]
        finally:
            db.close()
    import psycopg

    with psycopg.connect(url) as c:
        return c.execute("SELECT count(*) FROM complaints_submission WHERE routed_at IS NULL").fetchone()[0]


def _deadlines(env: dict[str, str], tmp: Path) -> int:
    sql = "SELECT count(*) FROM obligations_obligation WHERE kind = 'complaints.acceptance'"
    url = env["SHOUHU_DATABASE_URL"]
    if url.startswith("sqlite"):
        db = sqlite3.connect(tmp / "shouhu.sqlite3", timeout=30)
        try:
            return db.execute(sql).fetchone()[0]
        finally:
            db.close()
    import psycopg

    with psycopg.connect(url) as c:
        return c.execute(sql).fetchone()[0]


def _run(args: argparse.Namespace, env: dict[str, str], tmp: Path, port: int) -> int:
    names = _setup(env, args.targets)["names"]
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "shouhu.config.wsgi"],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/login/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        _warm(base, args.workers)
        stop_at = time.monotonic() + args.seconds

        def run(n: int) -> None:
            i = 0
            while time.monotonic() < stop_at:
                i += 1
                dt, status = _file(base, names, n, i)
                with lock:
                    times.append(dt)
                    if status != 201:
                        errors.append(str(status))

        threads = [threading.Thread(target=run, args=(n,)) for n in range(args.clients)]
        started = time.monotonic()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.monotonic() - started
        load = os.getloadavg()
        # routing runs off the request: how long until every filing has its ledger entry and deadline
        routed_after = None
        for _ in range(1200):
            if not _queued(env, tmp):
                routed_after = time.monotonic() - started - wall
                break
            time.sleep(0.1)
        deadlines = _deadlines(env, tmp)
    finally:
        server.terminate()
        server.wait(30)
    times.sort()
    q = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
    report = {
        "filings": len(times),
        "errors": len(errors),
        "error_samples": errors[:5],
        "per_s": round(len(times) / wall, 1),
        "p50_ms": round(q[49] * 1000, 1),
        "p95_ms": round(q[94] * 1000, 1),
        "p99_ms": round(q[98] * 1000, 1),
        "all_routed_s_after_last_filing": None if routed_after is None else round(routed_after, 1),
        "acceptance_deadlines": deadlines,
        "clients": args.clients,
        "targets": args.targets,
        "seconds": args.seconds,
        "gunicorn_workers": args.workers,
        "database": "postgresql" if args.postgres else "sqlite",
        "cache": "redis" if args.redis else "file",
        "cpus": os.cpu_count(),
        "loadavg_after": [round(x, 2) for x in load],
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 1 if errors or routed_after is None else 0


if __name__ == "__main__":
    sys.exit(main())
