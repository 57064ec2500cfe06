"""Template helpers of trace: the recalls in progress a home page lists (issue 14.2)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def recalls_in_progress(context: Any) -> list[dict[str, Any]]:
    from shouhu.core import access
    from shouhu.trace import supervision

    user = getattr(context.get("request"), "user", None)
    if not access.can(user, "trace.recall.supervise") and not access.can(user, "trace.recall.manage"):
        return []
    return [{"recall": r, **supervision.progress(r)} for r in supervision.in_progress(user)]
