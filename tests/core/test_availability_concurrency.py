"""Two tenants at once (issue 12, point 2): one enterprise pushes records in bulk while another pushes
and reads with its API key; nobody gets "database is locked" or any other error.

The test database of the suite is SQLite in memory (one connection per thread, shared cache), which is
not what a deployment runs. So this runs a child Python against a real file database (WAL, the
settings' busy timeout and IMMEDIATE transactions) and, when a local PostgreSQL answers, against a
scratch PostgreSQL database: migrate, two enterprises with keys, then threads through the real API.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PUSH_ITEMS = 3000  # per bulk push: the scale of the report, inside the documented limit


def _run(db_url: str, tmp_path: Path) -> dict:
    env = os.environ | {
        "SHOUHU_DATABASE_URL": db_url,
        "SHOUHU_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "shouhu.config.settings.test",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")]),
    }
    proc = subprocess.run(
        [sys.executable, __file__], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_two_tenants_at_once_on_a_sqlite_file(tmp_path):
    out = _run(f"sqlite:///{tmp_path / 'shouhu.sqlite3'}", tmp_path)
    assert out["errors"] == [], out
    assert out["journal_mode"] == "wal"
    assert out["pushes_ok"] == out["pushes"] and out["reads_ok"] == out["reads"] > 0, out
    assert out["records"] == out["expected_records"], out


def _postgres_url() -> str | None:
    url = os.environ.get("SHOUHU_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=2) as conn:
            conn.execute("select 1")
    except Exception:
        return None
    return url


def test_two_tenants_at_once_on_postgresql(tmp_path):
    admin = _postgres_url()
    if admin is None:
        pytest.skip("no local PostgreSQL (set SHOUHU_TEST_PG_URL)")
    import psycopg

    name = f"shouhu_avail_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}"')
        conn.execute(f'create database "{name}"')
    try:
        out = _run(admin.rsplit("/", 1)[0] + f"/{name}", tmp_path)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')
    assert out["errors"] == [], out
    assert out["pushes_ok"] == out["pushes"] and out["reads_ok"] == out["reads"] > 0, out
    assert out["records"] == out["expected_records"], out


# ---- the child ----------------------------------------------------------------------------------------


def _child() -> None:
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    import factories as t

    from shouhu.accounts.models import ApiKey, hash_key
    from shouhu.production.models import Record
    from shouhu.rules import engine

    def key(ent) -> str:
        raw = ApiKey.generate()
        ApiKey.objects.create(enterprise=ent, name="MES", key_prefix=raw[:8], key_hash=hash_key(raw))
        return raw

    big, other = t.make_enterprise(t.COUNTY), t.make_enterprise(t.OTHER_COUNTY)
    big_key, other_key = key(big), key(other)
    fields10 = engine().rule("xize2017.annex1.record10").params["fields"]
    item = {"number": 10, "occurred_on": str(date.today()), "data": {f: "值" for f in fields10}}
    mode = (
        connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
        if connection.vendor == "sqlite"
        else ""
    )
    connections.close_all()

    errors: list[str] = []
    counts = {"pushes": 0, "pushes_ok": 0, "reads": 0, "reads_ok": 0}
    lock = threading.Lock()
    stop = threading.Event()
    seconds: list[float] = []

    def note(kind: str, ok: bool, detail: str = "") -> None:
        with lock:
            counts[kind] += 1
            counts[kind + "_ok"] += ok
            if not ok:
                errors.append(detail[:300])

    def push(raw: str, n: int, rounds: int) -> None:
        c = Client(headers={"X-API-Key": raw})
        try:
            for _ in range(rounds):
                started = time.perf_counter()
                r = c.post(
                    "/api/v1/production/bulk/records", json.dumps([item] * n), content_type="application/json"
                )
                note("pushes", r.status_code == 200, f"push {r.status_code} {r.content[:200]!r}")
                with lock:
                    seconds.append(round(time.perf_counter() - started, 2))
        except Exception as exc:
            note("pushes", False, repr(exc))
        finally:
            connections.close_all()

    def read(raw: str) -> None:
        c = Client(headers={"X-API-Key": raw})
        try:
            while not stop.is_set():
                r = c.get("/api/v1/production/batches")
                note("reads", r.status_code == 200, f"read {r.status_code} {r.content[:200]!r}")
                time.sleep(0.05)
        except Exception as exc:
            note("reads", False, repr(exc))
        finally:
            connections.close_all()

    writers = [
        threading.Thread(target=push, args=(big_key, PUSH_ITEMS, 2)),
        threading.Thread(target=push, args=(other_key, 50, 8)),
    ]
    readers = [threading.Thread(target=read, args=(other_key,)) for _ in range(2)]
    for th in writers + readers:
        th.start()
    for th in writers:
        th.join()
    stop.set()
    for th in readers:
        th.join()
    expected = 2 * PUSH_ITEMS + 8 * 50
    print(
        json.dumps(
            counts
            | {
                "errors": errors,
                "journal_mode": mode,
                "records": Record.objects.count(),
                "expected_records": expected,
                "push_seconds": seconds,
            }
        )
    )


if __name__ == "__main__":
    _child()
