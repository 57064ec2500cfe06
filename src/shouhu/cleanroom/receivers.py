"""What clean-room monitoring hears: a licence granted (make the premises), production's release question
(was this batch made during an open deviation of its zone?) and the zone a pushed batch is made in."""

from __future__ import annotations

from typing import Any


def licence_granted(sender: Any, *, application_id: int, **kwargs: Any) -> None:
    from .services import zones_from_application

    zones_from_application(application_id=application_id)


def release_flags(batch_id: int) -> list[dict[str, Any]]:
    """Deviations of the batch's zone open on its production day (or opened before it and closed after)."""
    from .selectors import deviations_during

    return [
        {
            "title": d.finding.title if d.finding_id else str(d),
            "url": f"/cleanroom/zones/{d.zone_id}/",
            "reason": "批次生产期间所在洁净区存在未关闭的环境监测偏离（第五十八条、表9）",
        }
        for d in deviations_during(batch_id)
    ]


def batch_zone(batch_id: int, zone: str, line: str, actor: Any) -> None:
    """Production's batch push named the zone (code) it is made in: recorded as from the zone page (a zone
    of another enterprise or none is not found, and the batch is rolled back with it)."""
    from django.utils.translation import gettext_lazy as _

    from shouhu.core.errors import NotFound
    from shouhu.production.models import Batch

    from .models import Zone
    from .services import batch_zone_record

    batch = Batch.objects.only("id", "enterprise_id", "number").get(pk=batch_id)
    found = Zone.objects.filter(enterprise_id=batch.enterprise_id, code=zone).first()
    if found is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "zone", "zone": zone})
    batch_zone_record(actor=actor, batch_number=batch.number, zone=found, line=line)
