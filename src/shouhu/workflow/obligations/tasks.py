"""Background work for obligations: in production `celery beat` escalates overdue duties every hour.

The embedded default needs none of it: overdue is derived when read, so pages and counts are right without
a scheduler; only escalation (and its notifications) waits for the beat.
"""

from __future__ import annotations

from celery import shared_task

from shouhu.core.system import SystemActor

from . import services

ESCALATION = SystemActor("系统任务（逾期升级）")


@shared_task(name="shouhu.obligations.escalate_overdue")
def escalate_overdue_obligations() -> int:
    """Raise each overdue obligation one level (owner's superior role, then the regulator); idempotent per level."""
    return services.escalate_overdue(actor=ESCALATION)


@shared_task(name="shouhu.obligations.recompute")
def recompute_provisional() -> int:
    """Count provisional due dates again once a holiday calendar is loaded (also `shouhu obligations recompute`)."""
    return services.obligations_recompute(actor=ESCALATION)
