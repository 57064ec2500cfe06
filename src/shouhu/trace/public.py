"""Consumer look-up (第七十二条): the small cache-based rate limiter in front of it.

Which batch a look-up means and what of it is public lives in `trace.consumer`.
"""

from __future__ import annotations

import time
from typing import Any

from shouhu.core import ratelimit

from .error_codes import TraceError as E

LIMIT_PER_MINUTE = 30  # look-ups of one code by one client per minute (and at once: the burst)
CLIENT_PER_MINUTE = 600  # of any codes by one client address: generous, a shop's Wi-Fi or a carrier NAT
CLIENT_BURST = 200  # puts many shoppers behind one address (core.ratelimit)


class RateLimited(ratelimit.RateLimited):
    pass


def client_ip(request: Any) -> str:
    """The real client behind the configured trusted proxies (SHOUHU_PROXY_COUNT)."""
    return ratelimit.client_address(request)


def _now() -> float:
    return time.time()


def check_rate(key: str, limit: int = LIMIT_PER_MINUTE, window: int = 60, *, code: str = "") -> None:
    """Token buckets in the shared cache: `limit` per `window` per (client, code), and a generous one per
    client; RateLimited (429, `details.retry_after` seconds) when either is empty."""
    per_code = ratelimit.Bucket("lookup.code", limit * 60 / window, limit)
    per_client = ratelimit.Bucket("lookup.client", CLIENT_PER_MINUTE, CLIENT_BURST)
    code = (code or "").strip().upper()[:64]
    ratelimit.check(
        [(per_code, f"{key}|{code}"), (per_client, key)],
        now=_now(),
        error=RateLimited,
        limit_per_minute=limit,
        reason=str(E.LOOKUP_RATE_LIMITED),
    )
