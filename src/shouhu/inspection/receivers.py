"""A concluded inspection re-grades its enterprise (if it is graded already), after commit."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone


def _on_save(sender: Any, instance: Any, raw: bool = False, **_: Any) -> None:
    if raw or not instance.outcome or instance.state != "awaiting_signature":
        return
    enterprise_id, signal = instance.enterprise_id, f"inspection.Inspection:{instance.pk}"

    def run() -> None:
        from shouhu.risk.models import RiskProfile
        from shouhu.risk.tasks import regrade

        if RiskProfile.objects.filter(enterprise_id=enterprise_id).exists():
            regrade.delay(enterprise_id, signal)

    transaction.on_commit(run)


def credit_records(enterprise_id: int) -> list[dict[str, Any]]:
    """This enterprise's concluded inspections for its 信用档案 (`core.hooks.register_credit_source`):
    public once the result is published (Order 49)."""
    from .models import Inspection, State

    rows = Inspection.objects.filter(enterprise_id=enterprise_id, concluded_at__isnull=False).order_by(
        "-concluded_at"
    )[:50]
    return [
        {
            "kind": "inspection",
            "date": timezone.localdate(i.concluded_at),
            "title": f"{i.get_kind_display()} {i.number}",
            "outcome": i.get_outcome_display(),
            "url": f"/inspection/{i.pk}/",
            "public": i.state == State.PUBLISHED,
        }
        for i in rows
    ]


def connect() -> None:
    from .models import Inspection

    post_save.connect(_on_save, sender=Inspection, dispatch_uid="inspection.regrade")
