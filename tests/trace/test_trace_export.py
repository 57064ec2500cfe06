"""End-to-end trace from any node, exports (EPCIS 2.0 validated with GS1's schema, spreadsheet), CLI, tenancy."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import factories as t
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from shouhu.core.errors import NotFound
from shouhu.production import services
from shouhu.production.models import Batch
from shouhu.trace import assemble, epcis, selectors, spreadsheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(principal_a, ent_a, product, rice, supplier, staff):
    """Two rice lots → batch B1 → two customers; lot 2 also → batch B2 (unshipped)."""
    lot1 = t.make_lot(rice, supplier, quantity=100, code="RICE-001")
    lot2 = t.make_lot(rice, supplier, quantity=100, code="RICE-002")
    b1 = t.make_batch(product, number="B1")
    b2 = t.make_batch(product, number="B2")
    for b, lot, q in [(b1, lot1, 30), (b1, lot2, 20), (b2, lot2, 50)]:
        services.batch_consume(
            actor=principal_a, batch=b, lot=lot, quantity=q, batcher=staff[0], checker=staff[1]
        )
    for b in (b1, b2):
        services.batch_complete(actor=principal_a, batch=b, quantity=1000)
    Batch.objects.filter(pk__in=[b1.pk, b2.pk]).update(
        status="released", released_on=date.today() - timedelta(2)
    )
    b1.refresh_from_db()
    c1 = services.customer_create(
        actor=principal_a, enterprise=ent_a, name="长沙母婴连锁", kind="retailer", contact="0731-1234567"
    )
    c2 = services.customer_create(
        actor=principal_a, enterprise=ent_a, name="天猫旗舰店", kind="online", contact="400-000-0000"
    )
    s1 = services.shipment_create(
        actor=principal_a, batch=b1, customer=c1, quantity=300, shipped_on=date.today(), document_no="DO-1"
    )
    s2 = services.shipment_create(
        actor=principal_a, batch=b1, customer=c2, quantity=200, shipped_on=date.today()
    )
    return {"lots": (lot1, lot2), "batches": (b1, b2), "customers": (c1, c2), "shipments": (s1, s2)}


def test_backward_from_batch_reaches_lots_and_suppliers(principal_a, chain):
    tr = selectors.trace_get(principal_a, "B1", "back")
    data = assemble.as_json(tr)
    assert sorted(lot["code"] for lot in data["lots"]) == ["RICE-001", "RICE-002"]
    assert data["suppliers"] == ["湘米粮油有限公司"]
    assert data["shipments"] == [] and [b["number"] for b in data["batches"]] == ["B1"]


def test_forward_from_lot_reaches_batches_and_customers(principal_a, chain):
    data = assemble.as_json(selectors.trace_get(principal_a, "RICE-002", "forward"))
    assert sorted(b["number"] for b in data["batches"]) == ["B1", "B2"]
    assert data["customers"] == ["天猫旗舰店", "长沙母婴连锁"]
    assert sum(float(s["quantity"]) for s in data["shipments"]) == 500


def test_both_from_batch_and_from_trace_code(principal_a, chain):
    b1 = chain["batches"][0]
    by_number = assemble.as_json(selectors.trace_get(principal_a, "B1", "both"))
    by_code = assemble.as_json(selectors.trace_get(principal_a, b1.trace_code, "both"))
    assert by_number == by_code
    assert len(by_number["lots"]) == 2 and len(by_number["shipments"]) == 2
    # "both" is back ∪ forward from the start, not the siblings of its lots
    assert [b["number"] for b in by_number["batches"]] == ["B1"]


def test_unknown_node_and_other_tenants_get_not_found(principal_a, officer_b, county_inspector, chain):
    with pytest.raises(NotFound) as exc:
        selectors.trace_get(principal_a, "NO-SUCH-LOT")
    assert "NO-SUCH-LOT" in exc.value.message
    with pytest.raises(NotFound):
        selectors.trace_get(officer_b, "B1")
    # the county inspector of the enterprise's county sees it
    assert selectors.trace_get(county_inspector, "B1").nodes


def test_epcis_export_validates_against_gs1_schema(principal_a, chain, ent_a):
    tr = selectors.trace_get(principal_a, "B1", "both")
    doc = assemble.epcis_document(tr, owner=ent_a.uscc, created=timezone.now())
    assert epcis.errors(doc) == []
    types = [e["type"] for e in doc["epcisBody"]["eventList"]]
    assert types.count("TransformationEvent") == 1 and types.count("ObjectEvent") == 4
    transform = next(e for e in doc["epcisBody"]["eventList"] if e["type"] == "TransformationEvent")
    assert len(transform["inputQuantityList"]) == 2
    assert {q["quantity"] for q in transform["inputQuantityList"]} == {30.0, 20.0}
    shipping = [e for e in doc["epcisBody"]["eventList"] if e.get("bizStep") == "shipping"]
    assert len(shipping) == 2
    assert epcis.SCHEMA_PATH.is_relative_to(epcis.SCHEMA_PATH.parents[3])  # vendored inside the package


def test_epcis_schema_rejects_a_broken_document(principal_a, chain, ent_a):
    doc = assemble.epcis_document(
        selectors.trace_get(principal_a, "B1"), owner=ent_a.uscc, created=timezone.now()
    )
    doc["epcisBody"]["eventList"][0]["action"] = "MOVE"
    assert epcis.errors(doc)
    with pytest.raises(ValueError):
        epcis.validate(doc)


def test_gs1_examples_validate_with_the_vendored_schema():
    from pathlib import Path

    examples = Path(__file__).resolve().parents[2].parent / "shared" / "interop" / "epcis-2.0" / "examples"
    if not examples.is_dir():
        pytest.skip("GS1 examples are only in ../shared (the schema itself is vendored)")
    for f in examples.glob("*.jsonld"):
        assert epcis.errors(json.loads(f.read_text())) == [], f.name


def test_spreadsheet_has_one_row_per_event_and_is_sortable(principal_a, chain):
    tr = selectors.trace_get(principal_a, "B1", "both")
    wb = load_workbook(io.BytesIO(spreadsheet.workbook_bytes(tr)))
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header[0].startswith("事件") and any("批号" in h for h in header)
    body = list(ws.iter_rows(min_row=2, values_only=True))
    # 2 receipts + 2 inputs + 1 production + 2 shipments
    assert len(body) == 7 == len(assemble.rows(tr))
    assert ws.auto_filter.ref.startswith("A1:")
    partners = {r[header.index("交易方 partner")] for r in body}
    assert {"湘米粮油有限公司", "长沙母婴连锁", "天猫旗舰店"} <= partners


def test_trace_command_json_and_epcis(chain, tmp_path):
    out = io.StringIO()
    call_command("trace", "RICE-001", "--direction", "forward", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert [b["number"] for b in data["batches"]] == ["B1"]
    out = io.StringIO()
    xlsx = tmp_path / "t.xlsx"
    call_command("trace", "B1", "--epcis", "--xlsx", str(xlsx), stdout=out, stderr=io.StringIO())
    assert epcis.errors(json.loads(out.getvalue())) == []
    assert xlsx.stat().st_size > 0
    with pytest.raises(CommandError):
        call_command("trace", "NOPE", "--json", stdout=io.StringIO())


def test_trace_is_shown_in_the_active_language_only(principal_a, chain):
    """Events and headers come from the catalog: Chinese by default, English when chosen — never both."""
    from django.test import Client
    from django.utils import translation

    tr = selectors.trace_get(principal_a, "B1", "both")
    with translation.override("en"):
        ws = load_workbook(io.BytesIO(spreadsheet.workbook_bytes(tr))).active
    header = [c.value for c in ws[1]]
    assert header[0] == "Event" and "Counterparty partner" in header
    assert not any("事件" in h or "交易方" in h for h in header)
    events = {r[0] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert events == {"Receiving", "Transformation (batching)", "Shipping", "Production"}
    c = Client()
    c.force_login(principal_a)
    zh = c.get("/trace/", {"ref": "B1"}).content.decode()
    assert "进货" in zh and "receiving" not in zh
    c.cookies["django_language"] = "en"
    en = c.get("/trace/", {"ref": "B1"}).content.decode()
    assert "Receiving" in en and "进货" not in en
