"""HACCP services: the plan from rule data, signing by the leader only, readings judged by the plan in force
(bad input writes nothing), deviations holding batches until corrected and disposed, changes needing review."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import factories as t
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from apitest import row_counts
from django.utils import timezone

from shouhu.core.errors import ServiceError
from shouhu.haccp import selectors, services
from shouhu.haccp.models import CCP, Deviation, Hazard, Reading, ReadingBatch

from .conftest import STERILE


def _reading(ccp="CCP1", value=122.0, **kw):
    at = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    return {"ccp": ccp, "unit": "℃", "at": at, "value": value, **kw}


def test_plan_prefilled_from_rules_with_citations(principal, product):
    plan = services.plan_create(actor=principal, product=product, title="计划", leader=principal)
    v = plan.versions.get()
    steps = list(v.steps.values_list("name", flat=True))
    assert steps[0] == "原料验收" and "杀菌" in steps and "在线或成品金属检测" in steps
    metal = Hazard.objects.get(version=v, step__name="在线或成品金属检测")
    assert metal.type == "physical" and "表6" in metal.citation and metal.rule_limit["value"] == 2
    assert Hazard.objects.filter(version=v, step__name="杀菌", citation__contains="第二十五条").exists()
    assert Hazard.objects.filter(version=v, rule_id="xize2017.haccp.receiving.meat").exists()


def test_metal_limit_looser_than_rule_refused(principal, product):
    plan = services.plan_create(actor=principal, product=product, title="计划", leader=principal)
    metal = Hazard.objects.get(version=plan.versions.get(), step__name="在线或成品金属检测")
    services.hazard_decide(actor=principal, hazard=metal, answers={"q1": True, "q2": True})
    base = STERILE | {"parameter": "Fe测试块", "unit": "mm", "limit_min": None, "document": ""}
    with pytest.raises(ServiceError) as exc:
        services.ccp_set(actor=principal, hazard=metal, **(base | {"limit_max": 2.5}))
    assert exc.value.details["reason"] == "limit.looser"
    ccp = services.ccp_set(actor=principal, hazard=metal, **(base | {"limit_max": 2.0}))
    assert ccp.basis == "rule" and ccp.rule_max == 2
    with pytest.raises(ServiceError):  # stricter without the document that sets it
        services.ccp_set(actor=principal, hazard=metal, **(base | {"limit_max": 1.5}))


def test_sign_only_by_leader_and_diff(signed, principal, qa):
    v1 = selectors.in_force(signed)
    assert v1.number == 1 and v1.sha256 and v1.content["ccps"][0]["limit_min"] == 121
    draft = services.version_draft(actor=principal, plan=signed, note="提高杀菌温度")
    c = CCP.objects.get(version=draft)
    services.ccp_set(actor=principal, hazard=c.hazard, **(STERILE | {"limit_min": 123}))
    with pytest.raises(ServiceError) as exc:
        services.version_sign(actor=qa, version=draft)
    assert exc.value.details["reason"] == "version.not_leader"
    services.version_sign(actor=principal, version=draft)
    v1.refresh_from_db()
    assert v1.status == "superseded"
    changes = selectors.diff(v1.content, selectors.in_force(signed).content)
    assert {
        "part": "ccp",
        "key": "CCP1",
        "change": "changed",
        "field": "limit_min",
        "before": 121,
        "after": 123,
    } in changes


def test_bad_readings_write_nothing(signed, principal, qa):
    batch = t.make_batch(signed.product)
    for bad, reason in (
        (_reading(ccp="CCP9", batch=batch.number), "reading.ccp_unknown"),
        (_reading(unit="°F", batch=batch.number), "reading.unit_unknown"),
        (_reading(batch=batch.number, limit_min=100), "reading.limit_edited"),
        (_reading(batch="NOPE"), "reading.batch_unknown"),
    ):
        before = row_counts()
        with pytest.raises(ServiceError) as exc:
            services.readings_record(actor=qa, items=[_reading(batch=batch.number), bad])
        assert exc.value.details["items"][0]["details"]["reason"] == reason
        assert row_counts() == before


def test_deviation_holds_batch_until_disposition(signed, principal, qa):
    from shouhu.production import services as production

    batch = t.make_batch(signed.product)
    rb = services.readings_record(
        actor=qa, items=[_reading(batch=batch.number), _reading(value=118, batch=batch.number)]
    )
    assert rb.count == 2 and rb.out_of_limit == 1 and selectors.batch_digest(rb) == rb.sha256
    assert list(Reading.objects.filter(batch=rb).values_list("limit_min", flat=True)) == [121, 121]
    batch.refresh_from_db()
    assert batch.status == "on_hold"
    dev = Deviation.objects.get(production_batch=batch)
    with pytest.raises(ServiceError) as exc:  # the hold cannot be lifted around the deviation
        production.batch_hold_clear(actor=qa, batch=batch, reason="看过了")
    assert "batch.hold_blocked" in str(exc.value.details)
    with pytest.raises(ServiceError):
        services.deviation_close(actor=qa, deviation=dev, corrective_action="", disposition="release")
    services.deviation_close(
        actor=qa, deviation=dev, corrective_action="重新杀菌至121℃", disposition="rework"
    )
    batch.refresh_from_db()
    assert batch.status == "in_production" and ReadingBatch.objects.count() == 1


def test_production_ccp_record_uses_plan_limits(signed, principal):
    from shouhu.production import services as production

    batch = t.make_batch(signed.product)
    rec = production.ccp_record(
        actor=principal,
        batch=batch,
        point="杀菌",
        parameter="温度",
        value=119,
        at=timezone.now(),
        operator="杀菌工",
    )
    assert rec.deviation and rec.limit_min == 121
    assert Deviation.objects.filter(production_batch=batch, closed_at__isnull=True).count() == 1


def test_missing_reading_is_a_deviation(signed, qa):
    batch = t.make_batch(signed.product, produced_on=timezone.localdate() - dt.timedelta(days=1))
    assert services.missing_sweep(enterprise_id=signed.enterprise_id, day=batch.produced_on) == 1
    assert services.missing_sweep(enterprise_id=signed.enterprise_id, day=batch.produced_on) == 0
    assert Deviation.objects.get(kind="missing").period_key == f"B{batch.pk}"


def test_change_needs_review_before_next_batch(signed, principal, ent):
    from shouhu.production import services as production

    services.change_record(
        actor=principal, plan=signed, kind="recipe", description="增加胡萝卜", changed_on=timezone.localdate()
    )
    with pytest.raises(ServiceError) as exc:
        production.batch_create(actor=principal, enterprise=ent, product=signed.product, number="N1",
                                produced_on=timezone.localdate())  # fmt: skip
    assert "batch.blocked" in str(exc.value.details)
    draft = services.version_draft(actor=principal, plan=signed, note="配方变更评审")
    services.version_sign(actor=principal, version=draft)
    production.batch_create(
        actor=principal, enterprise=ent, product=signed.product, number="N1", produced_on=timezone.localdate()
    )


def test_internal_standard_release_item(principal, product):
    std = services.standard_set(actor=principal, kind="release", item="水分", document="Q/HM 0002—2026",
                                rule_limit={"max": 6.0}, limit_max=5.0, unit="g/100g", product=product)  # fmt: skip
    assert std.basis == "stricter"
    with pytest.raises(ServiceError):
        services.standard_set(
            actor=principal, kind="release", item="水分", document="Q", rule_limit={"max": 6.0}, limit_max=7
        )
    got = selectors.internal_limit("release", product.enterprise_id, product.pk, "水分", {"max": 6.0})
    assert (got["max"], got["rule_max"], got["own_max"]) == (5.0, 6.0, 5.0)
    own = selectors.internal_limit("release", product.enterprise_id, product.pk, "水分", None)
    assert own["basis"] == "own_only"
