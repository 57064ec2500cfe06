"""Release gate (出厂检验与放行, 第六十一条): items from the rules engine, retention sample, releasing role."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shouhu.core import ledger
from shouhu.core.errors import PermissionDenied, ValidationFailed
from shouhu.production import rulebook, selectors, services
from shouhu.production.models import BatchStatus, NonConforming
from shouhu.rules import engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(principal_a, batch, lot, staff):
    services.batch_consume(
        actor=principal_a, batch=batch, lot=lot, quantity=10, batcher=staff[0], checker=staff[1]
    )
    return services.batch_complete(actor=principal_a, batch=batch, quantity=500)


def required(batch):
    return [i for i in rulebook.release_items(batch.product.profile, batch.produced_on) if not i.optional]


def record_all(actor, batch, *, fail: str | None = None, skip: str | None = None):
    for item in required(batch):
        if item.name == skip:
            continue
        services.release_test_record(
            actor=actor,
            batch=batch,
            rule_id=item.rule_id,
            item=item.name,
            method=item.method,
            result="不合格" if item.name == fail else "符合",
            passed=item.name != fail,
            tester="检验员",
            tested_on=date.today(),
            report_no="R-2026-001",
        )


def test_release_items_come_from_the_rules_engine(batch):
    items = required(batch)
    eng_items = [i for i in engine(batch.produced_on).release_items(batch.product.profile) if not i.optional]
    assert [i.name for i in items] == [i.name for i in eng_items] and len(items) > 10
    assert all("第六十一条" in i.cite for i in items if i.rule_id.startswith("xize2017.annex"))


def test_full_release(qa_a, principal_a, made):
    record_all(principal_a, made)
    services.retention_sample_record(actor=principal_a, batch=made, quantity=6, retained_on=date.today())
    batch = services.batch_release(actor=qa_a, batch=made, certificate_no="HG-001", report_no="R-2026-001")
    assert batch.status == BatchStatus.RELEASED and batch.released_by == qa_a
    assert batch.on_hand == 494  # 500 produced − 6 retained
    assert ledger.history(batch).last().action == "production.batch.release"


def test_release_without_the_required_passing_tests_names_the_missing_items(qa_a, principal_a, made):
    skipped = required(made)[0]
    record_all(principal_a, made, skip=skipped.name)
    services.retention_sample_record(actor=principal_a, batch=made, quantity=6, retained_on=date.today())
    with pytest.raises(ValidationFailed) as exc:
        services.batch_release(actor=qa_a, batch=made, certificate_no="HG-001", report_no="R-2026-001")
    assert exc.value.details["fields"][0]["code"] == "release.tests"
    assert exc.value.details["missing"] == [
        {"item": skipped.name, "rule": skipped.rule_id, "cite": skipped.cite}
    ]
    made.refresh_from_db()
    assert made.status == BatchStatus.PENDING


def test_failing_item_rejects_batch_and_opens_nonconforming_record(qa_a, principal_a, made):
    bad = required(made)[3]
    record_all(principal_a, made, fail=bad.name)
    made.refresh_from_db()
    assert made.status == BatchStatus.REJECTED
    nc = NonConforming.objects.get(batch=made)
    assert bad.name in nc.problem and bad.cite in nc.problem and nc.quantity == 500
    with pytest.raises(ValidationFailed):
        services.batch_release(actor=qa_a, batch=made, certificate_no="HG-1", report_no="R-2026-001")


def test_no_retention_sample_no_release(qa_a, principal_a, made):
    record_all(principal_a, made)
    with pytest.raises(ValidationFailed) as exc:
        services.batch_release(actor=qa_a, batch=made, certificate_no="HG-1", report_no="R-2026-001")
    assert exc.value.details["fields"][0]["code"] == "release.no_retention_sample"
    assert "第六十一条" in exc.value.details["cite"]


def test_certificate_must_trace_to_a_report(qa_a, principal_a, made):
    record_all(principal_a, made)
    services.retention_sample_record(actor=principal_a, batch=made, quantity=6, retained_on=date.today())
    with pytest.raises(ValidationFailed) as exc:
        services.batch_release(actor=qa_a, batch=made, certificate_no="HG-1", report_no="R-OTHER")
    assert exc.value.details["fields"][0]["code"] == "release.report_unknown"


def test_only_the_releasing_role_may_release(officer_a, principal_a, made):
    record_all(principal_a, made)
    services.retention_sample_record(actor=principal_a, batch=made, quantity=6, retained_on=date.today())
    with pytest.raises(PermissionDenied):
        services.batch_release(actor=officer_a, batch=made, certificate_no="HG-1", report_no="R-2026-001")
    with pytest.raises(PermissionDenied):
        services.batch_release(actor=principal_a, batch=made, certificate_no="HG-1", report_no="R-2026-001")


def test_ccp_deviation_holds_the_batch(qa_a, principal_a, made):
    from django.utils import timezone

    rec = services.ccp_record(
        actor=principal_a,
        batch=made,
        point="杀菌",
        parameter="温度",
        value=118,
        at=timezone.now(),
        operator="杀菌工",
    )
    assert rec.deviation
    made.refresh_from_db()
    assert made.status == BatchStatus.ON_HOLD and "118" in made.hold_reason
    record_all(principal_a, made)
    services.retention_sample_record(actor=principal_a, batch=made, quantity=6, retained_on=date.today())
    with pytest.raises(ValidationFailed) as exc:
        services.batch_release(actor=qa_a, batch=made, certificate_no="HG-1", report_no="R-2026-001")
    assert exc.value.details["fields"][0]["code"] == "release.on_hold"
    services.batch_hold_clear(actor=qa_a, batch=made, reason="复核温度记录仪，偏离为探头故障，复测合格")
    assert services.batch_release(
        actor=qa_a, batch=made, certificate_no="HG-1", report_no="R-2026-001"
    ).status == (BatchStatus.RELEASED)


def test_within_limits_is_no_deviation(principal_a, made):
    from django.utils import timezone

    rec = services.ccp_record(
        actor=principal_a,
        batch=made,
        point="杀菌",
        parameter="时间",
        value=20,
        at=timezone.now(),
        operator="杀菌工",
    )
    assert not rec.deviation


def test_sales_only_after_release_and_returns_bounded(qa_a, principal_a, ent_a, made):
    cust = services.customer_create(
        actor=principal_a, enterprise=ent_a, name="经销商甲", kind="distributor", contact="13800000000"
    )
    with pytest.raises(ValidationFailed) as exc:
        services.shipment_create(
            actor=principal_a, batch=made, customer=cust, quantity=1, shipped_on=date.today()
        )
    assert exc.value.details["rule"] == "xize2017.art51"
    record_all(principal_a, made)
    services.retention_sample_record(actor=principal_a, batch=made, quantity=4, retained_on=date.today())
    services.batch_release(actor=qa_a, batch=made, certificate_no="HG-1", report_no="R-2026-001")
    ship = services.shipment_create(
        actor=principal_a, batch=made, customer=cust, quantity=400, shipped_on=date.today()
    )
    with pytest.raises(ValidationFailed):
        services.shipment_create(
            actor=principal_a, batch=made, customer=cust, quantity=97, shipped_on=date.today()
        )
    services.return_create(
        actor=principal_a, shipment=ship, quantity=30, returned_on=date.today(), reason="破损", restock=True
    )
    with pytest.raises(ValidationFailed) as exc:
        services.return_create(
            actor=principal_a, shipment=ship, quantity=371, returned_on=date.today(), reason="多退"
        )
    assert exc.value.details["fields"][0]["code"] == "return.exceeds_shipment"
    made.refresh_from_db()
    assert made.on_hand == 500 - 4 - 400 + 30


def test_retention_until_shelf_life_plus_rule_months(batch):
    months = engine().parameter("retention.months-after-shelf-life").value
    until = selectors.retention_until(batch)
    assert until > batch.expires_on + timedelta(days=28 * months - 1)
    assert until <= batch.expires_on + timedelta(days=31 * months)


def test_annex1_record_fields_come_from_the_rules(principal_a, ent_a):
    rule = engine().rule("xize2017.annex1.record13")
    data = {f: "x" for f in rule.params["fields"]}
    rec = services.record_create(
        actor=principal_a, enterprise=ent_a, number=13, occurred_on=date.today(), data=data
    )
    assert rec.rule_id == "xize2017.annex1.record13"
    partial = dict(data)
    partial.pop(rule.params["fields"][0])
    with pytest.raises(ValidationFailed) as exc:
        services.record_create(
            actor=principal_a, enterprise=ent_a, number=13, occurred_on=date.today(), data=partial
        )
    assert exc.value.details["missing"] == [rule.params["fields"][0]]
    assert exc.value.details["cite"] == rule.source.cite()
    fixed = services.record_correct(
        actor=principal_a, record=rec, data={**data, "范围": "全厂区"}, reason="补记范围"
    )
    _first, second = ledger.history(fixed)
    assert second.reason == "补记范围" and second.before["data"] == data and second.actor == principal_a


def _report(batch, *, fail: str | None = None, on: date | None = None) -> list[dict]:
    return [
        {
            "rule_id": item.rule_id,
            "item": item.name,
            "method": item.method,
            "result": "不合格" if item.name == fail else "符合",
            "passed": item.name != fail,
            "tester": "检验员",
            "tested_on": on or date.today(),
            "report_no": "R-2026-002",
        }
        for item in required(batch)
    ]


def test_a_whole_report_at_once_releases_like_one_by_one_and_its_entries_verify(qa_a, principal_a, made):
    tests = services.release_tests_record(actor=principal_a, batch=made, tests=_report(made))
    assert len(tests) == len(required(made)) and all(t.pk for t in tests)
    assert [ledger.history(t).get().action for t in tests[:2]] == ["production.release_test.record"] * 2
    checked, problems = ledger.verify(made.enterprise_id)
    assert checked and not problems
    services.retention_sample_record(actor=principal_a, batch=made, quantity=6, retained_on=date.today())
    batch = services.batch_release(actor=qa_a, batch=made, certificate_no="HG-002", report_no="R-2026-002")
    assert batch.status == BatchStatus.RELEASED


def test_a_report_with_a_failing_item_rejects_the_batch(principal_a, made):
    bad = required(made)[2]
    services.release_tests_record(actor=principal_a, batch=made, tests=_report(made, fail=bad.name))
    made.refresh_from_db()
    assert made.status == BatchStatus.REJECTED
    assert NonConforming.objects.filter(batch=made, problem__contains=bad.name).exists()


def test_a_report_with_a_future_day_or_a_bad_field_writes_nothing(principal_a, made):
    before = ledger.history(made).count(), made.tests.count()
    with pytest.raises(ValidationFailed):
        services.release_tests_record(
            actor=principal_a, batch=made, tests=_report(made, on=date.today() + timedelta(days=1))
        )
    bad = _report(made)
    bad[-1]["item"] = ""
    with pytest.raises(ValidationFailed):
        services.release_tests_record(actor=principal_a, batch=made, tests=bad)
    assert (ledger.history(made).count(), made.tests.count()) == before


def _one(batch, item: str, result: str, passed: bool = True) -> dict:
    from shouhu.rules.limits import canonical_item

    it = next(i for i in required(batch) if canonical_item(i.name) == item)
    return {
        "rule_id": it.rule_id,
        "item": it.name,
        "method": it.method,
        "result": result,
        "passed": passed,
        "tester": "检验员",
        "tested_on": date.today(),
        "report_no": "R-2026-009",
    }


def test_the_gate_judges_against_the_same_limits_as_sampling(principal_a, made):
    """Issue 27 point 1: a lead result over GB 2762's 0.2 mg/kg fails though the form says 合格."""
    from shouhu.rules import limits

    lim = limits.limit_for(rulebook.engine(made.produced_on), made.product.profile, "铅")
    assert lim is not None and lim.max == 0.2
    ok = services.release_test_record(actor=principal_a, batch=made, **_one(made, "铅", "0.12 mg/kg"))
    assert ok.passed
    bad = services.release_test_record(actor=principal_a, batch=made, **_one(made, "铅", "0.35"))
    made.refresh_from_db()
    assert not bad.passed and made.status == BatchStatus.REJECTED
    problem = NonConforming.objects.get(batch=made).problem
    assert "≤0.2" in problem and lim.cite in problem


