"""The portal's abuse control: token buckets per client address and per target (core.ratelimit).

No captcha: a person on a phone files once or twice; a script filing hundreds meets the client bucket,
and a campaign against one enterprise from many addresses meets the target bucket. The numbers are
platform settings, not regulation (SHOUHU_COMPLAINTS_CLIENT_PER_HOUR, _CLIENT_BURST, _TARGET_PER_HOUR,
_TARGET_BURST, _STATUS_PER_MINUTE).
"""

from __future__ import annotations

import math
import time
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shouhu.core import ratelimit

from .error_codes import ComplaintError as E


class RateLimited(ratelimit.RateLimited):
    pass


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, f"SHOUHU_COMPLAINTS_{name}", default))


def client_ip(request: Any) -> str:
    """The real client behind the configured trusted proxies (SHOUHU_PROXY_COUNT)."""
    return ratelimit.client_address(request)


def _check(checks: list[tuple[ratelimit.Bucket, str]]) -> None:
    try:
        ratelimit.check(checks, now=time.time(), error=RateLimited, reason=str(E.RATE_LIMITED))
    except RateLimited as exc:
        seconds = exc.retry_after
        raise RateLimited(
            _("提交过于频繁，请 %(seconds)s 秒后再试"),
            params={"seconds": seconds},
            details={"retry_after": seconds, "reason": str(E.RATE_LIMITED)},
        ) from None


def _submit_buckets() -> tuple[ratelimit.Bucket, ratelimit.Bucket]:
    per_client = ratelimit.Bucket(
        "complaints.client", _setting("CLIENT_PER_HOUR", 10) / 60, _setting("CLIENT_BURST", 5)
    )
    per_target = ratelimit.Bucket(
        "complaints.target", _setting("TARGET_PER_HOUR", 60) / 60, _setting("TARGET_BURST", 30)
    )
    return per_client, per_target


def check_submit(client: str, target: str) -> None:
    """May `client` file about `target` (an enterprise, batch or county key)? Else RateLimited (429). One
    cache read; the filing is charged to both buckets when it is routed (`charge_submits`, off the request)."""
    per_client, per_target = _submit_buckets()
    wait = ratelimit.peek([(per_client, client), (per_target, target)])
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise RateLimited(
            _("提交过于频繁，请 %(seconds)s 秒后再试"),
            params={"seconds": seconds},
            details={"retry_after": seconds, "reason": str(E.RATE_LIMITED)},
        )


def charge_submits(filings: list[tuple[str, str, float]]) -> None:
    """Charge routed filings (digest of the client's address, target, when filed) to their buckets."""
    per_client, per_target = _submit_buckets()
    hits = []
    for client_digest, target, at in filings:
        if client_digest:
            hits.append((per_client, client_digest, at))
        hits.append((per_target, ratelimit.digest(target), at))
    ratelimit.charge(hits)


def check_status(client: str) -> None:
    """One status look-up by `client` (guards the tracking number + token pair against guessing)."""
    limit = _setting("STATUS_PER_MINUTE", 20)
    _check([(ratelimit.Bucket("complaints.status", limit, limit), client)])


# ---- an arithmetic challenge, offline (no external captcha), its difficulty a setting ----------------------
CHALLENGE_SALT = "shouhu.complaints.challenge"
CHALLENGE_MAX_AGE = 30 * 60  # seconds a question stays answerable
LEVELS = {1: (1, 9, "+"), 2: (10, 99, "+"), 3: (10, 99, "×")}  # level → (low, high, operator)


def challenge_level() -> int:
    """0: off (the portal relies on the rate limits alone); 1–3: harder questions. SHOUHU_COMPLAINTS_CHALLENGE_LEVEL."""
    return max(0, min(3, _setting("CHALLENGE_LEVEL", 0)))


def challenge_new() -> dict[str, str] | None:
    """A question and its signed token (the answer is in the signature's payload, never in the page)."""
    import secrets

    from django.core import signing

    level = challenge_level()
    if not level:
        return None
    low, high, op = LEVELS[level]
    a, b = low + secrets.randbelow(high - low + 1), low + secrets.randbelow(high - low + 1)
    answer = a * b if op == "×" else a + b
    token = signing.dumps({"n": answer, "id": secrets.token_hex(8)}, salt=CHALLENGE_SALT, compress=True)
    return {"question": f"{a} {op} {b} = ?", "token": token}


def challenge_check(token: str, answer: str) -> str | None:
    """The answer to a question issued here within its age; returns the question's id, which the filing
    stores (unique: a question answers one filing only, `services.intake`), or None when the challenge is
    off. A wrong or expired answer: a refusal naming the field."""
    from django.core import signing

    from shouhu.core.errors import refuse

    if not challenge_level():
        return None
    try:
        payload = signing.loads(token or "", salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.BadSignature:
        payload = None
    if payload is None or str(payload.get("n")) != str(answer or "").strip():
        raise refuse(E.CHALLENGE_FAILED, _("验证题答案不正确，请重新作答"), field="challenge_answer")
    return str(payload["id"])[:16]


def challenge_reused() -> Exception:
    from shouhu.core.errors import refuse

    return refuse(E.CHALLENGE_FAILED, _("验证题已使用过，请重新作答"), field="challenge_answer")
