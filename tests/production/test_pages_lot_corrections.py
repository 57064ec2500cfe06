"""Corrections of an intake inspection (进货查验, 附件1 #23/#29) under 第七十条, from the lot's page: the original
stays visible with who, when and why; a reason is required; the lot's acceptance is judged again as at intake;
an accepted lot corrected to failing is no longer usable and the batches that used it show it (a batch not
released is held, a released one is flagged for a recall assessment, never un-released); another tenant
cannot; regulators read the versions; the ledger verifies."""

from __future__ import annotations

from datetime import date, timedelta

import factories as t
import pytest
from django.urls import reverse

from shouhu.core import ledger
from shouhu.core.errors import ServiceError
from shouhu.production import forms, rulebook, selectors, services
from shouhu.production.models import Batch, BatchStatus, LotStatus, MaterialLot, NonConforming

pytestmark = pytest.mark.django_db


def receive(actor, material, supplier, code="L-INTAKE-1", quantity=100):
    """A lot received through the service (its ledger entry is the original version), every item passing."""
    reqs = rulebook.intake_requirements(
        tags=material.tags,
        imported=supplier.imported,
        profiles=selectors.enterprise_profiles(material.enterprise_id),
        on=date.today() - timedelta(days=3),
    )
    tests = [{"item": i, "passed": True, "result": "符合"} for r in reqs for i in r.items]
    tests += [{"item": p["item"], "values": [0] * int(p["n"])} for r in reqs for p in r.micro]
    assert tests, "the rule data asks nothing of this material: the test would prove nothing"
    return services.lot_receive(
        actor=actor,
        enterprise=material.enterprise_id,
        material=material,
        supplier=supplier,
        code=code,
        quantity=quantity,
        received_on=date.today() - timedelta(days=3),
        inspector="查验员",
        tests=tests,
        expires_on=date.today() + timedelta(days=300),
    )


def post_for(lot, *, fail: bool = False, reason: str = "录入笔误", **extra):
    """The correction form as the page fills it; `fail` turns the first item to 不合格."""
    rows = forms.intake_rows(selectors.lot_requirements(lot))
    forms.intake_initial(rows, lot)
    data = {"inspector": lot.inspector, "reason": reason}
    first = True
    for row in rows:
        data[row["name"]] = row["value"]
        if row["kind"] == "item":
            data[row["name"] + "_r"] = row["result"]
            if fail and first:
                data[row["name"]], data[row["name"] + "_r"] = "0", "检出"
                first = False
    return {**data, **extra}


@pytest.fixture
def used(principal_a, qa_a, product, rice, supplier, staff):
    """A received lot in two batches: one still in production, one released."""
    lot = receive(principal_a, rice, supplier)
    open_batch = t.make_batch(product, number="B-OPEN")
    sold = t.make_batch(product, number="B-SOLD")
    for b in (open_batch, sold):
        services.batch_consume(
            actor=principal_a, batch=b, lot=lot, quantity=10, batcher=staff[0], checker=staff[1]
        )
    services.batch_complete(actor=principal_a, batch=sold, quantity=500)
    for item in rulebook.release_items(product.profile, sold.produced_on):
        if not item.optional:
            services.release_test_record(
                actor=principal_a, batch=sold, rule_id=item.rule_id, item=item.name, method=item.method,
                result="符合", passed=True, tester="检验员", tested_on=date.today(), report_no="R-1",
            )  # fmt: skip
    services.retention_sample_record(actor=principal_a, batch=sold, quantity=6, retained_on=date.today())
    services.batch_release(actor=qa_a, batch=sold, certificate_no="HG-1", report_no="R-1")
    return lot, Batch.objects.get(pk=open_batch.pk), Batch.objects.get(pk=sold.pk)


def test_the_lot_page_is_reached_from_the_list_and_the_batch_and_keeps_the_original(client, qa_a, used):
    lot, open_batch, _sold = used
    client.force_login(qa_a)
    url = reverse("production:lot", args=[lot.pk])
    assert url in client.get(reverse("production:lots")).content.decode()
    assert url in client.get(reverse("production:batch", args=[open_batch.pk])).content.decode()
    r = client.post(url, post_for(lot, inspector="复核查验员"), follow=True)
    body = r.content.decode()
    lot.refresh_from_db()
    assert lot.inspector == "复核查验员" and lot.status == LotStatus.ACCEPTED
    assert "已更正，原记录保留在版本中" in body
    assert body.count('data-testid="version"') == 2 and 'data-testid="original"' in body
    assert "查验员" in body and "<ins>复核查验员</ins>" in body and "录入笔误" in body and "qa_a" in body
    assert ledger.history(lot).last().action == "production.lot.correct"
    assert Batch.objects.get(pk=open_batch.pk).status == BatchStatus.IN_PRODUCTION  # nothing failed
    assert ledger.verify(lot.enterprise_id)[1] == []


def test_a_correction_without_a_reason_is_refused_and_writes_nothing(client, qa_a, used):
    lot = used[0]
    entries = ledger.history(lot).count()
    client.force_login(qa_a)
    r = client.post(reverse("production:lot", args=[lot.pk]), post_for(lot, fail=True, reason=" "))
    assert r.status_code == 422 and "更正原因" in r.content.decode()
    with pytest.raises(ServiceError, match="须说明原因"):
        services.lot_intake_correct(actor=qa_a, lot=lot, reason="", inspector="别人")
    lot.refresh_from_db()
    assert lot.status == LotStatus.ACCEPTED and lot.inspector == "查验员"
    assert ledger.history(lot).count() == entries and not NonConforming.objects.exists()


