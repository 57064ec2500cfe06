"""Traceability benchmark: trace time at 1 M and 10 M edges across 1,000 enterprises, SQLite and PostgreSQL.

Builds a synthetic trace graph straight into `trace_traceedge` (bulk insert on SQLite, COPY on PostgreSQL;
indexes dropped during the load and rebuilt after), then times with the production code
(`shouhu.trace.graph`):

- a both-way trace (back + forward, two recursive CTEs) of random batches: p50 / p95 / p99;
- the recall-scope walk (forward from a material lot) of lots each used in 500 batches;
- bulk record push through the API (`POST /api/v1/production/bulk/records`), records/s.

Shape per enterprise: each batch consumes 8 material lots (each lot feeds ~20 batches) and ships to 10
customers (18 edges per batch); every enterprise also has a premix lot used in 500 batches.

    SHOUHU_DATABASE_URL=sqlite:////tmp/trace_bench.sqlite3 python bench/trace_bench.py --edges 1000000
    SHOUHU_DATABASE_URL=postgres://postgres@127.0.0.1:5432/trace_bench python bench/trace_bench.py --edges 1000000

The database named in SHOUHU_DATABASE_URL is migrated and its trace edges are replaced: use a scratch one.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test factories
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.base")
os.environ.setdefault("SHOUHU_DATABASE_URL", "sqlite:////tmp/trace_bench.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from shouhu.trace import graph  # noqa: E402

LOT, BATCH, SHIPMENT = 1, 2, 3
LOTS_PER_BATCH, SHIPS_PER_BATCH, BATCHES_PER_LOT, HOT_BATCHES = 8, 10, 20, 500
INDEXES = {
    "trace_edge_fwd": "(src_type, src_id, dst_type, dst_id)",
    "trace_edge_back": "(dst_type, dst_id, src_type, src_id)",
}


def generate(total_edges: int, enterprises: int, seed: int = 7):
    """A seeded edge generator (rows) and the sample nodes it produces (batches, hot lots).

    Every 50th enterprise is "large": at least HOT_BATCHES batches and a premix lot used in all of them
    (the recall-scope case); the others share the rest of the edge budget evenly.
    """
    rng = random.Random(seed)
    per_batch = LOTS_PER_BATCH + SHIPS_PER_BATCH
    n_big = max(1, enterprises // 50)
    big_budget = max(total_edges // enterprises, HOT_BATCHES * (per_batch + 1) + per_batch)
    small_budget = max(per_batch, (total_edges - n_big * big_budget) // max(1, enterprises - n_big))
    samples: dict[str, list[int]] = {"batches": [], "hot_lots": []}

    def rows():
        lot_id = batch_id = ship_id = 0
        for ent in range(1, enterprises + 1):
            big = ent % 50 == 0 or (enterprises < 50 and ent == 1)
            budget = big_budget if big else small_budget
            n_batches = budget // (per_batch + (1 if big else 0))
            n_lots = max(LOTS_PER_BATCH * 2, n_batches * LOTS_PER_BATCH // BATCHES_PER_LOT)
            lot0, batch0 = lot_id, batch_id
            hot = lot0 + n_lots + 1
            lot_id, batch_id = hot, batch0 + n_batches
            if big:
                samples["hot_lots"].append(hot)
            for b in range(1, n_batches + 1):
                bid = batch0 + b
                day = f"2026-{1 + (b % 12):02d}-{1 + (b % 28):02d}"
                for lot in rng.sample(range(lot0 + 1, lot0 + n_lots + 1), LOTS_PER_BATCH):
                    yield (ent, LOT, lot, BATCH, bid, 25, day)
                if big and b <= HOT_BATCHES:
                    yield (ent, LOT, hot, BATCH, bid, 2, day)
                for _ in range(SHIPS_PER_BATCH):
                    ship_id += 1
                    yield (ent, BATCH, bid, SHIPMENT, ship_id, 100, day)
            if n_batches and rng.random() < 0.2:
                samples["batches"].append(batch0 + rng.randint(1, n_batches))

    return rows, samples


def load(total_edges: int, enterprises: int) -> tuple[int, dict]:
    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    with connection.cursor() as cur:
        for name in INDEXES:
            cur.execute(f"DROP INDEX IF EXISTS {name}")
        cur.execute("DELETE FROM trace_traceedge")
    rows, samples = generate(total_edges, enterprises)
    cols = "(enterprise_id, src_type, src_id, dst_type, dst_id, quantity, at)"
    n = 0
    start = time.perf_counter()
    if vendor == "postgresql":
        connection.ensure_connection()
        copy_sql = f"COPY trace_traceedge {cols} FROM STDIN"
        with transaction.atomic(), connection.connection.cursor() as cur, cur.copy(copy_sql) as cp:
            for row in rows():
                cp.write_row(row)
                n += 1
    else:
        connection.ensure_connection()
        raw = connection.connection
        raw.execute("PRAGMA synchronous=OFF")
        chunk: list[tuple] = []
        with transaction.atomic():
            for row in rows():
                chunk.append(row)
                if len(chunk) == 100_000:
                    raw.executemany(f"INSERT INTO trace_traceedge {cols} VALUES (?,?,?,?,?,?,?)", chunk)
                    n += len(chunk)
                    chunk = []
            if chunk:
                raw.executemany(f"INSERT INTO trace_traceedge {cols} VALUES (?,?,?,?,?,?,?)", chunk)
                n += len(chunk)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    with connection.cursor() as cur:
        for name, columns in INDEXES.items():
            cur.execute(f"CREATE INDEX {name} ON trace_traceedge {columns}")
        cur.execute("ANALYZE trace_traceedge" if vendor == "postgresql" else "ANALYZE")
    indexed = time.perf_counter() - start
    print(f"loaded {n:,} edges in {loaded:.1f}s, indexed in {indexed:.1f}s", flush=True)
    return n, samples


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


CPU: list[float] = []  # in-process CPU time of each timed call (thread_time): the work, without waiting


def timed(fn, args_list, repeat: int = 1) -> list[float]:
    out = []
    for args in args_list:
        for _ in range(repeat):
            c0, t0 = time.thread_time(), time.perf_counter()
            fn(*args)
            out.append((time.perf_counter() - t0) * 1000)
            CPU.append((time.thread_time() - c0) * 1000)
    return out


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "p50": statistics.median(values),
        "p95": pct(values, 95),
        "p99": pct(values, 99),
        "n": len(values),
    }


def bench_graph(samples: dict, n_traces: int) -> dict:
    rng = random.Random(11)
    batches = [((BATCH, b),) for b in rng.choices(samples["batches"], k=n_traces)]
    timed(lambda node: graph.walk(node, "both"), batches[:50])  # warm-up
    CPU.clear()
    both = timed(lambda node: graph.walk(node, "both"), batches)
    both_cpu = list(CPU)
    sizes = [len(graph.backward(n)) + len(graph.forward(n)) for (n,) in batches[:20]]
    hot = [((LOT, h),) for h in samples["hot_lots"][:10]]
    timed(graph.forward, hot[:2])
    CPU.clear()
    scope = timed(graph.forward, hot, repeat=3)
    scope_cpu = list(CPU)
    scope_edges = [len(graph.forward(h)) for (h,) in hot[:3]]
    return {
        "load_average": os.getloadavg(),
        "trace_both_ms": _stats(both),
        "trace_both_cpu_ms": _stats(both_cpu),
        "trace_edges_per_batch": statistics.mean(sizes),
        "recall_scope_ms": _stats(scope),
        "recall_scope_cpu_ms": _stats(scope_cpu),
        "recall_scope_edges": scope_edges,
    }


def bench_bulk(n_records: int) -> dict:
    """Bulk push of 附件1 records (#13 除虫灭害记录) through the API with an enterprise key."""
    from datetime import date

    import factories as testing
    from django.test import Client

    from shouhu.accounts.models import ApiKey, hash_key
    from shouhu.codes.identifiers import make_uscc
    from shouhu.rules import engine

    ent = testing.make_enterprise(uscc=make_uscc(random.Random(time.time_ns()), testing.COUNTY))
    raw = ApiKey.generate()
    ApiKey.objects.create(enterprise=ent, name="bench", key_prefix=raw[:8], key_hash=hash_key(raw))
    fields = engine().rule("xize2017.annex1.record13").params["fields"]
    body = [
        {"number": 13, "occurred_on": str(date.today()), "data": {f: f"值{i}" for f in fields}}
        for i in range(n_records)
    ]
    client = Client()
    client.post(
        "/api/v1/production/bulk/records",
        data=json.dumps(body[:1]),
        content_type="application/json",
        headers={"X-API-Key": raw},
    )  # warm-up: URLconf and API import, rule-set load
    c0, t0 = time.thread_time(), time.perf_counter()
    resp = client.post(
        "/api/v1/production/bulk/records",
        data=json.dumps(body),
        content_type="application/json",
        headers={"X-API-Key": raw},
    )
    took, cpu = time.perf_counter() - t0, time.thread_time() - c0
    assert resp.status_code == 200, resp.content[:500]
    return {
        "records": n_records,
        "seconds": took,
        "records_per_s": n_records / took,
        "cpu_seconds": cpu,
        "records_per_cpu_s": n_records / cpu,
        "load_average": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edges", type=int, default=1_000_000)
    ap.add_argument("--enterprises", type=int, default=1000)
    ap.add_argument("--traces", type=int, default=1000)
    ap.add_argument("--bulk", type=int, default=2000, help="records per bulk push (0: skip)")
    ap.add_argument("--skip-load", action="store_true", help="reuse the edges already loaded")
    ap.add_argument("--json", type=Path, help="append the result as one JSON line to this file")
    args = ap.parse_args(argv)
    if args.skip_load:
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM trace_traceedge")
            n = cur.fetchone()[0]
        rows, samples = generate(args.edges, args.enterprises)
        for _ in rows():  # the generator is seeded: replaying it recovers the sample nodes
            pass
    else:
        n, samples = load(args.edges, args.enterprises)
    result = {
        "vendor": connection.vendor,
        "edges": n,
        "enterprises": args.enterprises,
        **bench_graph(samples, args.traces),
    }
    if args.bulk:
        result["bulk_push"] = bench_bulk(args.bulk)
    print(json.dumps(result, indent=2, default=float))
    if args.json:
        with args.json.open("a") as fh:
            fh.write(json.dumps(result, default=float) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
