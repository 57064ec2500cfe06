"""Consumer look-up (第七十二条): the small cache-based rate limiter in front of it.

Which batch a look-up means and what of it is public lives in `trace.consumer`.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from shouhu.core.errors import ErrorCode, ServiceError

from .error_codes import TraceError as E

LIMIT_PER_MINUTE = 30


class RateLimited(ServiceError):
    code = ErrorCode.RATE_LIMITED
    status = 429


def client_ip(request: Any) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _now() -> float:
    return time.time()


def check_rate(key: str, limit: int = LIMIT_PER_MINUTE, window: int = 60) -> None:
    """Fixed-window counter in Django's cache: at most `limit` look-ups per `window` seconds per key."""
    bucket = f"lookup:{key}:{int(_now() // window)}"
    cache.add(bucket, 0, timeout=window + 5)
    try:
        count = cache.incr(bucket)
    except ValueError:  # evicted between add and incr
        cache.set(bucket, 1, timeout=window + 5)
        count = 1
    if count > limit:
        raise RateLimited(
            _("查询过于频繁，请稍后再试"),
            details={"limit_per_minute": limit, "reason": str(E.LOOKUP_RATE_LIMITED)},
        )
