"""Suppliers and materials pages: suppliers with documents and approval, lots with intake results and
stock, non-conforming material and its disposal (recorded through the service, with the ledger)."""

from __future__ import annotations

from datetime import date

import factories as t
import pytest
from django.urls import reverse

from shouhu.core import ledger
from shouhu.production import rulebook, services
from shouhu.production.models import MaterialLot, NonConforming

pytestmark = pytest.mark.django_db


def test_suppliers_page_shows_documents_and_approval_scoped(client, officer_a, supplier, ent_b):
    t.make_supplier(ent_b, name="别家供应商")
    client.force_login(officer_a)
    body = client.get(reverse("production:suppliers")).content.decode()
    assert supplier.name in body and "别家供应商" not in body
    for doc in supplier.documents.all():
        assert doc.get_kind_display() in body


def test_lot_intake_form_asks_the_rule_items_and_refuses_a_missing_one(client, qa_a, rice, supplier, product):
    client.force_login(qa_a)
    url = reverse("production:lot-receive")
    reqs = rulebook.intake_requirements(
        tags=rice.tags, imported=False, profiles=[product.profile], on=date.today()
    )
    items = [i for r in reqs for i in r.items]
    body = client.get(url, {"material": rice.pk, "supplier": supplier.pk}).content.decode()
    assert items and all(f"{i}</label>" in body for i in items)
    post = {
        "material": rice.pk,
        "supplier": supplier.pk,
        "code": "L-PAGE-1",
        "quantity": "50",
        "received_on": date.today().isoformat(),
        "inspector": "查验员",
    }
    r = client.post(url, post, follow=True)
    assert "不能合格接收" in r.content.decode() and not MaterialLot.objects.filter(code="L-PAGE-1").exists()
    answered = {f"t0_{k}": "1" for k in range(len(items))}
    r = client.post(url, {**post, **answered}, follow=True)
    lot = MaterialLot.objects.get(code="L-PAGE-1")
    assert lot.on_hand == 50 and "已登记进货查验" in r.content.decode()
    assert all(i in r.content.decode() for i in items)  # the lot list shows the intake results


def test_nonconforming_disposal_through_the_service(client, principal_a, batch, lot, staff):
    services.batch_consume(
        actor=principal_a, batch=batch, lot=lot, quantity=5, batcher=staff[0], checker=staff[1]
    )
    services.batch_complete(actor=principal_a, batch=batch, quantity=100)
    item = next(i for i in rulebook.release_items(batch.product.profile, batch.produced_on) if not i.optional)
    services.release_test_record(
        actor=principal_a,
        batch=batch,
        rule_id=item.rule_id,
        item=item.name,
        method=item.method,
        result="超标",
        passed=False,
        tester="检验员",
        tested_on=date.today(),
        report_no="R-9",
    )
    record = NonConforming.objects.get()
    client.force_login(principal_a)
    body = client.get(reverse("production:nonconforming")).content.decode()
    assert item.name in body and batch.number in body
    client.post(
        reverse("production:nonconforming"),
        {"record": record.pk, "disposition": "销毁", "reason": "评审决定"},
    )
    record.refresh_from_db()
    assert record.disposition == "销毁"
    assert ledger.history(record).last().reason == "评审决定"


def test_intake_with_an_impossible_date_is_refused_not_an_error(client, qa_a, rice, supplier):
    client.force_login(qa_a)
    r = client.post(
        reverse("production:lot-receive"),
        {
            "material": rice.pk,
            "supplier": supplier.pk,
            "code": "L-X",
            "quantity": "5",
            "received_on": "2026-02-30",
        },
    )
    assert r.status_code == 200 and "请填写有效的进货日期" in r.content.decode()
    assert not MaterialLot.objects.filter(code="L-X").exists()
