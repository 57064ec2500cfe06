"""Clean-room monitoring: plan from 表9, readings (one and in bulk), deviations with CAPA, reports, flags,
and refusals that write nothing."""

from __future__ import annotations

import datetime as dt

import factories as t
import pytest
from django.utils import timezone

from shouhu.cleanroom import selectors, services
from shouhu.cleanroom.models import Deviation, PlanItem, Reading, ReadingBatch, ReadingDay
from shouhu.core import ledger
from shouhu.core.errors import NotFound, ServiceError
from shouhu.workflow.obligations.models import Obligation

pytestmark = pytest.mark.django_db


def _at(hours_ago: float = 1) -> str:
    return (timezone.now() - dt.timedelta(hours=hours_ago)).isoformat()


def test_clean_zone_gets_its_plan_from_table9(zone):
    plan = {i.quantity: i for i in zone.plan.all()}
    assert set(plan) == {
        "particles_ge_0_5um_static", "particles_ge_5_0um_static", "airborne_bacteria_dynamic",
        "settling_bacteria_dynamic_4h_90mm", "surface_microbes_dynamic_55mm",
        "pressure_difference_clean_to_non_clean", "air_changes_per_hour", "temperature", "relative_humidity",
    }  # fmt: skip
    assert plan["particles_ge_0_5um_static"].value == 3520000
    assert (plan["temperature"].value, plan["temperature"].value_max) == (16, 25)
    assert plan["relative_humidity"].per == "shift" and plan["relative_humidity"].times == 2
    assert plan["airborne_bacteria_dynamic"].schedule.frequency == "weekly"
    kinds = set(Obligation.objects.filter(subject_id=str(zone.pk)).values_list("kind", flat=True))
    assert {"cleanroom.report.annual", "cleanroom.monitor.shift", "cleanroom.monitor.week"} <= kinds


def test_raw_cereal_zone_takes_the_A_limits(ent, principal):
    z = services.zone_create(
        actor=principal, enterprise_id=ent.pk, code="C02", name="生制间", grade="clean", raw_cereal=True
    )
    assert z.plan.get(quantity="particles_ge_0_5um_static").value == 10500000
    assert z.plan.get(quantity="particles_ge_0_5um_static").rule_id == "xize2017.table9.r1a"


def test_general_zone_has_no_plan(ent, principal):
    z = services.zone_create(
        actor=principal, enterprise_id=ent.pk, code="G01", name="外包装", grade="general"
    )
    assert not z.plan.exists()


def test_readings_in_limit_and_out_of_limit_open_one_deviation_with_its_finding(zone, qa):
    batch = services.readings_record(
        actor=qa,
        items=[
            {"zone": "C01", "parameter": "relative_humidity", "unit": "%", "at": _at(3), "value": 55},
            {"zone": "C01", "parameter": "relative_humidity", "unit": "%", "at": _at(2), "value": 71},
            {"zone": "C01", "parameter": "relative_humidity", "unit": "%", "at": _at(1), "value": 73},
        ],
    )
    assert batch.count == 3 and batch.out_of_limit == 2
    assert selectors.batch_digest(batch) == batch.sha256
    dev = Deviation.objects.get()
    assert dev.kind == "out_of_limit" and dev.readings == 2 and dev.worst == 73
    assert "超出限值" in dev.finding.title and dev.finding.rule_id == "xize2017.table9.r9"
    # more bad readings extend the open deviation instead of opening another
    services.readings_record(
        actor=qa,
        items=[{"zone": "C01", "parameter": "relative_humidity", "unit": "%", "at": _at(0.5), "value": 80}],
    )
    dev.refresh_from_db()
    assert Deviation.objects.count() == 1 and dev.readings == 3 and dev.worst == 80
    assert ledger.history(batch).count() == 1
    # a reading changed behind the service's back no longer matches its batch's digest in the ledger
    Reading.objects.filter(batch=batch, value=55).update(value=50)
    assert selectors.batch_digest(batch) != batch.sha256


def test_air_changes_computed_from_s_v_a(zone, qa):
    services.readings_record(
        actor=qa,
        items=[{"zone": "C01", "parameter": "air_changes_per_hour", "unit": "次/h", "at": _at(), "room": "内包间一",
                "inputs": {"vent_area_m2": 0.2, "air_speed_m_s": 2.5}}],
    )  # fmt: skip
    r = Reading.objects.get()
    assert r.value == pytest.approx(3600 * 0.2 * 2.5 / 120) and r.within  # 15 次/h ≥ 12
    assert r.inputs == {"S": 0.2, "V": 2.5, "A": 120.0}
    day = ReadingDay.objects.get(item=r.item)  # the per-day figures the chart reads
    assert (day.n, day.lo, day.hi) == (1, r.value, r.value)


