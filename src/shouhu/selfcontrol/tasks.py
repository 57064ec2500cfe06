"""Background work for self-control: in production `celery beat` raises the county's to-dos nightly."""

from __future__ import annotations

from celery import shared_task

from shouhu.core.system import SystemActor

from .services.overdue import overdue_raise

OVERDUE = SystemActor("系统任务（主体责任逾期）")


@shared_task(name="shouhu.selfcontrol.overdue_raise")
def raise_overdue() -> int:
    """One to-do per enterprise and week for daily records missing past the grace period; idempotent."""
    return overdue_raise(actor=OVERDUE)
