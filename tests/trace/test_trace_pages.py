"""Pages: the public consumer look-up needs no login and is rate-limited; the trace page is for staff."""

from __future__ import annotations

from datetime import date

import factories as t
import pytest
from django.core.cache import cache
from django.test import Client

from shouhu.trace import public

pytestmark = pytest.mark.django_db


def test_consumer_lookup_page(product, monkeypatch):
    monkeypatch.setattr(public, "_now", lambda: 1_000_000.0)  # one rate window for the whole test
    cache.clear()
    b = t.make_batch(product, status="released", released_on=date.today(), certificate_no="HG-77")
    r = Client().get("/trace/lookup/", {"code": b.trace_code})
    assert r.status_code == 200
    html = r.content.decode()
    assert product.name in html and "HG-77" in html and "出厂检验结果" in html
    assert Client().get("/trace/lookup/", {"code": "NOPE"}).status_code == 404
    assert Client().get("/trace/lookup/").status_code == 200
    for _ in range(public.LIMIT_PER_MINUTE):
        Client().get("/trace/lookup/", {"code": "X"})
    assert Client().get("/trace/lookup/", {"code": "X"}).status_code == 429
    cache.clear()


def test_trace_page_needs_login_and_scopes(principal_a, officer_b, batch, lot, staff):
    from shouhu.production import services

    services.batch_consume(
        actor=principal_a, batch=batch, lot=lot, quantity=3, batcher=staff[0], checker=staff[1]
    )
    assert Client().get("/trace/", {"ref": batch.number}).status_code == 302
    c = Client()
    c.force_login(principal_a)
    r = c.get("/trace/", {"ref": batch.number})
    assert r.status_code == 200 and lot.code in r.content.decode()
    c.force_login(officer_b)
    assert c.get("/trace/", {"ref": batch.number}).status_code == 404
