"""Issue 12: big exports have a stated, enforced row limit (core.exports.require_rows): over it the
report or spreadsheet is refused with a clear message, on the API and on the page, and nothing is built."""

from __future__ import annotations

import io

import factories as t
import pytest
from django.test import Client

from shouhu.core import exports
from shouhu.core.errors import ValidationFailed
from shouhu.labels import batch
from shouhu.production import services

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _sweep(c, n, capture):
    f = io.BytesIO(("id,text\n" + "".join(f"{i},婴儿米粉 益智\n" for i in range(n))).encode())
    f.name = "list.csv"
    with capture(execute=True):
        r = c.post("/api/v1/labels/sweeps", {"file": f})
    assert r.status_code == 202, r.content
    return r.json()["id"]


def test_the_export_limit_covers_the_largest_sweep():
    assert exports.max_rows() >= batch.MAX_SWEEP_ROWS
    exports.require_rows(exports.max_rows())
    with pytest.raises(ValidationFailed) as exc:
        exports.require_rows(exports.max_rows() + 1)
    assert exc.value.details["fields"][0]["code"] == "export.too_large"


@pytest.mark.parametrize("kind", ["xlsx", "html"])
def test_a_sweep_report_over_the_limit_is_refused_on_the_api_and_the_page(
    county_inspector, settings, django_capture_on_commit_callbacks, kind
):
    c = _client(county_inspector)
    pk = _sweep(c, 3, django_capture_on_commit_callbacks)
    assert c.get(f"/api/v1/labels/sweeps/{pk}/report.{kind}").status_code == 200
    settings.SHOUHU_MAX_EXPORT_ROWS = 2
    r = c.get(f"/api/v1/labels/sweeps/{pk}/report.{kind}")
    assert r.status_code == 422
    body = r.json()
    assert body["details"]["fields"][0]["code"] == "export.too_large"
    assert "3" in body["message_zh"] and "2" in body["message_zh"] and "分批导出" in body["message_zh"]
    page = c.get(f"/labels/sweeps/{pk}/report.{kind}")
    html = page.content.decode()
    assert page.status_code == 422 and 'data-testid="export-error"' in html and "分批导出" in html


def test_a_trace_spreadsheet_over_the_limit_is_refused(
    principal_a, ent_a, product, rice, supplier, staff, settings
):
    lot = t.make_lot(rice, supplier, quantity=100, code="RICE-001")
    b = t.make_batch(product, number="B1")
    services.batch_consume(
        actor=principal_a, batch=b, lot=lot, quantity=10, batcher=staff[0], checker=staff[1]
    )
    services.batch_complete(actor=principal_a, batch=b, quantity=100)
    c = _client(principal_a)
    assert c.get("/api/v1/trace/trace/xlsx?ref=B1&direction=both").status_code == 200
    settings.SHOUHU_MAX_EXPORT_ROWS = 1
    r = c.get("/api/v1/trace/trace/xlsx?ref=B1&direction=both")
    assert r.status_code == 422 and r.json()["details"]["fields"][0]["code"] == "export.too_large"
