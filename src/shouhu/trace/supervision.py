"""What a recall's page shows the regulator (issue 14.2): deadlines, progress, overdue marks.

The deadlines are the recall's own (`plan_due_at`, `finish_due_on`), computed at the start from rule
parameter `recall.level-N` (hours to start and report the plan; working days to finish, core.workdays)
and cited by `deadline_source`. Overdue is judged here from those, never from literals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from shouhu.core.access import Actor

from . import selectors
from .models import Recall, RecallStatus


def progress(recall: Recall) -> dict[str, Any]:
    """Recovered vs shipped, customers notified, and which deadline is missed."""
    items = list(recall.items.all())
    shipped = sum((i.quantity for i in items), Decimal(0))
    recovered = sum((i.recovered for i in items), Decimal(0))
    customers = [i for i in items if i.shipment_id]
    notified = sum(1 for i in customers if i.notified_at)
    now, today = timezone.now(), timezone.localdate()
    open_ = recall.status == RecallStatus.IN_PROGRESS
    plan_overdue = (recall.reported_at or now) > recall.plan_due_at
    finish_overdue = (
        (today > recall.finish_due_on)
        if open_
        else bool(recall.completed_on and recall.completed_on > recall.finish_due_on)
    )
    return {
        "items": items,
        "shipped": shipped,
        "recovered": recovered,
        "percent": int(recovered * 100 / shipped) if shipped else 0,
        "customers": len(customers),
        "notified": notified,
        "plan_overdue": plan_overdue,
        "finish_overdue": finish_overdue,
    }


def in_progress(actor: Actor, limit: int = 10) -> QuerySet[Recall]:
    return (
        selectors.recall_list(actor).filter(status=RecallStatus.IN_PROGRESS).order_by("finish_due_on")[:limit]
    )
