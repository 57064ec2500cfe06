"""Detectors run incrementally on push (issue 32.4): an enterprise system's write (`core.hooks.enterprise_pushed`,
sent when its key is checked, before the write itself) schedules one run over that enterprise's rows of the
day, `DEBOUNCE` seconds later — so a burst of pushes makes one run, and the run sees what was pushed. Only
with Celery (production); the embedded default runs on demand from the alerts page, as the issue asks.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache

from shouhu.core import jobs


def debounce_seconds() -> int:
    return int(getattr(settings, "SHOUHU_ANOMALY_PUSH_DEBOUNCE", 300))


def on_push(sender: Any, enterprise_id: int, **_: Any) -> bool:
    """Schedule the enterprise's run unless one is already waiting; True when one was scheduled."""
    if jobs.mode() != "celery":
        return False
    delay = debounce_seconds()
    if not cache.add(f"anomaly:push:{int(enterprise_id)}", 1, timeout=delay):
        return False  # a run is already scheduled for this enterprise's latest pushes
    from .tasks import after_push

    after_push.apply_async(args=[int(enterprise_id)], countdown=delay)
    return True
