"""Issue 12 point 3: shared rate limits — token buckets with a burst, per code and per client, keyed on the
real client address behind the trusted proxy, 429 with Retry-After and a message that says when."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client

from shouhu.core import ratelimit
from shouhu.trace import public

pytestmark = pytest.mark.django_db
URL = "/api/v1/trace/public/"


@pytest.fixture(autouse=True)
def fresh_buckets(settings):
    caches[settings.SHOUHU_RATELIMIT_CACHE].clear()
    yield
    caches[settings.SHOUHU_RATELIMIT_CACHE].clear()


def test_a_bucket_allows_its_burst_then_refills_at_its_rate():
    b = ratelimit.Bucket("test.burst", per_minute=60, burst=3)
    assert [ratelimit.take(b, "k", now=1000.0) for _ in range(3)] == [0.0] * 3
    assert ratelimit.take(b, "k", now=1000.0) == pytest.approx(1.0)  # one token a second
    assert ratelimit.take(b, "other", now=1000.0) == 0.0  # another key has its own bucket
    assert ratelimit.take(b, "k", now=1001.0) == 0.0  # refilled


def test_one_address_many_codes_is_not_locked_out_one_code_is(monkeypatch):
    """A shop's Wi-Fi or a carrier NAT: hundreds of shoppers behind one address, each scanning its code."""
    monkeypatch.setattr(public, "_now", lambda: 2_000_000.0)
    for n in range(public.CLIENT_BURST):
        public.check_rate("203.0.113.9", code=f"CODE{n}")  # every shopper's first look-up answers
    with pytest.raises(ratelimit.RateLimited):
        public.check_rate("203.0.113.9", code="ANOTHER")  # the per-client bucket is generous, not endless
    for _ in range(public.LIMIT_PER_MINUTE):
        public.check_rate("198.51.100.7", code="SAME")
    with pytest.raises(ratelimit.RateLimited) as exc:
        public.check_rate("198.51.100.7", code="SAME")  # one code hammered: the tight bucket
    assert exc.value.retry_after >= 1 and exc.value.status == 429


def test_behind_the_proxy_each_client_has_its_own_limit_and_429_says_when(settings, monkeypatch):
    settings.SHOUHU_PROXY_COUNT = 1
    monkeypatch.setattr(public, "_now", lambda: 3_000_000.0)
    c = Client()

    def get(forwarded: str):
        return c.get(URL + "NOPE-1", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")

    assert {get("10.0.0.1").status_code for _ in range(public.LIMIT_PER_MINUTE)} == {404}
    r = get("10.0.0.1")
    assert r.status_code == 429 and int(r["Retry-After"]) >= 1
    body = r.json()
    assert body["code"] == "rate_limited" and body["details"]["retry_after"] == int(r["Retry-After"])
    assert "秒后再试" in body["message_zh"]
    assert get("10.0.0.2").status_code == 404  # another shopper behind the same proxy is not refused
    # a client cannot escape by writing its own X-Forwarded-For: the proxy's entry (the last) counts
    assert get("1.2.3.4, 10.0.0.1").status_code == 429
