"""Background work for contract oversight: in production `celery beat` discharges the 受托方's release
duties of contract batches production has since released (idempotent)."""

from __future__ import annotations

from celery import shared_task

from shouhu.core.system import SystemActor

from .services import releases_sync


@shared_task(name="shouhu.contract.releases_sync")
def sync_releases() -> int:
    return releases_sync(actor=SystemActor("系统任务（委托生产放行同步）"))
