"""Template helpers for production pages: a 附件1 record's field by its (Chinese) name."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(data: Any, key: str) -> Any:
    return data.get(key, "") if isinstance(data, dict) else ""
