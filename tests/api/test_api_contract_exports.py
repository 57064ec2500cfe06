"""Every export writes text as text (issue 17): a cell starting with =, +, -, @, tab or CR never becomes a
live formula — the trace spreadsheet, the licensing checklist workbook and the label sweep report, the security log
and the label checker's own CLI report all go through one rule (shouhu.codes.cells, re-exported by core.exports)."""

from __future__ import annotations

import io
from datetime import date

import factories as t
import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from shouhu.core import exports
from shouhu.production import services
from shouhu.production.models import Batch

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/x","点击")'
PAYLOADS = [EVIL, "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def _cells(data: bytes) -> list:
    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def _assert_inert(data: bytes, payload: str) -> None:
    cells = _cells(data)
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a formula cell was written"
    assert "'" + payload in [c.value for c in cells]


@pytest.mark.parametrize("value", PAYLOADS)
def test_the_one_rule(value):
    assert exports.cell(value) == "'" + value
    ws = Workbook().active
    exports.xlsx_append(ws, [value, 3, None, date(2026, 1, 1)])
    assert next(c.data_type for c in ws[1]) == "s"
    assert [c.value for c in ws[1]][1:] == [3, None, date(2026, 1, 1)]
    import csv

    assert next(csv.reader(io.StringIO(exports.csv_text([[value, 1]])))) == ["'" + value, "1"]


@pytest.mark.parametrize("value", ["正常名称", "1-2", "a=b", "", "'quoted"])
def test_plain_text_passes_unchanged(value):
    assert exports.cell(value) == value


def test_trace_export_writes_a_customer_formula_as_text(principal_a, ent_a, product, rice, supplier, staff):
    lot = t.make_lot(rice, supplier, quantity=100, code="RICE-001")
    batch = t.make_batch(product, number="B1")
    services.batch_consume(
        actor=principal_a, batch=batch, lot=lot, quantity=10, batcher=staff[0], checker=staff[1]
    )
    services.batch_complete(actor=principal_a, batch=batch, quantity=100)
    Batch.objects.filter(pk=batch.pk).update(status="released", released_on=date.today())
    batch.refresh_from_db()
    customer = services.customer_create(
        actor=principal_a, enterprise=ent_a, name=EVIL, kind="retailer", contact="@1"
    )
    services.shipment_create(
        actor=principal_a,
        batch=batch,
        customer=customer,
        quantity=5,
        shipped_on=date.today(),
        document_no="-1+1",
    )
    c = Client()
    c.force_login(principal_a)
    resp = c.get("/api/v1/trace/trace/xlsx?ref=B1&direction=both")
    assert resp.status_code == 200, resp.content[:500]
    _assert_inert(resp.content, EVIL)
    _assert_inert(resp.content, "-1+1")


def test_licensing_checklist_workbook_writes_notes_as_text(monkeypatch):
    from shouhu.licensing import documents

    class Item:
        position, title, text, citation, products, combined = 1, "项目", "要求", "依据", ["=1+1"], "符合"
        na_reason = "@SUM(A1)"
        score_list = []

    class Ver:
        prechecks = [{"rule_id": "r1", "passed": False, "message": EVIL, "citation": "-2+3"}]
        enterprise = type("E", (), {"name": "+企业"})()

        class inspectors:
            @staticmethod
            def all():
                return []

        def __str__(self) -> str:
            return "V1"

    monkeypatch.setattr(documents, "_grouped", lambda ver: [("a", "部分", [Item()])])
    data = documents.checklist_workbook(Ver())
    for payload in (EVIL, "-2+3", "@SUM(A1)"):
        _assert_inert(data, payload)


def test_label_sweep_report_writes_listing_text_as_text(county_inspector, django_capture_on_commit_callbacks):
    rows = "id,title,text\n+cmd,,\n"  # a row that cannot be checked: its listing id is in the report
    f = io.BytesIO(rows.encode("utf-8"))
    f.name = "listings.csv"
    c = Client()
    c.force_login(county_inspector)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/api/v1/labels/sweeps", {"file": f, "name": "排查"})
    assert r.status_code == 202, r.content
    resp = c.get(f"/api/v1/labels/sweeps/{r.json()['id']}/report.xlsx")
    assert resp.status_code == 200
    _assert_inert(resp.content, "+cmd")


def test_label_checker_cli_report_uses_the_same_rule_once(tmp_path):
    """`shouhu labels batch` writes its summary.xlsx without core: the pure writer shares codes.cells, and a
    listing id is escaped exactly once (one apostrophe, not one per layer)."""
    from shouhu.labels.batch import RowResult, Summary
    from shouhu.labels.report import write_xlsx

    finding = {
        "code": "claim.health",
        "severity": "error",
        "span": {"text": "=1+1", "start": 0, "end": 4},
        "message": {"zh": "说", "en": "say"},
        "basis": {"citation": "GB 7718", "rule_id": "r1"},
    }
    summary = Summary(as_of="2026-12-01")
    path = tmp_path / "summary.xlsx"
    write_xlsx(path, [RowResult(row=1, id=EVIL, text="=1+1", findings=[finding])], summary)
    data = path.read_bytes()
    _assert_inert(data, EVIL)
    _assert_inert(data, "=1+1")
    values = [c.value for c in _cells(data) if isinstance(c.value, str)]
    assert "'" + EVIL in values and "''" + EVIL not in values
