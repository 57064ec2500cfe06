"""Heavy work off the request (issue 12): a job is queued, the request answers 202 with a status URL,
and the page polls it.

Why: one OCR of a 40 MP image grew a web worker to 1.3 GB and held it 30 s; two at once blocked every
page. Here the heavy part (a pure function of its input: OCR, PDF rendering) runs in a child process
with an address-space cap (`resource.setrlimit(RLIMIT_AS)`) and a wall-clock timeout, so a bad input
kills only that child and answers "failed", never the web worker. The parent then calls the job's
`finish` function (short database writes) in its own process.

Where it runs:
- production (Celery with a broker): `shouhu.core.run_job` on a Celery worker; the child isolation
  is the same there (Celery's own time limits are the backstop);
- the embedded default (eager Celery, no broker): a bounded thread pool inside the web process
  (SHOUHU_JOBS["workers"] threads, each waiting on one child) with a bounded queue — a full queue is
  refused with 429 and Retry-After rather than queued without end;
- `mode="inline"` (tests): the same child, run on the calling thread.

Job state lives in Django's cache (Redis in production, the file cache under var/ in the embedded
default): {status, owner, progress, result, error}. Input bytes are kept there until the job starts.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import threading
import time
import traceback
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections
from django.utils.translation import gettext_lazy as _

from .errors import ErrorCode, ServiceError

logger = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
DEFAULTS = {
    "mode": "auto",  # auto: celery when a broker is configured, else the in-process pool
    "workers": 1,  # concurrent heavy jobs per web process (each is one child process)
    "queue": 4,  # jobs waiting beyond the running ones before 429
    "memory_mb": 2048,  # address-space cap of the child (onnxruntime + a downscaled 8 MP image fit)
    "timeout": 120,  # seconds of wall clock for the child
    "keep": 3600,  # seconds a finished job's status stays readable
}


class Busy(ServiceError):
    code = ErrorCode.RATE_LIMITED
    status = 429


def config() -> dict[str, Any]:
    return DEFAULTS | dict(getattr(settings, "SHOUHU_JOBS", {}) or {})


def mode() -> str:
    m = config()["mode"]
    if m != "auto":
        return m
    return "pool" if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True) else "celery"


def _key(job_id: str) -> str:
    return f"job:{job_id}"


def get(job_id: str) -> dict[str, Any] | None:
    return cache.get(_key(job_id))


def _save(job_id: str, job: dict[str, Any]) -> None:
    cache.set(_key(job_id), job, timeout=config()["keep"])


def _update(job_id: str, **changes: Any) -> dict[str, Any]:
    job = get(job_id) or {}
    job.update(changes)
    _save(job_id, job)
    return job


# ---- the child process ------------------------------------------------------------------------------


def _limit(memory_mb: int) -> None:
    """Cap the child's address space. glibc gives each thread its own malloc arena (64 MB of address
    space each), so onnxruntime's thread pool alone would use up an RLIMIT_AS cap that its real memory
    never reaches: two arenas are set first (M_ARENA_MAX), before any thread starts."""
    with contextlib.suppress(OSError):
        os.nice(10)  # background work: the web workers' requests come first for the CPU
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, 2)  # M_ARENA_MAX
    except (OSError, AttributeError):  # not glibc: the cap still applies
        pass
    try:
        import resource

        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):  # not on this platform: the timeout still holds
        pass


def _child(conn: Any, target: str, payload: Any, memory_mb: int) -> None:
    _limit(memory_mb)
    try:
        module, name = target.rsplit(":", 1)
        result = getattr(importlib.import_module(module), name)(payload)
        conn.send(("ok", result))
    except MemoryError:
        conn.send(("error", {"code": "job.memory", "detail": f"over {memory_mb} MB"}))
    except BaseException as exc:
        conn.send(("error", _describe(exc)))
    finally:
        conn.close()


def _describe(exc: BaseException) -> dict[str, Any]:
    out = {"code": getattr(exc, "code", "job.error"), "detail": str(exc)[:500]}
    for attr in ("message_zh", "message_en"):
        if hasattr(exc, attr):
            out[attr] = str(getattr(exc, attr))
    if out["code"] == "job.error":
        out["trace"] = traceback.format_exception_only(exc)[-1][:500]
    return out


def run_isolated(target: str, payload: Any, *, memory_mb: int, timeout: float) -> tuple[str, Any]:
    """Run `module:function(payload)` in a fresh child (spawned: no inherited threads or connections)
    under the caps; ("ok", result) or ("error", {code, detail, …}). A child over its time is killed."""
    # glibc reads MALLOC_ARENA_MAX at start-up: set for the spawned child (mallopt in it is a second net)
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, target, payload, memory_mb), daemon=True)
    proc.start()
    child.close()
    try:
        if parent.poll(timeout):
            try:
                return parent.recv()
            except EOFError:
                pass
        elif proc.is_alive():
            proc.kill()
            return "error", {"code": "job.timeout", "detail": f"over {timeout:.0f} s"}
        proc.join(5)
        # died without an answer: killed by the memory cap (or a signal)
        return "error", {"code": "job.memory", "detail": f"exit code {proc.exitcode}"}
    finally:
        parent.close()
        proc.join(5)
        if proc.is_alive():
            proc.kill()


# ---- running a job ------------------------------------------------------------------------------------


def execute(job_id: str) -> dict[str, Any]:
    """Run one queued job: the heavy part isolated, then `finish(job, outcome)` here (database writes)."""
    job = get(job_id)
    if job is None or job.get("status") != QUEUED:
        return job or {}
    cfg = config()
    payload = cache.get(_key(job_id) + ":input")
    job = _update(job_id, status=RUNNING, started=time.time(), progress=10)
    outcome = run_isolated(job["target"], payload, memory_mb=cfg["memory_mb"], timeout=cfg["timeout"])
    cache.delete(_key(job_id) + ":input")
    try:
        module, name = job["finish"].rsplit(":", 1)
        done = getattr(importlib.import_module(module), name)(job, outcome)
        job = _update(job_id, status=DONE, progress=100, result=done, finished=time.time())
    except ServiceError as exc:
        job = _update(job_id, status=FAILED, progress=100, error=exc.as_dict(), finished=time.time())
    except Exception as exc:
        logger.exception("job %s failed", job_id)
        job = _update(
            job_id, status=FAILED, progress=100, error={"code": "job.error", "message": str(exc)[:500]}
        )
    return job


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_waiting = 0


def _pool_run(job_id: str) -> None:
    global _waiting
    with _pool_lock:
        _waiting -= 1
    try:
        execute(job_id)
    finally:
        close_old_connections()


def submit(*, kind: str, target: str, finish: str, payload: Any, owner: dict[str, Any]) -> str:
    """Queue a job: `target(payload)` runs isolated, `finish(job, outcome)` stores the result. Returns
    the job id; raises Busy (429) when the embedded pool's queue is full."""
    global _pool, _waiting
    cfg = config()
    job_id = uuid.uuid4().hex
    how = mode()
    if how == "pool":
        with _pool_lock:
            if _waiting >= cfg["queue"]:
                raise Busy(
                    _("检查任务排队已满，请 %(seconds)s 秒后再试"),
                    params={"seconds": 30},
                    details={"retry_after": 30, "reason": "jobs.queue_full"},
                )
            _waiting += 1
    job = {"id": job_id, "kind": kind, "status": QUEUED, "progress": 0, "owner": owner}
    job |= {"target": target, "finish": finish, "created": time.time()}
    _save(job_id, job)
    cache.set(_key(job_id) + ":input", payload, timeout=cfg["keep"])
    if how == "inline":
        execute(job_id)
    elif how == "pool":
        with _pool_lock:
            if _pool is None:
                _pool = ThreadPoolExecutor(max_workers=cfg["workers"], thread_name_prefix="shouhu-job")
            _pool.submit(_pool_run, job_id)
    else:
        from .tasks import run_job

        run_job.delay(job_id)
    return job_id


def wait(job_id: str, timeout: float = 60) -> dict[str, Any]:
    """Poll until the job is done or failed (tests, the CLI)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = get(job_id) or {}
        if job.get("status") in (DONE, FAILED):
            return job
        time.sleep(0.1)
    return get(job_id) or {}
