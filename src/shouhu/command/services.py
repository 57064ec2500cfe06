"""The command view's writes: a snapshot of every capability's figures, and the weekly brief (a PDF job).

Both write only the command view's own tables. A snapshot is written in one transaction and marked
complete at the end, so a page never reads a half-written one; the previous snapshot stays readable
meanwhile (and afterwards, as a trend point).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, jobs
from shouhu.core.access import Actor
from shouhu.core.errors import ServiceError
from shouhu.core.system import SYSTEM

from . import aggregate
from .error_codes import CommandError
from .models import Brief, Figure, Snapshot

logger = logging.getLogger(__name__)


def snapshot_build(
    *, actor: Actor = SYSTEM, now: datetime | None = None, day: date | None = None, trigger: str = "schedule"
) -> Snapshot:
    """Read every capability (as the system) and store its figures per county.

    `now`/`day` default to the present; the demo passes earlier moments to give the trend its history.
    """
    access.require(actor, "command.refresh")
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    moment = aggregate.Moment(now=now, day=day)
    started = time.perf_counter()
    counties = aggregate.counties()
    figures: Counter = Counter()
    failed: list[str] = []
    for cap, reader in aggregate.READERS.items():
        got = aggregate._zero(cap, counties)
        try:
            with transaction.atomic():  # a failed read (PostgreSQL) must not poison the rest
                reader(moment, got)
        except Exception:
            logger.exception("command snapshot: %s could not be read", cap)
            failed.append(cap)
            continue
        figures.update(got)
    with transaction.atomic():
        snap = Snapshot.objects.create(taken_at=now, as_of=day, trigger=trigger, failed=failed)
        Figure.objects.bulk_create(
            [
                Figure(snapshot=snap, level=level, division_code=code, key=key, value=value)
                for (level, code, key), value in sorted(rollup(figures).items())
            ],
            batch_size=2000,
        )
        snap.complete = True
        snap.seconds = round(time.perf_counter() - started, 3)
        snap.save(update_fields=["complete", "seconds"])
    return snap


KEEP_HOURLY_DAYS = 2


def snapshot_prune(*, now: datetime | None = None) -> int:
    """Hourly snapshots older than two days thinned to the last of each day (the trend's daily points);
    a snapshot a brief was made from stays. Derived rows, not regulated records: nothing is lost that the
    other apps do not still hold. Returns how many snapshots were removed."""
    now = now or timezone.now()
    old = Snapshot.objects.filter(taken_at__lt=now - timedelta(days=KEEP_HOURLY_DAYS))
    keep: dict[date, int] = {}
    for pk, day in old.order_by("-taken_at", "-pk").values_list("pk", "as_of"):
        keep.setdefault(day, pk)
    drop = old.exclude(pk__in=list(keep.values())).exclude(briefs__isnull=False)
    ids = list(drop.values_list("pk", flat=True))
    with transaction.atomic():
        Figure.objects.filter(snapshot_id__in=ids).delete()
        Snapshot.objects.filter(pk__in=ids).delete()
    return len(ids)


def rollup(figures: Counter) -> Counter:
    """County figures and their sums per city, province and the whole platform: {(level, code, key): v}."""
    out: Counter = Counter()
    for (code, key), value in figures.items():
        if not code:
            continue
        out[("county", code, key)] += value
        out[("city", code[:4] + "00", key)] += value
        out[("province", code[:2] + "0000", key)] += value
        out[("all", "", key)] += value
    return out


# ---- the weekly brief ------------------------------------------------------------------------------------

BRIEF_KIND = "command.brief"


def brief_queue(*, actor: Actor, code: str) -> dict[str, Any]:
    """Queue the PDF brief of jurisdiction `code` (its latest snapshot); the job's status for the page."""
    from . import brief, selectors

    access.require(actor, "command.view")
    code = selectors.jurisdiction_code(actor, code)
    snap = selectors.latest_snapshot()
    if snap is None:
        raise ServiceError(_("尚无统计快照，无法生成简报"), details={"reason": CommandError.NO_SNAPSHOT})
    html = brief.brief_html(actor, code, snap)
    job_id = jobs.submit(
        kind=BRIEF_KIND,
        target="shouhu.core.pdf:render_pdf",
        finish="shouhu.command.services:brief_finish",
        payload=html,
        owner={"user": getattr(actor, "pk", None), "division": code, "snapshot": snap.pk},
    )
    return jobs.get(job_id) or {"id": job_id, "status": jobs.QUEUED}


def brief_finish(job: dict[str, Any], outcome: tuple[str, Any]) -> dict[str, Any]:
    status, value = outcome
    if status != "ok":
        raise ServiceError(
            _("简报生成失败：%(reason)s"),
            params={"reason": str(value.get("detail", ""))[:200]},
            details={"reason": CommandError.BRIEF_FAILED},
        )
    owner = job["owner"]
    pdf = bytes(value)
    made = Brief.objects.create(
        snapshot_id=owner["snapshot"], division_code=owner["division"], pdf=pdf, size=len(pdf)
    )
    return {"brief": made.pk}


def weekly_briefs() -> list[int]:
    """The scheduler's weekly run: a fresh snapshot, then one brief per province that has figures."""
    snap = snapshot_build(trigger="weekly")
    provinces = sorted(set(snap.figures.filter(level="province").values_list("division_code", flat=True)))
    return [brief_queue_system(code, snap) for code in provinces]


def brief_queue_system(code: str, snap: Snapshot) -> int:
    from . import brief

    html = brief.brief_html(SYSTEM, code, snap)
    cfg = jobs.config()  # the same child-process caps as a queued job
    status, value = jobs.run_isolated(
        "shouhu.core.pdf:render_pdf", html, memory_mb=cfg["memory_mb"], timeout=cfg["timeout"]
    )
    return brief_finish({"owner": {"snapshot": snap.pk, "division": code}}, (status, value))["brief"]
