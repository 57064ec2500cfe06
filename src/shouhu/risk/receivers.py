"""Signals that re-grade an enterprise: a write to a record a signal source reads, after commit.

Only an enterprise already graded is re-graded (a fresh one waits for its jurisdiction's review). The
task runs on Celery in production and inline in the embedded default; tests call it directly.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

# model label → how to read the enterprise id off an instance
WATCHED: dict[str, str] = {
    "trace.Recall": "enterprise_id",
    "labelstore.LabelCheck": "enterprise_id",
    "findings.Rectification": "enterprise_id",
    "findings.Finding": "enterprise_id",
    "registry.Licence": "enterprise_id",
    "registry.ContractManufacturing": "manufacturer_id",
    "sampling.Sample": "enterprise_id",  # a verdict reached (issue 27)
    "disposal.Case": "enterprise_id",  # a failure's 核查处置 opened, closed or ended (issue 28)
    "enforcement.Case": "enterprise_id",  # a penalty decided or annulled (issue 30)
    "enforcement.CreditListEntry": "enterprise_id",  # listed on or removed from the 失信 list
    "enforcement.CreditRepair": "enterprise_id",  # a credit repair decided
}


def _on_save(sender: Any, instance: Any, raw: bool = False, **_: Any) -> None:
    if raw:
        return
    enterprise_id = getattr(instance, WATCHED[sender._meta.label], None)
    if not enterprise_id:
        return
    signal = f"{sender._meta.label}:{instance.pk}"

    def run() -> None:
        from .models import RiskProfile
        from .tasks import regrade

        if RiskProfile.objects.filter(enterprise_id=enterprise_id).exists():
            regrade.delay(enterprise_id, signal)

    transaction.on_commit(run)


def _on_obligation(sender: Any, instance: Any, raw: bool = False, **_: Any) -> None:
    """An inspection task's obligation completed → the task is done (progress of the plan)."""
    if raw or instance.kind != "risk.inspection" or instance.status != "done":
        return
    from .models import InspectionTask

    InspectionTask.objects.filter(obligation_id=instance.pk, done_on__isnull=True).update(
        done_on=(timezone.localdate(instance.done_at) if instance.done_at else None)
    )


def connect() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_on_save, sender=model, dispatch_uid=f"risk.regrade.{label}")
    post_save.connect(
        _on_obligation, sender=apps.get_model("obligations.Obligation"), dispatch_uid="risk.task.done"
    )
