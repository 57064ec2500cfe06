"""Benchmark: paper generation and answer saves of the managers' exam (issue 23).

    .venv/bin/python bench/training_bench.py                    # fresh SQLite DB under var/bench/
    .venv/bin/python bench/training_bench.py --papers 200 --saves 300

1. Paper generation: `services.draw_paper` for an officer (30 questions drawn by the syllabus shares from
   the bank the rules give, options shuffled). Budget p95 < 50 ms.
2. Answer save: the examinee's `POST /api/v1/training/exam/answers` (one answer, by one-time code, no
   login) through Django's test Client, serially (server time, no network). Budget p95 < 300 ms.
   The issue's concurrent load (500 examinees, one save every 10 s each) is not run here: serially each
   save is a locked read of the paper and one upsert, so the figure bounds the per-save cost only.

Exit status 1 if a budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--papers", type=int, default=100)
    p.add_argument("--saves", type=int, default=200)
    args = p.parse_args()
    path = REPO / "var" / "bench" / "training.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["SHOUHU_DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.test")
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO / "tests"))
    import django

    django.setup()
    import random

    import factories as t
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from shouhu.core.roles import Role
    from shouhu.core.system import SYSTEM
    from shouhu.training import services

    call_command("migrate", verbosity=0)
    print(
        f"# training bench — {platform.node()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
        f"DB {connection.vendor}, load {os.getloadavg()[0]:.1f}"
    )
    bank = services.bank_sync(actor=SYSTEM)
    ent = t.make_enterprise(t.COUNTY, name="基准婴幼儿食品有限公司")
    principal = t.make_user(Role.PRINCIPAL, enterprise=ent, username="bench_principal")
    officer = t.make_person(ent, role="officer", name="基准安全员")
    rng = random.Random(1)
    draws = []
    for _ in range(args.papers):
        t0 = time.perf_counter()
        services.draw_paper("officer", enterprise_id=ent.pk, rng=rng)
        draws.append((time.perf_counter() - t0) * 1000)
    attempt, code = services.attempt_assign(actor=principal, person_id=officer.pk, purpose="entry")
    services.attempt_open(code=code)
    client = Client()
    saves = []
    for i in range(args.saves):
        item = attempt.items[i % len(attempt.items)]
        body = json.dumps({"code": code, "question_id": item["q"], "chosen": [0]})
        t0 = time.perf_counter()
        r = client.post("/api/v1/training/exam/answers", data=body, content_type="application/json")
        saves.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, r.content
    ok = True
    for name, values, budget in (("paper generation", draws, 50), ("answer save (API)", saves, 300)):
        p95 = pct(values, 0.95)
        ok &= p95 < budget
        print(
            f"{name}: n={len(values)} median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms "
            f"(budget {budget} ms) {'ok' if p95 < budget else 'MISSED'}"
        )
    print(f"bank: {bank['total']} questions from the rule data")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
