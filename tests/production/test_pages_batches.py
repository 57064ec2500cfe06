"""Batch pages: the list (filters, pagination, pinned query count), the batch page with its release gate,
entry forms built from the rule-declared items, and the signed release — through the same services."""

from __future__ import annotations

from datetime import date, timedelta

import factories as t
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shouhu.core import ledger
from shouhu.production import rulebook, services
from shouhu.production.models import Batch, BatchStatus, ReleaseTest
from shouhu.workflow.checklists.models import Signature

pytestmark = pytest.mark.django_db


def required(batch):
    return [i for i in rulebook.release_items(batch.product.profile, batch.produced_on) if not i.optional]


@pytest.fixture
def made(principal_a, batch, lot, staff):
    services.batch_consume(
        actor=principal_a, batch=batch, lot=lot, quantity=10, batcher=staff[0], checker=staff[1]
    )
    return services.batch_complete(actor=principal_a, batch=batch, quantity=500)


def login(client, user):
    client.force_login(user)
    return client


def post_test(client, batch, item, *, passed=True, report="R-1"):
    return client.post(
        reverse("production:batch-action", args=[batch.pk, "test"]),
        {
            "item": item.rule_id or item.name,
            "result": "符合" if passed else "超标",
            "passed": "1" if passed else "0",
            "tester": "检验员",
            "tested_on": date.today().isoformat(),
            "report_no": report,
        },
        follow=True,
    )


def test_batch_list_filters_and_is_scoped(client, qa_a, product, ent_b):
    old = t.make_batch(product, number="OLD-1", produced_on=date.today() - timedelta(days=40))
    new = t.make_batch(product, number="NEW-1")
    other = t.make_batch(t.make_product(ent_b), number="THEIRS-1")
    login(client, qa_a)
    body = client.get(reverse("production:batches")).content.decode()
    assert old.number in body and new.number in body and other.number not in body
    since = (date.today() - timedelta(days=10)).isoformat()
    body = client.get(reverse("production:batches"), {"since": since}).content.decode()
    assert new.number in body and old.number not in body
    body = client.get(reverse("production:batches"), {"status": "released"}).content.decode()
    assert new.number not in body
    body = client.get(reverse("production:batches"), {"product": product.pk, "q": "OLD"}).content.decode()
    assert old.number in body and new.number not in body
    assert client.get(reverse("production:batch", args=[other.pk])).status_code == 404


def _list_queries(client, start, n, product):
    """Add batches `start`..`n` (regulated rows are never deleted) and count the list's queries."""
    Batch.objects.bulk_create(
        Batch(
            enterprise_id=product.enterprise_id,
            product=product,
            number=f"N-{i:06d}",
            trace_code=f"Q{i:012d}",
            produced_on=date.today() - timedelta(days=i % 300),
            expires_on=date.today() + timedelta(days=200),
        )
        for i in range(start, n)
    )
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(reverse("production:batches"), {"page": 3})
    assert r.status_code == 200 and Batch.objects.count() == n
    return len(ctx.captured_queries)


def test_batch_list_query_count_does_not_grow_with_batches(client, qa_a, product):
    login(client, qa_a)
    small = _list_queries(client, 0, 100, product)
    large = _list_queries(client, 100, 10_000, product)
    assert small == large <= 8


def test_batch_page_shows_gate_with_citations_and_trace_links(client, qa_a, made, lot):
    login(client, qa_a)
    body = client.get(reverse("production:batch", args=[made.pk])).content.decode()
    items = required(made)
    assert all(i.name in body and i.cite in body for i in items)
    assert body.count('data-state="missing"') == len(items) + 1  # every item and the retention sample
    assert f"?ref={made.number}" in body and lot.code in body
    assert 'data-testid="release-form"' in body


def test_test_form_offers_the_rule_items_and_records_through_the_service(client, principal_a, made):
    login(client, principal_a)
    item = required(made)[0]
    body = client.get(reverse("production:batch", args=[made.pk])).content.decode()
    assert f'value="{item.rule_id}"' in body
    r = post_test(client, made, item)
    assert "已登记出厂检验结果" in r.content.decode()
    test = ReleaseTest.objects.get(batch=made)
    assert (test.rule_id, test.item, test.method, test.passed) == (item.rule_id, item.name, item.method, True)
    assert ledger.history(test).last().action == "production.release_test.record"


def test_invalid_test_form_is_refused_inline_and_writes_nothing(client, principal_a, made):
    login(client, principal_a)
    r = client.post(reverse("production:batch-action", args=[made.pk, "test"]), {"item": "nope"}, follow=True)
    assert "检验项目" in r.content.decode()
    assert not ReleaseTest.objects.exists()