@pytest.mark.parametrize(
    "item, reason",
    [
        ({"parameter": "noise", "unit": "dB", "value": 1}, "reading.parameter_unknown"),
        ({"parameter": "temperature", "unit": "K", "value": 290}, "reading.unit_unknown"),
        ({"parameter": "air_changes_per_hour", "unit": "次/h", "value": 20}, "reading.inputs_required"),
    ],
)
def test_bad_item_refused_with_its_reason_and_nothing_written(zone, qa, item, reason):
    good = {"zone": "C01", "parameter": "temperature", "unit": "℃", "at": _at(), "value": 20}
    with pytest.raises(ServiceError) as e:
        services.readings_record(actor=qa, items=[good, {"zone": "C01", "at": _at(), **item}])
    items = e.value.details["items"]
    assert [i["index"] for i in items] == [1] and items[0]["details"]["reason"] == reason
    assert not Reading.objects.exists() and not ReadingBatch.objects.exists()


def test_another_enterprises_zone_is_not_found(zone, other):
    from shouhu.core.roles import Role

    outsider = t.make_user(Role.QA, enterprise=other, username="cr_other_qa")
    with pytest.raises(NotFound):
        services.readings_record(
            actor=outsider,
            items=[{"zone": "C01", "parameter": "temperature", "unit": "℃", "at": _at(), "value": 20}],
        )
    with pytest.raises(NotFound):
        services.room_create(actor=outsider, zone=zone, name="x", volume_m3=1)
    assert not Reading.objects.exists()


def test_limit_looser_than_table9_refused_tighter_accepted(zone, principal):
    item = zone.plan.get(quantity="relative_humidity")
    with pytest.raises(ServiceError) as e:
        services.limit_set(actor=principal, item=item, value=70, reason="放宽")
    assert e.value.details["reason"] == "plan.limit_looser" and "表9" in e.value.message_zh
    item.refresh_from_db()
    assert item.value == 65
    services.limit_set(actor=principal, item=item, value=60, reason="内控")
    item.refresh_from_db()
    assert item.value == 60
    temp = zone.plan.get(quantity="temperature")
    with pytest.raises(ServiceError):
        services.limit_set(actor=principal, item=temp, value=15, value_max=24, reason="放宽下限")


def test_missing_weekly_microbe_test_becomes_a_deviation(zone):
    PlanItem.objects.filter(zone=zone, per="week").update(created_at=timezone.now() - dt.timedelta(days=14))
    opened = services.missing_sweep(zone=zone)
    kinds = set(Deviation.objects.filter(kind="missing").values_list("item__per", flat=True))
    assert opened > 0 and "week" in kinds
    assert services.missing_sweep(zone=zone) == 0  # idempotent


def test_complete_period_discharges_its_duty(zone, qa):
    # the current shift's duty exists (generated a week ahead); two readings of each shift item complete it
    now = timezone.localtime()
    key = f"{now.date().isoformat()}#{now.hour * zone.shifts_per_day // 24 + 1}"
    duty = Obligation.objects.get(subject_id=str(zone.pk), kind="cleanroom.monitor.shift", period_key=key)
    items = []
    for p, u, v in (
        ("pressure_difference_clean_to_non_clean", "Pa", 12),
        ("temperature", "℃", 20),
        ("relative_humidity", "%", 50),
    ):
        items += [
            {"zone": "C01", "parameter": p, "unit": u, "at": timezone.now().isoformat(), "value": v}
        ] * 2
    services.readings_record(actor=qa, items=items)
    duty.refresh_from_db()
    assert duty.status == "done"


def test_report_discharges_annual_duty_and_clears_the_flag(zone, principal):
    assert selectors.zone_flags(zone)
    services.report_record(
        actor=principal, zone=zone, kind="annual", lab="湖南省检测院", number="HN-2026-01",
        tested_on=timezone.localdate(), passed=True, content=b"%PDF-1.4 report", filename="r.pdf",
    )  # fmt: skip
    assert selectors.zone_flags(zone) == []
    annual = Obligation.objects.filter(subject_id=str(zone.pk), kind="cleanroom.report.annual")
    assert annual.filter(status="done").count() == 1 and annual.filter(status="open").count() == 1
    services.change_record(
        actor=principal,
        zone=zone,
        description="更换高效过滤器",
        changed_on=timezone.localdate(),
        restart_on=timezone.localdate() + dt.timedelta(days=3),
    )
    assert any("改造" in f for f in selectors.zone_flags(zone))


def test_batch_made_during_open_deviation_is_flagged_to_release(zone, qa, ent):
    from shouhu.production.selectors import release_check

    product = t.make_product(ent, name="婴幼儿米粉")
    batch = t.make_batch(product, number="B001", produced_on=timezone.localdate())
    services.batch_zone_record(actor=qa, batch_number="B001", zone=zone, line="罐装线1")
    assert release_check(batch)["flags"] == []
    services.readings_record(
        actor=qa, items=[{"zone": "C01", "parameter": "temperature", "unit": "℃", "at": _at(), "value": 30}]
    )
    flags = release_check(batch)["flags"]
    assert len(flags) == 1 and "超出限值" in flags[0]["title"]
