"""Demo clean-room monitoring (issue 22): a year of readings in the first demo enterprises' clean zones.

Zones come from the licence grant when the licensing demo approved one (`core.hooks.licence_granted`), else
they are made here. Sensor readings (pressure difference, temperature, humidity twice a shift), weekly
microbe tests, monthly air-change checks (S, V, A: N = 3600·S·V/A) and the yearly particle counts are
pushed month by month through the readings service, so batches, digests and the ledger are real. Three
readings are out of limit (humidity in summer: CAPA accepted; pressure in autumn: CAPA answered; airborne
bacteria ten days ago: open, and the batches made since are flagged to their release), and one weekly
settling-bacteria test three weeks ago was never done (the sweep makes it a 漏测 deviation). The first
enterprise has a valid third-party report; the second has none, so its zone is flagged.

The plan items are dated a year back (demo only: `created_at` is not part of any ledger snapshot), so the
regulator's compliance view has a year to show.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

SHIFT_HOURS = (2, 8, 14, 20)  # two readings in each of two 12-hour shifts
WEEKLY = (("airborne_bacteria_dynamic", "cfu/m³", 60, 25), ("settling_bacteria_dynamic_4h_90mm", "cfu/4h (φ90mm)", 25, 10),
          ("surface_microbes_dynamic_55mm", "cfu/皿 (φ55mm)", 10, 5))  # fmt: skip


@dataclass
class CleanroomResult:
    zones: int = 0
    readings: int = 0
    deviations: int = 0
    flagged_batches: int = 0

    def __str__(self) -> str:
        return (
            f"{self.zones} zones, {self.readings} readings, {self.deviations} deviations, "
            f"{self.flagged_batches} batches flagged to release"
        )


def _aware(day: dt.date, hour: int) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _year(rng: random.Random, zone: Any, today: dt.date, now: dt.datetime, skip_week: str) -> list[dict]:
    out: list[dict] = []
    code = zone.code
    first = today - dt.timedelta(days=364)
    for n in range(365):
        day = first + dt.timedelta(days=n)
        for h in SHIFT_HOURS:
            at = _aware(day, h)
            if at >= now:
                continue
            out += [
                {"zone": code, "parameter": "pressure_difference_clean_to_non_clean", "unit": "Pa", "at": at, "value": round(rng.uniform(12, 18), 1)},
                {"zone": code, "parameter": "temperature", "unit": "℃", "at": at, "value": round(rng.uniform(19, 23), 1)},
                {"zone": code, "parameter": "relative_humidity", "unit": "%", "at": at, "value": round(rng.uniform(42, 58), 1)},
            ]  # fmt: skip
        if day.weekday() == 2 and _aware(day, 10) < now:
            iso = day.isocalendar()
            for name, unit, mean, sd in WEEKLY:
                if name.startswith("settling") and f"{iso.year}-W{iso.week:02d}" == skip_week:
                    continue  # the one weekly test that was never done
                value = max(0, round(rng.gauss(mean, sd)))
                out.append(
                    {
                        "zone": code,
                        "parameter": name,
                        "unit": unit,
                        "at": _aware(day, 10),
                        "value": min(value, mean * 2),
                    }
                )
        if day.day == 5 and _aware(day, 11) < now:
            out.append({"zone": code, "parameter": "air_changes_per_hour", "unit": "次/h", "at": _aware(day, 11), "room": "内包间一",
                        "inputs": {"vent_area_m2": 0.25, "air_speed_m_s": round(rng.uniform(1.8, 2.2), 2)}})  # fmt: skip
    mid = first + dt.timedelta(days=30)
    out += [
        {"zone": code, "parameter": "particles_ge_0_5um_static", "unit": "个/m³", "at": _aware(mid, 9), "value": 1_250_000},
        {"zone": code, "parameter": "particles_ge_5_0um_static", "unit": "个/m³", "at": _aware(mid, 9), "value": 9_800},
    ]  # fmt: skip
    return out


def _bad(out: list[dict], parameter: str, on: dt.date, value: float) -> None:
    for r in out:
        if r["parameter"] == parameter and r["at"].date() == on:
            r["value"] = value
            return


def _zone(ent: Any, principal: Any) -> Any:
    from shouhu.cleanroom import services
    from shouhu.cleanroom.models import Zone

    zone = Zone.objects.filter(enterprise=ent, grade="clean").order_by("pk").first()
    if zone is None:
        zone = services.zone_create(
            actor=principal, enterprise_id=ent.pk, code="ZN01", name="内包装车间", grade="clean"
        )
        for code, name, grade in (("ZN02", "配料混合车间", "quasi_clean"), ("ZN03", "成品仓库", "general")):
            services.zone_create(actor=principal, enterprise_id=ent.pk, code=code, name=name, grade=grade)
    if not zone.rooms.exists():
        services.room_create(actor=principal, zone=zone, name="内包间一", volume_m3=120, vent_area_m2="0.25")
        services.line_create(actor=principal, zone=zone, name="一号包装线")
    return zone


def _capa(principal: Any, deviation: Any, today: dt.date, *, accept: bool) -> None:
    from shouhu.workflow.findings import services as findings

    rect = findings.rectification_open(
        actor=principal, finding=deviation.finding, due_on=today + dt.timedelta(days=7)
    )
    findings.rectification_answer(
        actor=principal, rectification=rect, answer="已检修空调机组并复测合格，培训监测人员"
    )
    if accept:
        findings.rectification_accept(actor=principal, rectification=rect, note="复测合格")


def generate_cleanroom(rng: random.Random, enterprises: Sequence[Any], *, limit: int = 2) -> CleanroomResult:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from shouhu.cleanroom import services
    from shouhu.cleanroom.models import Deviation, PlanItem
    from shouhu.core.errors import ServiceError
    from shouhu.core.roles import Role
    from shouhu.production.models import Batch

    User = get_user_model()
    result = CleanroomResult()
    today, now = timezone.localdate(), timezone.now()
    skip = (today - dt.timedelta(days=21)).isocalendar()
    skip_week = f"{skip.year}-W{skip.week:02d}"
    done = 0
    for ent in enterprises:
        if done >= limit:
            break
        principal = User.objects.filter(enterprise=ent, role=Role.PRINCIPAL).order_by("pk").first()
        if principal is None:
            continue
        zone = _zone(ent, principal)
        PlanItem.objects.filter(zone=zone).update(created_at=now - dt.timedelta(days=365))  # demo only
        readings = _year(rng, zone, today, now, skip_week)
        summer = dt.date(today.year if today.month > 7 else today.year - 1, 7, 15)
        autumn = dt.date(today.year if today.month > 10 else today.year - 1, 10, 20)
        _bad(readings, "relative_humidity", summer, 71.5)
        _bad(readings, "pressure_difference_clean_to_non_clean", autumn, 7.5)
        recent = today - dt.timedelta(days=10)
        recent -= dt.timedelta(days=(recent.weekday() - 2) % 7)  # the weekly test's Wednesday
        _bad(readings, "airborne_bacteria_dynamic", recent, 236)
        readings.sort(key=lambda r: r["at"])
        for r in readings:
            r["at"] = r["at"].isoformat()
        for i in range(0, len(readings), 2000):
            services.readings_record(
                actor=principal, items=readings[i : i + 2000], source="sensor", sensor="演示传感器网关"
            )
        result.readings += len(readings)
        devs = {
            d.item.quantity: d for d in Deviation.objects.filter(zone=zone).select_related("item", "finding")
        }
        if "relative_humidity" in devs:
            _capa(principal, devs["relative_humidity"], today, accept=True)
        if "pressure_difference_clean_to_non_clean" in devs:
            _capa(principal, devs["pressure_difference_clean_to_non_clean"], today, accept=False)
        services.missing_sweep(zone=zone)
        if done == 0:
            services.report_record(
                actor=principal, zone=zone, kind="annual", lab="湖南省产商品质量检验研究院", number=f"HNQT-{today.year}-0{ent.pk % 100:02d}",
                tested_on=today - dt.timedelta(days=60), passed=True, content=_report_pdf(), filename="洁净区年度检测报告.pdf",
            )  # fmt: skip
        for batch in Batch.objects.filter(enterprise=ent).order_by("-produced_on")[:5]:
            try:
                services.batch_zone_record(
                    actor=principal, batch_number=batch.number, zone=zone, line="一号包装线"
                )
            except ServiceError:  # a batch already placed is skipped
                continue
            result.flagged_batches += batch.produced_on >= recent
        result.zones += 1
        result.deviations += Deviation.objects.filter(zone=zone).count()
        done += 1
    return result


@cache
def _report_pdf() -> bytes:
    """The yearly clean-room test report of the demo as a real two-page PDF (issue 16.6), rendered once."""
    from shouhu.core.pdf import document_html, render_pdf

    rows = ["检测项目|标准要求|检测结果|结论", "悬浮粒子（≥0.5 μm）|≤3,520,000 个/m³|412,000 个/m³|符合",
            "沉降菌|≤10 CFU/皿·0.5h|2 CFU/皿·0.5h|符合", "静压差（洁净区对非洁净区）|≥10 Pa|14 Pa|符合",
            "温度|18～26 ℃|22.3 ℃|符合", "相对湿度|45%～65%|52%|符合", "换气次数|≥15 次/h|18 次/h|符合"]  # fmt: skip
    pages = [
        [
            (
                "一、委托信息",
                [
                    "本报告为演示数据，内容为虚构示例。",
                    "检测类别：委托检测 · 检测依据：GB/T 16292、GB/T 16294、审查细则表9",
                ],
            )
        ],
        [
            ("二、检测结果", rows),
            ("三、结论", ["所检项目符合审查细则对清洁作业区的要求。", "批准：    审核：    主检："]),
        ],
    ]
    return render_pdf(document_html("洁净区（室）环境检测报告", "年度检测 · 演示数据", pages))