def test_release_refused_names_exactly_the_missing_item_then_signed_release(client, qa_a, made):
    login(client, qa_a)
    items = required(made)
    for item in items[1:]:
        post_test(client, made, item)
    client.post(
        reverse("production:batch-action", args=[made.pk, "retention"]),
        {"quantity": "6", "retained_on": date.today().isoformat(), "location": "留样室"},
    )
    url = reverse("production:batch-action", args=[made.pk, "release"])
    r = client.post(url, {"certificate_no": "HG-1", "report_no": "R-1"}, follow=True)
    body = r.content.decode()
    assert "出厂检验项目缺少合格结果" in body and f"{items[0].name}（{items[0].cite}）" in body
    made.refresh_from_db()
    assert made.status == BatchStatus.PENDING and not Signature.objects.exists()

    post_test(client, made, items[0])
    r = client.post(url, {"certificate_no": "HG-1", "report_no": "R-1"}, follow=True)
    assert "批次已放行" in r.content.decode()
    made.refresh_from_db()
    assert made.status == BatchStatus.RELEASED and made.released_by == qa_a
    sig = Signature.objects.get()
    assert (sig.subject_type, sig.subject_id, sig.role, sig.signer) == (
        "production.batch",
        str(made.pk),
        "qa",
        qa_a,
    )
    assert 'data-testid="signature"' in r.content.decode()


def test_release_action_is_not_offered_to_and_refused_for_a_role_that_may_not_release(
    client, principal_a, made
):
    login(client, principal_a)
    body = client.get(reverse("production:batch", args=[made.pk])).content.decode()
    assert 'data-testid="release-form"' not in body
    r = client.post(
        reverse("production:batch-action", args=[made.pk, "release"]),
        {"certificate_no": "HG-1", "report_no": "R-1"},
        follow=True,
    )
    assert "当前角色无权执行此操作" in r.content.decode()
    made.refresh_from_db()
    assert made.status == BatchStatus.PENDING


def test_new_batch_page_creates_through_the_service(client, principal_a, product):
    login(client, principal_a)
    r = client.post(
        reverse("production:batch-new"),
        {"product": product.pk, "number": "P-NEW-1", "produced_on": date.today().isoformat()},
    )
    batch = Batch.objects.get(number="P-NEW-1")
    assert r.status_code == 302 and r.url == reverse("production:batch", args=[batch.pk])
    r = client.post(
        reverse("production:batch-new"),
        {"product": product.pk, "number": "P-NEW-1", "produced_on": date.today().isoformat()},
        follow=True,
    )
    assert "生产批号 P-NEW-1 已存在" in r.content.decode()


def test_recall_from_the_batch_page_shows_scope_and_starts_through_the_service(client, qa_a, made):
    from shouhu.trace.models import Recall

    client.force_login(qa_a)
    body = client.get(reverse("production:batch", args=[made.pk])).content.decode()
    url = reverse("trace:recall-start", args=[made.pk])
    assert url in body
    body = client.get(url).content.decode()
    assert 'data-testid="recall-scope"' in body and made.number in body
    r = client.post(url, {"level": "9", "reason": "x"}, follow=True)
    assert "召回级别须为一、二、三级" in r.content.decode() and not Recall.objects.exists()
    r = client.post(url, {"level": "2", "reason": "微生物超标"}, follow=True)
    recall = Recall.objects.get()
    assert (recall.level, recall.reason, recall.origin_batch_id) == (2, "微生物超标", made.pk)
    assert "召回已启动" in r.content.decode()


def test_recall_page_of_another_enterprises_batch_is_404(client, officer_b, made):
    client.force_login(officer_b)
    assert client.get(reverse("trace:recall-start", args=[made.pk])).status_code == 404


def test_batch_page_in_english_from_the_catalog(client, qa_a, made):
    from django.conf import settings

    client.force_login(qa_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("production:batch", args=[made.pk])).content.decode()
    assert "Release conditions" in body and "Record a release-test result" in body
    assert "放行条件" not in body


def test_ccp_form_offers_the_products_limits_and_a_deviation_holds_the_batch(
    client, principal_a, batch, lot, staff
):
    services.batch_consume(
        actor=principal_a, batch=batch, lot=lot, quantity=5, batcher=staff[0], checker=staff[1]
    )
    client.force_login(principal_a)
    body = client.get(reverse("production:batch", args=[batch.pk])).content.decode()
    assert "杀菌.温度（≥ 121）" in body
    url = reverse("production:batch-action", args=[batch.pk, "ccp"])
    at = "2026-01-05T10:00"
    client.post(url, {"control": "杀菌.温度", "value": "118", "at": at, "operator": "操作员"})
    batch.refresh_from_db()
    assert batch.status == BatchStatus.ON_HOLD and batch.ccp_records.get().deviation


def test_clearance_refuses_the_same_person_and_records_otherwise(client, principal_a, batch):
    client.force_login(principal_a)
    url = reverse("production:batch-action", args=[batch.pk, "clearance"])
    post = {
        "area": "混合间",
        "at": "2026-01-05T10:00",
        "items": "无遗留物料",
        "responsible": "张",
        "reviewer": "张",
    }
    r = client.post(url, post, follow=True)
    assert "清场复查人不能与清场负责人为同一人" in r.content.decode() and not batch.clearances.exists()
    client.post(url, {**post, "reviewer": "李"})
    assert batch.clearances.get().reviewer == "李"
