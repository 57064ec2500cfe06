"""Benchmark: server time of the regulator home page and the enterprise list with 1,000 enterprises.

    .venv/bin/python bench/registry_pages.py                      # fresh SQLite DB under var/bench/
    .venv/bin/python bench/registry_pages.py --reuse              # keep the generated DB from last run
    .venv/bin/python bench/registry_pages.py --database-url postgres://postgres@127.0.0.1:5432/postgres

What it does: builds a fresh database (SQLite file `var/bench/registry_pages.sqlite3`; with
`--database-url` a PostgreSQL database `shouhu_bench_registry` created — dropped first — on that server),
migrates it, generates N enterprises with the demo generator (`shouhu.demo.generate`, seeded), then
requests each page through Django's test Client against the real URL conf, logged in as the province
administrator (whose jurisdiction holds every enterprise). Server time = in-process request handling:
URL resolution, middleware (sessions, auth, CSRF, locale, HTMX), the view, its queries and template
rendering — no network and no WSGI server. A trivial JSON view added to the same URL conf, requested the
same way in the same process, is the baseline each page is compared with.

Each target: warm-up requests, then N timed requests; p50/p95/p99 and the ratio to the baseline, plus
the process CPU time per request (the same work without the waiting for a core that a shared, loaded
machine adds to wall-clock time).
Exit status 1 if any page's p95 is at or above the budget (150 ms), 2 if a page does not answer 200.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
BENCH_DB = "shouhu_bench_registry"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--enterprises", type=int, default=1000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--requests", type=int, default=200, help="timed requests per target (default 200)")
    p.add_argument("--warmup", type=int, default=20, help="untimed requests per target first (default 20)")
    p.add_argument("--budget-ms", type=float, default=150.0, help="p95 budget per page (default 150)")
    p.add_argument(
        "--budget-on", choices=("wall", "cpu"), default="wall",
        help="gate on wall-clock p95 (default) or on CPU-time p95 (for a shared, loaded machine)",
    )  # fmt: skip
    p.add_argument("--database-url", help="PostgreSQL server URL; the bench creates its own database there")
    p.add_argument("--reuse", action="store_true", help="reuse the database of the previous run if present")
    p.add_argument("--search", default="长沙", help="the enterprise-list search term (default 长沙)")
    return p.parse_args(argv)


def prepare_database(args: argparse.Namespace) -> tuple[str, bool]:
    """Point SHOUHU_DATABASE_URL at a bench database; return (url, needs_data)."""
    if args.database_url:
        import psycopg

        parts = urlsplit(args.database_url)
        url = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (BENCH_DB,)).fetchone()
            if exists and args.reuse:
                return url, False
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
        return url, True
    bench_dir = REPO / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    path = bench_dir / "registry_pages.sqlite3"
    if path.exists() and args.reuse:
        return f"sqlite:///{path}", False
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}", True


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    k = max(0, min(len(sorted_values) - 1, round(q / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import django
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            db = f"PostgreSQL {cur.fetchone()[0]} (psycopg {connection.Database.__version__})"
    else:
        db = f"SQLite {sqlite3.sqlite_version} (WAL, file under var/bench/)"
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": db,
        "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "shouhu.config.settings.base"
    url, needs_data = prepare_database(args)
    os.environ["SHOUHU_DATABASE_URL"] = url
    os.environ.setdefault("SHOUHU_LOG_LEVEL", "WARNING")

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.http import JsonResponse
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import include, path

    from shouhu.accounts.models import User
    from shouhu.demo import generate as gen
    from shouhu.registry.models import Enterprise

    call_command("migrate", verbosity=0)
    if needs_data:
        print(f"Generating {args.enterprises} enterprises (seed {args.seed}) …", flush=True)
        _plan, result = gen.generate(
            enterprises=args.enterprises, seed=args.seed, progress=lambda m: print(f"  {m}", flush=True)
        )
        print(
            f"Generated in {result.seconds:.1f} s (CPU {result.cpu_seconds:.1f} s): {result.enterprises} enterprises, "
            f"{result.licences} licences, "
            f"{result.people} staff, {result.trainings} trainings; per phase: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
        )
    else:
        print(f"Reusing {url} ({Enterprise.objects.count()} enterprises)")

    if connection.vendor == "postgresql":
        # Autovacuum analyzes a bulk-loaded table only after a while; until then the planner has no row
        # counts and picks plans that a live database would not (the home page's recent-changes query
        # ran 77 ms instead of 0.3 ms). SQLite gets no ANALYZE: an embedded install never runs one.
        with connection.cursor() as cur:
            cur.execute("ANALYZE")

    def baseline(request):
        return JsonResponse({"ok": True, "service": "shouhu"})

    class BenchURLs:
        """The real URL conf plus the baseline view."""

        urlpatterns = [path("__bench__/baseline.json", baseline), path("", include("shouhu.config.urls"))]

    info = machine()
    regulator = User.objects.get(username="province_admin")
    targets = [
        ("baseline: trivial JSON view", "/__bench__/baseline.json"),
        ("regulator home (province admin)", "/"),
        ("enterprise list, page 1", "/enterprises/"),
        (f"enterprise list, search “{args.search}”", f"/enterprises/?q={args.search}"),
    ]
    results = []
    with override_settings(ROOT_URLCONF=BenchURLs, DEBUG=False):
        client = Client()
        client.force_login(regulator)
        for label, target in targets:
            with CaptureQueriesContext(connection) as ctx:
                first = client.get(target)
            status, size, queries = first.status_code, len(first.content), len(ctx.captured_queries)
            for _ in range(args.warmup):
                client.get(target)
            times, cpu = [], []
            for _ in range(args.requests):
                start, start_cpu = time.perf_counter(), time.process_time()
                client.get(target)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            times.sort()
            cpu.sort()
            results.append(
                {
                    "label": label, "url": target, "status": status, "bytes": size, "queries": queries,
                    "p50": percentile(times, 50), "p95": percentile(times, 95), "p99": percentile(times, 99),
                    "mean": statistics.fmean(times), "cpu50": percentile(cpu, 50), "cpu95": percentile(cpu, 95),
                }
            )  # fmt: skip
            print(f"  {label}: p95 {results[-1]['p95']:.1f} ms", flush=True)
    info["loadavg"] += f" → {' '.join(f'{x:.2f}' for x in os.getloadavg())}"

    base = results[0]
    print()
    print(
        f"Machine: {info['nproc']} × {info['cpu']}; Python {info['python']}; Django {info['django']}; "
        f"{info['database']}; load average {info['loadavg']}"
    )
    print(
        f"Data: {Enterprise.objects.count()} enterprises (seed {args.seed}); {args.requests} timed requests "
        f"per target after {args.warmup} warm-up; Django test Client, in process\n"
    )
    print(
        "| target | status | queries | bytes | p50 ms | p95 ms | p99 ms | p50 × baseline | p95 × baseline "
        "| CPU p50 ms | CPU p95 ms |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['label']} (`{r['url']}`) | {r['status']} | {r['queries']} | {r['bytes']:,} | {r['p50']:.1f} | "
            f"{r['p95']:.1f} | {r['p99']:.1f} | {r['p50'] / base['p50']:.1f} | {r['p95'] / base['p95']:.1f} | "
            f"{r['cpu50']:.1f} | {r['cpu95']:.1f} |"
        )
    pages = results[1:]
    broken = [r for r in results if r["status"] != 200]
    metric = "p95" if args.budget_on == "wall" else "cpu95"
    slow = [r for r in pages if r[metric] >= args.budget_ms]
    print()
    if broken:
        print("NOT 200: " + ", ".join(f"{r['url']} → {r['status']}" for r in broken))
    if slow:
        print(
            f"OVER BUDGET ({args.budget_on} p95 ≥ {args.budget_ms:.0f} ms): "
            + ", ".join(r["label"] for r in slow)
        )
        if args.budget_on == "wall" and all(r["cpu95"] < args.budget_ms for r in pages):
            print(
                f"  (CPU p95 is under budget for every page: the machine is loaded — load average {info['loadavg']})"
            )
    if not broken and not slow:
        print(f"OK: every page's {args.budget_on} p95 is under {args.budget_ms:.0f} ms")
    return 2 if broken else 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