def test_an_unchanged_correction_is_refused(qa_a, used):
    lot = used[0]
    with pytest.raises(ServiceError, match="未作更改"):
        services.lot_intake_correct(actor=qa_a, lot=lot, reason="复核", tests=list(lot.tests))
    assert ledger.history(lot).count() == 1


def test_corrected_to_failing_the_lot_is_unusable_and_its_batches_show_it(client, qa_a, used, staff, product):
    lot, open_batch, sold = used
    client.force_login(qa_a)
    url = reverse("production:lot", args=[lot.pk])
    assert client.post(url, post_for(lot, fail=True, reason="复检报告更正")).status_code == 302
    lot.refresh_from_db()
    assert lot.status == LotStatus.REJECTED
    assert any(not t_["passed"] for t_ in lot.tests)
    # the lot: a non-conforming record naming the batches; the page says it is unusable and lists them
    nc = NonConforming.objects.get(lot=lot)
    assert "进货查验更正为不合格" in nc.problem and "B-OPEN" in nc.problem and "B-SOLD" in nc.problem
    page = client.get(url).content.decode()
    assert 'data-testid="lot-unusable"' in page and page.count('data-testid="lot-use"') == 2
    # the batch not released is held, with the lot in its hold reason, shown on its page
    open_batch.refresh_from_db()
    assert open_batch.status == BatchStatus.ON_HOLD and lot.code in open_batch.hold_reason
    body = client.get(reverse("production:batch", args=[open_batch.pk])).content.decode()
    assert 'data-testid="lot-rejected"' in body and lot.code in body
    # the released batch stays released and is flagged for a recall assessment
    sold.refresh_from_db()
    assert sold.status == BatchStatus.RELEASED
    body = client.get(reverse("production:batch", args=[sold.pk])).content.decode()
    assert 'data-testid="released-flag"' in body and lot.code in body and 'data-testid="lot-rejected"' in body
    assert ledger.history(sold).last().action == "production.batch.flag"
    # no batch can use it any more
    other = t.make_batch(product, number="B-LATER")
    with pytest.raises(ServiceError):
        services.batch_consume(
            actor=qa_a, batch=other, lot=lot, quantity=1, batcher=staff[0], checker=staff[1]
        )
    assert ledger.verify(lot.enterprise_id)[1] == []


def test_a_rejected_lot_corrected_to_passing_stays_rejected(qa_a, used):
    lot = used[0]
    services.lot_intake_correct(actor=qa_a, lot=lot, reason="复检", tests=[])  # every item now missing
    lot.refresh_from_db()
    assert lot.status == LotStatus.REJECTED
    fixed = services.lot_intake_correct(
        actor=qa_a, lot=lot, reason="报告找回", tests=ledger.history(lot).first().after["tests"]
    )
    assert fixed.status == LotStatus.REJECTED and all(t_["passed"] for t_ in fixed.tests)
    assert NonConforming.objects.filter(lot=lot).count() == 1


def test_another_tenant_cannot_see_or_correct(client, qa_a, used, ent_b):
    lot = used[0]
    client.force_login(t.make_user("qa", enterprise=ent_b, username="qa_b"))
    url = reverse("production:lot", args=[lot.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, post_for(lot, fail=True)).status_code == 404
    lot.refresh_from_db()
    assert lot.status == LotStatus.ACCEPTED and ledger.history(lot).count() == 1


def test_regulator_reads_the_versions_without_a_form(client, qa_a, used, county_inspector):
    lot = used[0]
    services.lot_intake_correct(actor=qa_a, lot=lot, reason="复核更正", inspector="复核员")
    client.force_login(county_inspector)
    url = reverse("production:lot", args=[lot.pk])
    body = client.get(url).content.decode()
    assert body.count('data-testid="version"') == 2 and "复核更正" in body
    assert 'data-testid="correct-form"' not in body
    assert client.post(url, post_for(lot, inspector="别人")).status_code == 403
    assert MaterialLot.objects.get(pk=lot.pk).inspector == "复核员"


# Pinned: session + user, the lot (+ material, supplier), the enterprise's profiles (licence items) for the
# rules the form asks, the batches that used it, its non-conforming records, its versions (ledger).
LOT_PAGE = 2 + 6


@pytest.mark.parametrize("n", [1, 4])
def test_the_lot_page_has_a_pinned_query_count(
    client, qa_a, principal_a, product, rice, supplier, staff, n, django_assert_num_queries
):
    lot = receive(principal_a, rice, supplier)
    for i in range(n):
        b = t.make_batch(product, number=f"B-Q-{i}")
        services.batch_consume(
            actor=principal_a, batch=b, lot=lot, quantity=1, batcher=staff[0], checker=staff[1]
        )
        services.lot_intake_correct(actor=qa_a, lot=lot, reason=f"更正{i}", inspector=f"查验员{i}")
    client.force_login(qa_a)
    url = reverse("production:lot", args=[lot.pk])
    client.get(url)  # warm the rules engine (caches, no queries)
    with django_assert_num_queries(LOT_PAGE):
        body = client.get(url).content.decode()
    assert body.count('data-testid="lot-use"') == n and body.count('data-testid="version"') == n + 1