def test_a_result_in_another_unit_or_a_short_plan_writes_nothing(principal_a, made):
    before = made.tests.count()
    with pytest.raises(ValidationFailed) as exc:
        services.release_tests_record(
            actor=principal_a,
            batch=made,
            tests=[_one(made, "黄曲霉毒素B1", "0.3"), _one(made, "铅", "0.1 μg/kg")],
        )
    assert exc.value.details["reason"] == "release.result_unit"
    with pytest.raises(ValidationFailed) as exc:
        services.release_test_record(actor=principal_a, batch=made, **_one(made, "菌落总数", "100"))
    assert exc.value.details["reason"] == "release.result_count"
    assert made.tests.count() == before


def test_the_gate_judges_by_the_enterprise_standard_where_it_is_stricter(principal_a, made):
    """Issue 21 point 3 on the release gate: lead 0.15 mg/kg is within GB 2762's 0.2 but over the
    enterprise's own 0.1 (企业内控标准, set through haccp) — it fails, citing the enterprise's document."""
    from shouhu.haccp import services as haccp

    haccp.standard_set(actor=principal_a, kind="release", item="铅", document="Q/HM 0003—2026",
                       rule_limit={"max": 0.2}, limit_max=0.1, unit="mg/kg", product=made.product)  # fmt: skip
    ok = services.release_test_record(actor=principal_a, batch=made, **_one(made, "铅", "0.08 mg/kg"))
    assert ok.passed
    bad = services.release_test_record(actor=principal_a, batch=made, **_one(made, "铅", "0.15 mg/kg"))
    made.refresh_from_db()
    assert not bad.passed and made.status == BatchStatus.REJECTED
    problem = NonConforming.objects.get(batch=made).problem
    assert "企业内控标准" in problem and "Q/HM 0003—2026" in problem
