"""Shared rate limits (issue 12): token buckets in Django's cache, keyed on the real client address.

Why the cache: the limit must hold across every gunicorn worker (a per-process counter let each worker
allow its own quota), and must not take the main database's write lock (on the SQLite default every
look-up would then queue behind a bulk push). Production uses Redis (SHOUHU_CACHE_URL); the embedded
default Django's file-based cache under var/cache/ (settings.CACHES).

A bucket holds `burst` tokens and refills at `per_minute`; each hit takes one. Several buckets guard one
action — the public look-up has one per (client, code) and one per client: a supermarket Wi-Fi or a
carrier NAT puts hundreds of shoppers behind one address, each scanning a different code, so the
per-client bucket is generous and only the per-code bucket is tight. A refusal says when to retry
(`retry_after` seconds, sent as the Retry-After header).

Read-modify-write of a bucket is not atomic across processes (the cache API has no compare-and-set);
concurrent hits can overshoot a bucket by at most the number of requests in flight at that moment, which
for a limit meant to stop floods, not to meter, is acceptable.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext_lazy as _

from .errors import ErrorCode, ServiceError


class RateLimited(ServiceError):
    code = ErrorCode.RATE_LIMITED
    status = 429

    @property
    def retry_after(self) -> int:
        return int((self.details or {}).get("retry_after") or 1)


@dataclass(frozen=True)
class Bucket:
    name: str  # part of the cache key: "lookup.code", "lookup.client"
    per_minute: float  # sustained rate
    burst: int  # how many at once before the rate applies


def proxied_address(request: Any) -> str | None:
    """REMOTE_ADDR, or behind SHOUHU_PROXY_COUNT trusted proxies the X-Forwarded-For entry the outermost of
    them added — never one the client wrote itself. django-axes takes its client address from here
    (accounts.security.request_client_ip), so lockouts, security events and rate limits agree."""
    count = int(getattr(settings, "SHOUHU_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR") or None


def client_address(request: Any) -> str:
    """The real client address: django-axes' (when its middleware ran), else `proxied_address`."""
    found = getattr(request, "axes_ip_address", None)
    if found:
        return str(found)
    return str(proxied_address(request) or "unknown")


def _store() -> Any:
    alias = getattr(settings, "SHOUHU_RATELIMIT_CACHE", "default")
    return caches[alias]


def digest(key: str) -> str:
    """The form a key takes in the cache (safe for any backend; the address itself is not stored)."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest()


def _key(bucket: Bucket, key: str, *, hashed: bool = False) -> str:
    return f"rl:{bucket.name}:{key if hashed else digest(key)}"


def _level(bucket: Bucket, held: Any, now: float) -> float:
    """Tokens in the bucket at `now` (below zero while a debt is being repaid, see `charge`)."""
    tokens, at = held or (float(bucket.burst), now)
    return min(float(bucket.burst), tokens + max(0.0, now - at) * bucket.per_minute / 60.0)


def peek(checks: list[tuple[Bucket, str]], *, now: float | None = None) -> float:
    """One cache round trip, nothing written: 0.0 when every bucket (bucket, key) has a token, else the
    longest wait in seconds. The caller records the hit later with `charge` (off the request)."""
    now = time.time() if now is None else now
    keys = [_key(b, k) for b, k in checks]
    held = _store().get_many(keys)
    wait = 0.0
    for (bucket, _k), ck in zip(checks, keys, strict=True):
        tokens, rate = _level(bucket, held.get(ck), now), bucket.per_minute / 60.0
        if tokens < 1.0:
            wait = max(wait, (1.0 - tokens) / rate if rate > 0 else 60.0)
    return wait


def charge(hits: list[tuple[Bucket, str, float]]) -> None:
    """Take one token per hit (bucket, digest of its key, when it happened), all in one read and one write.
    A bucket may go below zero: hits `peek` let through before they were charged are a debt the next
    callers wait off, so over any period longer than the charging delay the limit holds."""
    keys = {_key(b, d, hashed=True): b for b, d, _at in hits}
    store = _store()
    held = store.get_many(list(keys))
    state: dict[str, tuple[float, float]] = {}
    for bucket, key, at in sorted(hits, key=lambda h: h[2]):
        ck = _key(bucket, key, hashed=True)
        tokens, last = state.get(ck) or held.get(ck) or (float(bucket.burst), at)
        at = max(at, last)
        state[ck] = (_level(bucket, (tokens, last), at) - 1.0, at)
    ttl = 0
    for ck, (tokens, _at) in state.items():
        rate = keys[ck].per_minute / 60.0
        ttl = max(ttl, math.ceil((keys[ck].burst - tokens) / rate) + 5 if rate > 0 else 3600)
    if state:
        store.set_many(state, timeout=ttl)


def take(bucket: Bucket, key: str, *, now: float | None = None) -> float:
    """Take one token; 0.0 when allowed, else the seconds until one is available (nothing taken)."""
    now = time.time() if now is None else now
    store = _store()
    ck = _key(bucket, key)
    tokens, at = store.get(ck) or (float(bucket.burst), now)
    rate = bucket.per_minute / 60.0
    tokens = min(float(bucket.burst), tokens + max(0.0, now - at) * rate)
    if tokens < 1.0:
        return (1.0 - tokens) / rate if rate > 0 else 60.0
    ttl = math.ceil(bucket.burst / rate) + 5 if rate > 0 else 3600
    store.set(ck, (tokens - 1.0, now), timeout=ttl)
    return 0.0


def check(
    checks: list[tuple[Bucket, str]],
    *,
    now: float | None = None,
    error: type[RateLimited] = RateLimited,
    **details: Any,
) -> None:
    """Take from every bucket (bucket, key) or raise `error` (429) with the longest wait."""
    wait = 0.0
    for bucket, key in checks:
        wait = max(wait, take(bucket, key, now=now))
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise error(
            _("查询过于频繁，请 %(seconds)s 秒后再试"),
            params={"seconds": seconds},
            details={"retry_after": seconds, "reason": "rate_limited"} | details,
        )
