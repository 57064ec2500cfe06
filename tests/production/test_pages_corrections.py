"""Corrections under 第七十条 of release tests, CCP records and clearances, from the record's page: the original stays
visible with who, when and why; a correction needs a reason; what depends on the value is judged again
(a release test against the limit, a CCP value against its critical limits); a released batch is flagged,
never silently un-released; another tenant cannot; regulators read the versions; the ledger verifies."""

from __future__ import annotations

from datetime import date, datetime

import factories as t
import pytest
from django.urls import reverse
from django.utils import timezone

from shouhu.core import ledger
from shouhu.production import rulebook, services
from shouhu.production.models import Batch, BatchStatus, CCPRecord, NonConforming, ReleaseTest

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(principal_a, batch, lot, staff):
    services.batch_consume(
        actor=principal_a, batch=batch, lot=lot, quantity=10, batcher=staff[0], checker=staff[1]
    )
    return services.batch_complete(actor=principal_a, batch=batch, quantity=500)


def required(batch):
    return [i for i in rulebook.release_items(batch.product.profile, batch.produced_on) if not i.optional]


def record_test(actor, batch, item, *, result="符合", passed=True, report="R-1"):
    return services.release_test_record(
        actor=actor,
        batch=batch,
        rule_id=item.rule_id,
        item=item.name,
        method=item.method,
        result=result,
        passed=passed,
        tester="检验员",
        tested_on=date.today(),
        report_no=report,
    )


def fix(test, **changes):
    return {
        "result": test.result,
        "passed": "1" if test.passed else "0",
        "tester": test.tester,
        "tested_on": test.tested_on.isoformat(),
        "report_no": test.report_no,
        "reason": "录入笔误",
        **changes,
    }


def released(actor, batch):
    for item in required(batch):
        record_test(actor, batch, item)
    services.retention_sample_record(actor=actor, batch=batch, quantity=6, retained_on=date.today())
    return services.batch_release(actor=actor, batch=batch, certificate_no="HG-1", report_no="R-1")


def test_release_test_correction_keeps_the_original_and_shows_both_versions(client, qa_a, made):
    item = required(made)[0]
    test = record_test(qa_a, made, item, result="0.01")
    client.force_login(qa_a)
    url = reverse("production:test", args=[test.pk])
    batch_page = client.get(reverse("production:batch", args=[made.pk])).content.decode()
    assert url in batch_page  # the batch page links each test to its page
    r = client.post(url, fix(test, result="0.02"), follow=True)
    body = r.content.decode()
    test.refresh_from_db()
    assert test.result == "0.02" and "已更正，原记录保留在版本中" in body
    assert body.count('data-testid="version"') == 2 and 'data-testid="original"' in body
    assert "0.01" in body and "<ins>0.02</ins>" in body and "录入笔误" in body and "qa_a" in body
    assert ledger.history(test).last().action == "production.release_test.correct"
    assert ledger.verify(made.enterprise_id)[1] == []


def test_a_correction_without_a_reason_is_refused_and_writes_nothing(client, qa_a, made):
    test = record_test(qa_a, made, required(made)[0], result="0.01")
    entries = ledger.history(test).count()
    client.force_login(qa_a)
    r = client.post(reverse("production:test", args=[test.pk]), fix(test, result="0.5", reason=""))
    assert r.status_code == 422 and "更正原因" in r.content.decode()
    with pytest.raises(Exception, match="须说明原因"):
        services.release_test_correct(actor=qa_a, test=test, reason=" ", result="0.5")
    test.refresh_from_db()
    assert test.result == "0.01" and ledger.history(test).count() == entries


