"""What clean-room monitoring hears: a licence granted (make the premises), and production's release
question (was this batch made during an open deviation of its zone?)."""

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
