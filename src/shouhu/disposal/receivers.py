"""What 核查处置 hears: sampling's failures (open a case) and licensing's question (what blocks a decision)."""

from __future__ import annotations

from typing import Any

from shouhu.core.access import Actor


def open_cases(sender: Any, *, sample_ids: list[int], actor: Actor, **kwargs: Any) -> None:
    from shouhu.sampling.models import Sample

    from .services import case_open

    for sample in (
        Sample.objects.filter(pk__in=sample_ids).select_related("enterprise", "batch").order_by("pk")
    ):
        case_open(actor=actor, sample=sample)


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
