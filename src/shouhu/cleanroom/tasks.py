"""Background work for clean-room monitoring: in production `celery beat` runs the missed-reading sweep of
every clean zone after each shift (漏测 deviations, the coming week's duties); idempotent."""

from __future__ import annotations

from celery import shared_task

from .models import Zone
from .services import missing_sweep


@shared_task(name="shouhu.cleanroom.missing_sweep")
def sweep_missing() -> int:
    made = 0
    for zone in Zone.objects.filter(grade="clean").order_by("pk"):
        made += missing_sweep(zone=zone)
    return made
