"""Background work for HACCP monitoring: in production `celery beat` runs yesterday's missing-reading sweep
(漏测: each CCP in force whose periods lack the plan's readings gets a deviation) for every enterprise with a
plan in force, after the day's late pushes are in; idempotent."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from .models import PlanVersion, VersionStatus
from .services import missing_sweep


@shared_task(name="shouhu.haccp.missing_sweep")
def sweep_missing(day: str = "") -> int:
    when = dt.date.fromisoformat(day) if day else timezone.localdate() - dt.timedelta(days=1)
    enterprises = (
        PlanVersion.objects.filter(status=VersionStatus.SIGNED)
        .values_list("plan__enterprise_id", flat=True)
        .distinct()
        .order_by("plan__enterprise_id")
    )
    return sum(missing_sweep(enterprise_id=ent, day=when) for ent in enterprises)
