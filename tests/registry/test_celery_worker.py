"""Celery end to end: a real worker process, a real Redis broker and result backend (127.0.0.1:6379/15).

Design:

* The worker is `celery -A shouhu.config worker --pool=solo -c 1` in a subprocess, listening on a queue
  unique to this test run, so concurrent runs (and stray workers) on the same Redis database never take
  each other's tasks.
* Tasks are sent by a separate Celery client pointed at Redis: the test settings run tasks eagerly, so
  `.delay()` in this process would never reach a broker.
* `shouhu.core.ping` needs no database: its answer carries the worker's node name, which proves the task
  crossed Redis to that worker and its result came back through the Redis backend.
* `shouhu.registry.expire_licences` needs the database: the worker is given the test database's URL, so
  it runs on PostgreSQL (committed rows via `transactional_db`). The SQLite test database lives in this
  process's memory and cannot be shared, so there that test is skipped with the reason.

Without a reachable Redis the tests skip with the reason — except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from shouhu.registry.events import RegistryAction

pytestmark = pytest.mark.redis

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 15
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
TIMEOUT = 60  # seconds for a worker to start and answer; generous for a loaded CI machine


def _redis_up() -> str | None:
    """None if Redis answers PING, else why not."""
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=2) as sock:
            sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            reply = sock.recv(64)
    except OSError as exc:
        return f"Redis not reachable at {REDIS_HOST}:{REDIS_PORT}: {exc}"
    return None if reply.startswith(b"+PONG") else f"Redis at {REDIS_HOST}:{REDIS_PORT} answered {reply!r}"


@pytest.fixture(scope="module")
def redis_available():
    problem = _redis_up()
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{problem} (CI=true: the Celery worker test must run in CI)")
        pytest.skip(problem)


@pytest.fixture
def client():
    """A Celery client that only sends and collects results over Redis."""
    from celery import Celery

    # Not the current app: shared tasks elsewhere in the suite must keep resolving to shouhu's (eager) app.
    app = Celery("shouhu-test-client", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"])
    yield app
    app.close()


def _start_worker(tmp_path: Path, queue: str, node: str, database_url: str | None) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shouhu.config.settings.base",
        "SHOUHU_CELERY_BROKER_URL": REDIS_URL,
        "SHOUHU_CELERY_RESULT_BACKEND": REDIS_URL,
        "SHOUHU_CELERY_EAGER": "0",
        "SHOUHU_VAR_DIR": str(tmp_path / "var"),
        "SHOUHU_CONN_MAX_AGE": "0",  # no lingering connection that would block dropping the test DB
    }
    if database_url:
        env["SHOUHU_DATABASE_URL"] = database_url
    else:
        env.pop("SHOUHU_DATABASE_URL", None)
    log = (tmp_path / "worker.log").open("wb")
    cmd = [
        sys.executable, "-m", "celery", "-A", "shouhu.config", "worker", "--pool=solo", "-c", "1",
        "-Q", queue, "-n", node, "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--loglevel=INFO",
    ]  # fmt: skip
    return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()  # warm shutdown
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _cleanup_queue(queue: str) -> None:
    """Remove the run's queue and its binding keys so db 15 does not collect leftovers."""
    import redis

    r = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    r.delete(queue, *r.scan_iter(f"_kombu.binding*.{queue}"))
    r.close()


@pytest.fixture
def worker(redis_available, tmp_path):
    """A function starting the worker (optionally on a database URL); stopped and cleaned up afterwards."""
    queue = f"shouhu-test-{uuid.uuid4().hex[:12]}"
    node = f"{queue}@{socket.gethostname()}"
    started = {}

    def start(database_url: str | None = None):
        started["proc"] = _start_worker(tmp_path, queue, node, database_url)
        return queue, node

    yield start
    if "proc" in started:
        _stop(started["proc"])
        _cleanup_queue(queue)


def _get(result, tmp_path: Path):
    try:
        value = result.get(timeout=TIMEOUT)
        result.forget()
        return value
    except Exception as exc:
        log = (tmp_path / "worker.log").read_text(errors="replace")[-4000:]
        pytest.fail(f"no result from the worker within {TIMEOUT} s: {exc!r}\n--- worker log ---\n{log}")


def test_ping_crosses_redis_to_a_real_worker(worker, client, tmp_path):
    queue, node = worker()
    started = time.monotonic()
    answer = _get(client.send_task("shouhu.core.ping", queue=queue), tmp_path)
    assert answer["pong"] is True
    assert answer["worker"] == node  # run by that worker process, not inline
    assert answer["pid"] != os.getpid()
    assert time.monotonic() - started < TIMEOUT


@pytest.mark.django_db(transaction=True)
def test_expire_licences_runs_in_the_worker_against_the_test_database(worker, client, tmp_path, ent_a):
    import factories as t
    from django.db import connection

    from shouhu.core.models import AuditEntry
    from shouhu.registry.models import LicenceStatus
    from shouhu.registry.tasks import EXPIRY_REASON

    if connection.vendor != "postgresql":
        pytest.skip(
            "the SQLite test database is in this process's memory, so a worker process cannot see it; "
            "run with SHOUHU_DATABASE_URL=postgres://… to include this test (ping above still proves the broker)"
        )
    s = connection.settings_dict
    user = s.get("USER") or ""
    auth = f"{user}:{s['PASSWORD']}@" if s.get("PASSWORD") else (f"{user}@" if user else "")
    database_url = f"postgres://{auth}{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"

    today = date.today()
    lapsed = t.make_licence(
        ent_a, issued_on=today - timedelta(days=5 * 365), expires_on=today - timedelta(days=2)
    )
    valid = t.make_licence(ent_a, issued_on=today - timedelta(days=30))

    queue, _node = worker(database_url)
    assert _get(client.send_task("shouhu.registry.expire_licences", queue=queue), tmp_path) == 1
    lapsed.refresh_from_db()
    valid.refresh_from_db()
    assert lapsed.status == LicenceStatus.EXPIRED and valid.status == LicenceStatus.ACTIVE
    entry = AuditEntry.objects.get(action=RegistryAction.LICENCE_SET_STATUS, object_id=str(lapsed.pk))
    assert entry.reason == EXPIRY_REASON and entry.actor_label == "系统任务"
    # Idempotent through the worker as well.
    assert _get(client.send_task("shouhu.registry.expire_licences", queue=queue), tmp_path) == 0