def test_another_tenant_cannot_see_or_correct(client, qa_a, made, ent_b):
    test = record_test(qa_a, made, required(made)[0])
    other = t.make_user("qa", enterprise=ent_b, username="qa_b")
    client.force_login(other)
    url = reverse("production:test", args=[test.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, fix(test, result="超标", passed="0")).status_code == 404
    test.refresh_from_db()
    assert test.result == "符合" and ledger.history(test).count() == 1


def test_regulator_reads_the_versions_without_a_form(client, qa_a, made, county_inspector):
    test = record_test(qa_a, made, required(made)[0])
    services.release_test_correct(actor=qa_a, test=test, reason="复核更正", tester="复核员")
    client.force_login(county_inspector)
    url = reverse("production:test", args=[test.pk])
    body = client.get(url).content.decode()
    assert body.count('data-testid="version"') == 2 and "复核更正" in body
    assert 'data-testid="correct-form"' not in body
    assert client.post(url, fix(test, tester="别人")).status_code == 403
    test.refresh_from_db()
    assert test.tester == "复核员"


def test_corrected_to_failing_rejects_a_pending_batch(client, qa_a, made):
    test = record_test(qa_a, made, required(made)[0])
    client.force_login(qa_a)
    client.post(reverse("production:test", args=[test.pk]), fix(test, result="超标", passed="0"))
    made.refresh_from_db()
    assert made.status == BatchStatus.REJECTED
    assert NonConforming.objects.filter(batch=made, problem__contains="更正为不合格").exists()
    gate = client.get(reverse("production:batch", args=[made.pk])).content.decode()
    assert 'data-state="failed"' in gate


def test_a_result_over_the_limit_is_judged_failing_whatever_the_form_says(qa_a, made):
    for item in required(made):
        try:
            check = rulebook.release_limit_check(made.product.profile, made.produced_on, item.name, "999999")
        except Exception:  # a unit or a sampling plan the bare number does not satisfy
            continue
        if check is not None and not check.passed:
            break
    else:
        pytest.skip("no release item with a numeric limit in the rule data")
    test = record_test(qa_a, made, item, result="符合")
    fixed = services.release_test_correct(actor=qa_a, test=test, reason="仪器读数更正", result="999999")
    assert fixed.passed is False
    assert Batch.objects.get(pk=made.pk).status == BatchStatus.REJECTED


def test_a_released_batch_corrected_to_failing_stays_released_and_is_flagged(client, qa_a, made):
    batch = released(qa_a, made)
    test = ReleaseTest.objects.filter(batch=batch).first()
    client.force_login(qa_a)
    r = client.post(reverse("production:test", args=[test.pk]), fix(test, result="超标", passed="0"))
    assert r.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RELEASED  # never silently un-released
    body = client.get(reverse("production:batch", args=[batch.pk])).content.decode()
    assert 'data-testid="released-flag"' in body and "评估是否召回" in body
    assert ledger.history(batch).last().action == "production.batch.flag"
    page = client.get(reverse("production:test", args=[test.pk])).content.decode()
    assert "已放行的批次不撤销放行" in page  # the page says what a correction does
    assert ledger.verify(batch.enterprise_id)[1] == []


def test_ccp_correction_rejudges_the_value_and_holds_the_batch(client, qa_a, batch):
    at = timezone.make_aware(datetime.now().replace(microsecond=0, second=0))
    rec = services.ccp_record(
        actor=qa_a, batch=batch, point="杀菌", parameter="温度", value=125, at=at, operator="张三"
    )
    client.force_login(qa_a)
    url = reverse("production:ccp", args=[rec.pk])
    assert url in client.get(reverse("production:batch", args=[batch.pk])).content.decode()
    post = {"value": "115", "at": at.strftime("%Y-%m-%dT%H:%M"), "operator": "张三", "reason": ""}
    assert client.post(url, post).status_code == 422
    rec.refresh_from_db()
    assert rec.value == 125 and not rec.deviation
    r = client.post(url, {**post, "reason": "温度计读错"}, follow=True)
    body = r.content.decode()
    rec.refresh_from_db()
    assert rec.value == 115 and rec.deviation
    assert Batch.objects.get(pk=batch.pk).status == BatchStatus.ON_HOLD
    assert body.count('data-testid="version"') == 2 and "温度计读错" in body and "未偏离" in body
    assert ledger.verify(batch.enterprise_id)[1] == []


def test_ccp_other_tenant_cannot_correct(client, qa_a, batch, ent_b):
    at = timezone.now().replace(microsecond=0)
    rec = services.ccp_record(
        actor=qa_a, batch=batch, point="杀菌", parameter="温度", value=125, at=at, operator="张三"
    )
    client.force_login(t.make_user("qa", enterprise=ent_b, username="qa_b"))
    post = {"value": "100", "at": at.strftime("%Y-%m-%dT%H:%M"), "operator": "x", "reason": "r"}
    assert client.post(reverse("production:ccp", args=[rec.pk]), post).status_code == 404
    assert CCPRecord.objects.get(pk=rec.pk).value == 125


def clear(actor, batch):
    at = timezone.make_aware(datetime.now().replace(microsecond=0, second=0))
    return services.clearance_record(
        actor=actor,
        batch=batch,
        area="内包装车间",
        at=at,
        items="设备已清洁",
        responsible="张三",
        reviewer="李四",
    )


def fix_clearance(c, **changes):
    return {
        "area": c.area,
        "at": timezone.localtime(c.at).strftime("%Y-%m-%dT%H:%M"),
        "items": c.items,
        "responsible": c.responsible,
        "reviewer": c.reviewer,
        "reason": "录入笔误",
        **changes,
    }


def test_clearance_correction_keeps_the_original_and_shows_both_versions(client, qa_a, batch):
    c = clear(qa_a, batch)
    client.force_login(qa_a)
    url = reverse("production:clearance", args=[c.pk])
    assert url in client.get(reverse("production:batch", args=[batch.pk])).content.decode()
    r = client.post(url, fix_clearance(c, items="设备及地面已清洁"), follow=True)
    body = r.content.decode()
    c.refresh_from_db()
    assert c.items == "设备及地面已清洁" and "已更正，原记录保留在版本中" in body
    assert body.count('data-testid="version"') == 2 and 'data-testid="original"' in body
    assert "设备已清洁" in body and "<ins>设备及地面已清洁</ins>" in body and "录入笔误" in body
    assert "qa_a" in body
    assert ledger.history(c).last().action == "production.clearance.correct"
    assert ledger.verify(batch.enterprise_id)[1] == []


def test_clearance_correction_without_a_reason_or_unchanged_writes_nothing(client, qa_a, batch):
    c = clear(qa_a, batch)
    client.force_login(qa_a)
    url = reverse("production:clearance", args=[c.pk])
    r = client.post(url, fix_clearance(c, items="改过", reason=""))
    assert r.status_code == 422 and "更正原因" in r.content.decode()
    with pytest.raises(Exception, match="须说明原因"):
        services.clearance_correct(actor=qa_a, clearance=c, reason=" ", items="改过")
    with pytest.raises(Exception, match="未作更改"):
        services.clearance_correct(actor=qa_a, clearance=c, reason="复核", items=c.items)
    c.refresh_from_db()
    assert c.items == "设备已清洁" and ledger.history(c).count() == 1


def test_clearance_corrected_to_the_same_reviewer_is_refused_under_art55(client, qa_a, batch):
    c = clear(qa_a, batch)
    client.force_login(qa_a)
    body = client.post(
        reverse("production:clearance", args=[c.pk]), fix_clearance(c, reviewer="张三"), follow=True
    ).content.decode()
    assert "清场复查人不能与清场负责人为同一人" in body
    c.refresh_from_db()
    assert c.reviewer == "李四" and ledger.history(c).count() == 1


def test_clearance_other_tenant_cannot_see_or_correct(client, qa_a, batch, ent_b):
    c = clear(qa_a, batch)
    client.force_login(t.make_user("qa", enterprise=ent_b, username="qa_b"))
    url = reverse("production:clearance", args=[c.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, fix_clearance(c, items="别人改的")).status_code == 404
    c.refresh_from_db()
    assert c.items == "设备已清洁" and ledger.history(c).count() == 1


def test_regulator_reads_clearance_versions_without_a_form(client, qa_a, batch, county_inspector):
    c = clear(qa_a, batch)
    services.clearance_correct(actor=qa_a, clearance=c, reason="复查人签名更正", reviewer="王五")
    client.force_login(county_inspector)
    url = reverse("production:clearance", args=[c.pk])
    body = client.get(url).content.decode()
    assert body.count('data-testid="version"') == 2 and "复查人签名更正" in body
    assert 'data-testid="correct-form"' not in body
    assert client.post(url, fix_clearance(c, reviewer="别人")).status_code == 403
    c.refresh_from_db()
    assert c.reviewer == "王五"
