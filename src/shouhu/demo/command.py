"""Demo data for the command view (issue 31): its snapshots, taken last after every other capability is
seeded. The trend needs history, so the demo also takes one snapshot for each of the past weeks, each read
as of that day where the capabilities' reads take a day (connection window, renewal deadlines, plan
windows, sampling quarter, self-control month) — the counts of open cases and complaints are today's.
Then today's snapshot and the province's weekly brief (PDF, skipped where WeasyPrint cannot run)."""

from __future__ import annotations

import logging
from datetime import timedelta

logger = logging.getLogger(__name__)

WEEKS = 8


def seed(*, province: str, weeks: int = WEEKS) -> dict[str, int]:
    from django.utils import timezone

    from shouhu.command import services

    now = timezone.now()
    for k in range(weeks, 0, -1):
        then = now - timedelta(weeks=k)
        services.snapshot_build(now=then, day=timezone.localdate(then), trigger="demo")
    snap = services.snapshot_build(trigger="demo")
    briefs = 0
    try:
        services.brief_queue_system(province, snap)
        briefs = 1
    except Exception as exc:  # a demo without PDF fonts or pango still has its figures
        logger.warning("demo: no weekly brief (%s)", exc)
    return {"snapshots": weeks + 1, "figures": snap.figures.count(), "briefs": briefs}
