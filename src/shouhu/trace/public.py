"""Consumer look-up (第七十二条): what anyone may see of a batch, and a small cache-based rate limiter.

Only public facts leave here: product, label, standard, producer, dates, release test results and any
recall. Never customers, quantities shipped, suppliers or people.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.models import Q

from shouhu.core import ratelimit
from shouhu.production.models import Batch, BatchStatus
from shouhu.production.selectors import release_check

from .error_codes import TraceError as E
from .models import Recall

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


def lookup(code: str) -> dict[str, Any] | None:
    """The public view of a batch by its batch number or trace code (None when unknown or unreleased)."""
    code = (code or "").strip()
    if not code or len(code) > 64:
        return None
    batch = (
        Batch.objects.select_related("product", "enterprise")
        .filter(Q(trace_code=code.upper()) | Q(number=code))
        .filter(status=BatchStatus.RELEASED)
        .order_by("pk")
        .first()
    )
    if batch is None:
        return None
    p = batch.product
    tests = [
        {"item": r["item"], "method": r["method"], "result": r["result"], "passed": r["passed"]}
        for r in release_check(batch)["items"]
    ]
    recalls = [
        {
            "number": r.number,
            "level": r.get_level_display(),
            "reason": r.reason,
            "started_at": r.started_at,
            "status": r.get_status_display(),
        }
        for r in Recall.objects.filter(Q(origin_batch=batch) | Q(items__batch=batch))
        .distinct()
        .order_by("-started_at")
    ]
    return {
        "batch_number": batch.number,
        "trace_code": batch.trace_code,
        "product": p.name,
        "spec": p.spec,
        "standard": p.standard,
        "label": p.label_text,
        "producer": batch.enterprise.name,
        "produced_on": batch.produced_on,
        "expires_on": batch.expires_on,
        "certificate_no": batch.certificate_no,
        "released_on": batch.released_on,
        "tests": tests,
        "recalls": recalls,
    }
