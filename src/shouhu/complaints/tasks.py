"""Routing of portal filings off the request (issue 29, "Speed"): `services.intake.intake_drain` in batches.

Where it runs, as `core.jobs` decides:
- production (Celery with a broker): `shouhu.complaints.route` on a worker, kicked after a filing's commit
  at most once a second per web process (a burst makes one task each), and every minute by beat as the
  backstop;
- the embedded default (no broker): one daemon thread per web process, woken by each filing, draining
  until the queue is empty — whichever process takes a batch holds the write lock, so none is routed twice;
- tests (`mode="inline"`): on the calling thread, before the filing returns.
"""

from __future__ import annotations

import logging
import threading
import time

from celery import shared_task
from django.db import close_old_connections

from shouhu.core import jobs

logger = logging.getLogger(__name__)

GATHER = 0.2  # seconds the embedded drainer waits after a wake-up, so a burst is routed in one batch

_wake = threading.Event()
_lock = threading.Lock()
_thread: threading.Thread | None = None


def routes_inline() -> bool:
    return jobs.mode() == "inline"


_kicked_at = 0.0  # when this process last sent the Celery task (monotonic seconds)


def kick() -> None:
    """A filing was committed: have the queue drained soon (called from `transaction.on_commit`). Celery:
    each web process sends at most one task a second (a process-local clock, so a filing costs no cache
    round trip for it); a task drains every process's filings, and beat's backstop runs every minute."""
    global _kicked_at, _thread
    if jobs.mode() == "celery":
        now = time.monotonic()
        with _lock:
            due = now - _kicked_at >= 1.0
            if due:
                _kicked_at = now
        if due:
            route.apply_async(countdown=1)
        return
    _wake.set()
    with _lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_loop, name="complaints-route", daemon=True)
            _thread.start()


def _loop() -> None:
    from .services.intake import intake_drain

    while True:
        _wake.wait()
        time.sleep(GATHER)
        _wake.clear()
        try:
            while intake_drain():
                pass
        except Exception:  # logged; the next filing (or beat in production) retries what is still queued
            logger.exception("routing queued complaints failed")
        finally:
            close_old_connections()


@shared_task(name="shouhu.complaints.route")
def route() -> int:
    """Drain the queue of filings (a kick after filings, and beat's backstop every minute)."""
    from .services.intake import intake_drain

    total = 0
    while n := intake_drain():
        total += n
    return total
