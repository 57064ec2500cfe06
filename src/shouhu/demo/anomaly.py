"""Demo data for anomaly detection (issue 32): a few planted patterns, then one run, so the alerts page
shows alerts with their evidence. Two producing enterprises retried a release the gate refused (logged
refusals), which a run finds with whatever else the demo's records show. Bulk writes, one run: fast."""

from __future__ import annotations

from typing import Any


def seed(*, province: str) -> dict[str, Any]:
    from shouhu.anomaly.services import alerts_run
    from shouhu.core.regulation import today
    from shouhu.core.system import SYSTEM
    from shouhu.production.models import Batch, Gate, GateRefusal

    batches = list(
        Batch.objects.filter(enterprise__division_code__startswith=province[:2]).order_by("pk")[:40]
    )
    seen: dict[int, Batch] = {}
    for b in batches:
        seen.setdefault(b.enterprise_id, b)
    firms = list(seen.values())[:2]
    reasons = [("release.tests", "出厂检验项目缺少合格结果"), ("release.report_unknown", "报告无检验记录")]
    GateRefusal.objects.bulk_create(
        GateRefusal(
            enterprise_id=b.enterprise_id,
            batch=b,
            gate=Gate.RELEASE,
            reason=reasons[i % 2][0],
            message=reasons[i % 2][1],
            cite="《婴幼儿辅助食品生产许可审查细则》第六十一条",
            actor_label="演示",
        )
        for b in firms
        for i in range(4)
    )
    run = alerts_run(actor=SYSTEM, day=today(), division_code=province)
    return run.counts
