"""What 核查处置 hears: sampling's failures (open a case) and licensing's question (what blocks a decision)."""

from __future__ import annotations

from typing import Any

from shouhu.core.access import Actor


def open_cases(sender: Any, *, sample_ids: list[int], actor: Actor, **kwargs: Any) -> None:
    from shouhu.core.roles import Role
    from shouhu.core.system import SystemActor
    from shouhu.sampling.models import Sample

    from .services import cases_open_many

    # A lab's key (no platform role) reported the failure: the platform opens the case on its behalf (the
    # lab may not create the regulator's obligations), named in the ledger as the lab's report.
    if getattr(actor, "role", None) not in {r.value for r in Role}:
        label = getattr(actor, "actor_label", "") or "检验机构"
        actor = SystemActor(f"系统任务（{label}报告不合格）"[:100])
    samples = Sample.objects.filter(pk__in=sample_ids).select_related("enterprise", "batch", "task__plan")
    cases_open_many(actor=actor, samples=samples.order_by("pk"))


def licence_blockers(enterprise_id: int) -> list[dict[str, Any]]:
    """An open 核查处置 blocks a renewal or change until the cause is found and the rectification closed."""
    from .selectors import open_cases_of

    return [
        {
            "title": f"核查处置 {c.number}：{c.batch.product.name} 批号 {c.batch.number}（{'；'.join(c.failed_items)}）",
            "url": f"/disposal/{c.pk}/",
            "reason": "监督抽检不合格，原因未查明或整改未办结",
        }
        for c in open_cases_of(enterprise_id)
    ]
