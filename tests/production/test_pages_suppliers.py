"""Supplier pages (供应商审核, 第三十六条–第四十条): create a supplier, file its documents with their scans,
approve it (signed by a role that may approve, with date and signer), suspend it with a reason — and the
intake refusing a lot from an unapproved or suspended supplier, as 第三十六条 says ("批准后方可采购")."""

from __future__ import annotations

from datetime import date, timedelta

import factories as t
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shouhu.core import ledger
from shouhu.core.nav import NAV
from shouhu.production import services
from shouhu.production.models import MaterialLot, Supplier, SupplierDocument
from shouhu.workflow.checklists.models import Signature

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_docs(client, supplier, kinds=("licence", "quality_standard", "inspection_report")):
    url = reverse("production:supplier-action", args=[supplier.pk, "document"])
    for kind in kinds:
        client.post(
            url,
            {
                "kind": kind,
                "number": f"{kind}-1",
                "issued_on": (date.today() - timedelta(days=10)).isoformat(),
                "expires_on": (date.today() + timedelta(days=300)).isoformat(),
                "file": SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf"),
            },
        )


def test_create_file_documents_and_approve_signed_then_intake_accepts(client, qa_a, rice):
    client.force_login(qa_a)
    r = client.post(
        reverse("production:suppliers"),
        {"name": "新湘米业有限公司", "contact": "0731-1", "licence_number": "SC1"},
    )
    supplier = Supplier.objects.get(name="新湘米业有限公司")
    assert r.status_code == 302 and r.url == reverse("production:supplier", args=[supplier.pk])
    page = client.get(r.url).content.decode()
    assert "未审核" in page and 'data-testid="approve-form"' in page

    # refused while the documents 第三十七条 requires are missing: says which, writes nothing
    url = reverse("production:supplier-action", args=[supplier.pk, "approve"])
    r = client.post(url, {"summary": "资料审核", "on": date.today().isoformat()}, follow=True)
    assert "供应商审核缺少有效文件" in r.content.decode()
    supplier.refresh_from_db()
    assert not supplier.approved and not Signature.objects.exists()

    add_docs(client, supplier)
    docs = SupplierDocument.objects.filter(supplier=supplier)
    assert docs.count() == 3 and all(d.evidence and d.evidence.original_name.endswith(".pdf") for d in docs)
    r = client.post(url, {"summary": "资料齐全，审核合格", "on": date.today().isoformat()}, follow=True)
    body = r.content.decode()
    supplier.refresh_from_db()
    assert supplier.approved and supplier.approved_on == date.today()
    assert "qa_a" in supplier.approved_by and "供应商审核通过，已签字" in body
    sig = Signature.objects.get()
    assert (sig.subject_type, sig.subject_id, sig.signer) == ("production.supplier", str(supplier.pk), qa_a)
    assert 'data-testid="signature"' in body and "资料齐全，审核合格" in body and "licence.pdf" in body
    assert ledger.verify(supplier.enterprise_id)[1] == []

    lot = services.lot_receive(
        actor=qa_a, enterprise=supplier.enterprise_id, material=rice, supplier=supplier, code="L-OK",
        quantity=5, received_on=date.today(), inspector="查验员",
        tests=[{"item": "铅", "passed": True}, {"item": "镉", "passed": True}],
    )  # fmt: skip
    assert lot.pk


def test_officer_files_documents_but_may_not_approve_or_suspend(client, officer_a, supplier):
    client.force_login(officer_a)
    page = client.get(reverse("production:supplier", args=[supplier.pk])).content.decode()
    assert 'data-testid="document-form"' in page and 'data-testid="approve-form"' not in page
    assert 'data-testid="approve-note"' in page
    r = client.post(
        reverse("production:supplier-action", args=[supplier.pk, "suspend"]),
        {"reason": "抽检不合格"},
        follow=True,
    )
    assert "当前角色无权执行此操作" in r.content.decode()
    supplier.refresh_from_db()
    assert not supplier.suspended


def test_suspend_with_reason_then_intake_is_refused_citing_art36(client, principal_a, supplier, rice):
    client.force_login(principal_a)
    url = reverse("production:supplier-action", args=[supplier.pk, "suspend"])
    r = client.post(url, {"reason": ""}, follow=True)
    supplier.refresh_from_db()
    assert not supplier.suspended and "暂停原因" in r.content.decode()
    r = client.post(url, {"reason": "供货大米抽检镉超标"}, follow=True)
    body = r.content.decode()
    supplier.refresh_from_db()
    assert supplier.suspended and supplier.suspended_on == date.today()
    assert "已暂停" in body and "供货大米抽检镉超标" in body
    assert ledger.history(supplier).last().reason == "供货大米抽检镉超标"

    receive = reverse("production:lot-receive")
    page = client.get(receive, {"material": rice.pk, "supplier": supplier.pk}).content.decode()
    assert 'data-testid="supplier-warning"' in page and "第三十六条" in page
    post = {
        "material": rice.pk, "supplier": supplier.pk, "code": "L-SUSP", "quantity": "5",
        "received_on": date.today().isoformat(), "inspector": "查验员", "t0_0": "1", "t0_1": "1",
    }  # fmt: skip
    r = client.post(receive, post, follow=True)
    assert "已暂停" in r.content.decode() and not MaterialLot.objects.filter(code="L-SUSP").exists()
    with pytest.raises(Exception) as exc:
        services.lot_receive(
            actor=principal_a, enterprise=supplier.enterprise_id, material=rice, supplier=supplier,
            code="L-SUSP", quantity=5, received_on=date.today(), inspector="查验员",
        )  # fmt: skip
    assert exc.value.details["rule"] == "xize2017.art36"


def test_unapproved_supplier_is_warned_on_the_intake_form_and_refused(client, qa_a, ent_a, rice):
    pending = t.make_supplier(ent_a, name="待审供应商", approved=False)
    client.force_login(qa_a)
    receive = reverse("production:lot-receive")
    page = client.get(receive, {"material": rice.pk, "supplier": pending.pk}).content.decode()
    assert "待审供应商（未审核）" in page and "未经审核批准" in page


def test_other_tenant_cannot_open_or_act_on_a_supplier(client, supplier, ent_b):
    client.force_login(t.make_user("qa", enterprise=ent_b, username="qa_b"))
    assert client.get(reverse("production:supplier", args=[supplier.pk])).status_code == 404
    url = reverse("production:supplier-action", args=[supplier.pk, "suspend"])
    assert client.post(url, {"reason": "x"}).status_code == 404
    supplier.refresh_from_db()
    assert not supplier.suspended


def test_suppliers_reachable_from_the_enterprise_navigation(client, officer_a):
    link = next(n for n in NAV if n.url_name == "production:suppliers")
    assert link.when(officer_a)
    client.force_login(officer_a)
    home = client.get(reverse("home")).content.decode()
    assert reverse("production:suppliers") in home
    page = client.get(reverse("production:suppliers")).content.decode()
    assert 'data-testid="supplier-form"' in page and 'class="table-responsive"' in page


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_supplier_pages_query_counts_do_not_grow_with_suppliers_or_documents(client, qa_a, ent_a, supplier):
    client.force_login(qa_a)
    detail = reverse("production:supplier", args=[supplier.pk])
    few_list, few_detail = _queries(client, reverse("production:suppliers")), _queries(client, detail)
    for n in range(8):
        t.make_supplier(ent_a, name=f"批量供应商{n}")
    add_docs(client, supplier)
    many_list, many_detail = _queries(client, reverse("production:suppliers")), _queries(client, detail)
    assert few_list == many_list and few_detail == many_detail
