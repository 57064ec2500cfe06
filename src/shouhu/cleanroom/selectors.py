"""Clean-room reads, scoped to the caller's tenancy: zones with their flags, plans, deviations, trends per
parameter (aggregated per day in SQL), the regulator's frequency compliance per zone and month, and the
digest check of a reading batch."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.workflow.findings.models import FindingState

from . import chart, table9
from .models import BatchZone, Change, Deviation, PlanItem, Reading, ReadingBatch, ReadingDay, Report, Zone


def zone_list(actor: Actor) -> QuerySet[Zone]:
    return access.scope(Zone.objects.select_related("enterprise", "site"), actor).annotate(
        open_deviations=Count("deviations", filter=Q(deviations__finding__state=FindingState.OPEN))
    )


def zone_get(actor: Actor, pk: int) -> Zone:
    access.require(actor, "cleanroom.view")
    return access.get_scoped(Zone.objects.select_related("enterprise", "site"), actor, pk=pk)


def valid_report(zone: Zone, today: dt.date | None = None) -> Report | None:
    today = today or timezone.localdate()
    return zone.reports.filter(passed=True, valid_until__gte=today).order_by("-tested_on").first()


def zone_flags(zone: Zone, today: dt.date | None = None) -> list[str]:
    """What stands against a clean zone: no valid third-party report, a change not yet re-verified."""
    if zone.grade != "clean":
        return []
    from django.utils.translation import gettext as _

    flags = []
    if valid_report(zone, today) is None:
        flags.append(_("无有效的年度第三方检测报告（第五十八条）"))
    change = Change.objects.filter(zone=zone).order_by("-changed_on", "-pk").first()
    if (
        change
        and not zone.reports.filter(kind="reverify", passed=True, tested_on__gte=change.changed_on).exists()
    ):
        flags.append(_("重大改造后尚未验证空气洁净度（第五十八条）"))
    return flags


def plan_of(zone: Zone) -> list[PlanItem]:
    return list(zone.plan.order_by("rule_id"))


def deviation_list(actor: Actor, *, zone: Zone | None = None, open_only: bool = False) -> QuerySet[Deviation]:
    qs = access.scope(Deviation.objects.select_related("zone", "item", "finding"), actor)
    if zone is not None:
        qs = qs.filter(zone=zone)
    if open_only:
        qs = qs.filter(finding__state=FindingState.OPEN)
    return qs


def deviations_during(batch_id: int) -> list[Deviation]:
    """Deviations of the batch's zone open when it was made: opened on or before its production day and
    not yet closed by an accepted CAPA, or closed but lasting (out of limit, or the period missed) that day."""
    bz = BatchZone.objects.select_related("batch").filter(batch_id=batch_id).first()
    if bz is None:
        return []
    day = bz.batch.produced_on
    out = []
    for d in Deviation.objects.filter(zone_id=bz.zone_id).select_related("finding", "item"):
        if timezone.localdate(d.started_at) > day:
            continue
        closed = d.finding.state == FindingState.CLOSED if d.finding_id else False
        # still open (no accepted CAPA yet), or closed but the batch was made while it lasted
        if not closed or day <= timezone.localdate(d.last_at):
            out.append(d)
    return out


def recent_readings(zone: Zone, limit: int = 20, days: int = 7) -> list[Reading]:
    """The zone's latest readings of the last week (through the (item, at) index: readings carry no zone index)."""
    since = timezone.now() - dt.timedelta(days=days)
    qs = Reading.objects.filter(item__in=list(zone.plan.values_list("pk", flat=True)), at__gte=since)
    return list(qs.select_related("item", "room").order_by("-at", "-pk")[:limit])


def trend_days(item: PlanItem, first: dt.date, last: dt.date) -> dict[str, Any]:
    """The item's readings of [first, last] per local day (mean, min, max), with its limits — from the
    per-day figures the write path keeps (`ReadingDay`), so a year is 365 rows whatever the readings."""
    rows = ReadingDay.objects.filter(item=item, day__gte=first, day__lte=last).order_by("day")
    days = [{"day": r.day, "mean": r.total / r.n, "min": r.lo, "max": r.hi} for r in rows]
    limits = [item.value] + (
        [item.value_max] if item.operator == "between" and item.value_max is not None else []
    )
    return {"days": days, "limits": limits}


def trend_series(item: PlanItem, first: dt.date, last: dt.date) -> dict[str, Any]:
    """The same year as data for the page's ECharts view (labels, mean, min, max − min, limits)."""
    t = trend_days(item, first, last)
    days = t["days"]
    return {
        "labels": [d["day"].isoformat() for d in days],
        "mean": [round(d["mean"], 3) for d in days],
        "min": [d["min"] for d in days],
        "span": [round(d["max"] - d["min"], 3) for d in days],
        "limits": t["limits"],
        "unit": item.unit,
    }


def trend(item: PlanItem, first: dt.date, last: dt.date) -> chart.Chart:
    """The item's trend as an SVG chart (one point per day, the min–max band, the limits drawn)."""
    t = trend_days(item, first, last)
    days = [(d["day"], d["mean"], d["min"], d["max"]) for d in t["days"]]
    return chart.build(days, first=first, last=last, limits=t["limits"], operator=item.operator)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, m = [], dt.date(first.year, first.month, 1)
    while m <= last:
        out.append(m)
        m = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def compliance(
    actor: Actor, *, first: dt.date, last: dt.date, zones: QuerySet[Zone] | None = None
) -> dict[str, Any]:
    """Frequency compliance per zone and month: the share of 表9 periods (shift, week, month) that got
    their readings, out of the periods due since the item was planned. Yearly rows are left out."""
    today = timezone.localdate()
    until = min(last, today - dt.timedelta(days=1))
    months = _months(first, last)
    keys = [m.strftime("%Y-%m") for m in months]
    zs = list(
        (zones if zones is not None else zone_list(actor))
        .filter(grade="clean")
        .order_by("enterprise__name", "code")
    )
    items = list(PlanItem.objects.filter(zone__in=zs).exclude(per="year"))
    done: dict[tuple[int, str], int] = defaultdict(int)
    need = {i.pk: i.times for i in items}
    rows = (
        Reading.objects.filter(item__in=items, month__in=keys)
        .values("item_id", "month", "period_key")
        .annotate(n=Count("id"))
    )
    for r in rows:
        if r["n"] >= need[r["item_id"]]:
            done[(r["item_id"], r["month"])] += 1
    by_zone: dict[int, list[PlanItem]] = defaultdict(list)
    for i in items:
        by_zone[i.zone_id].append(i)
    out = []
    for z in zs:
        cells = []
        for m, key in zip(months, keys, strict=True):
            due = got = 0
            for i in by_zone[z.pk]:
                n = table9.periods_in_month(
                    i.per, m, z.shifts_per_day, timezone.localdate(i.created_at), until
                )
                due += n
                got += min(done.get((i.pk, key), 0), n)
            cells.append(
                {
                    "month": key,
                    "due": due,
                    "done": got,
                    "rate": None if not due else round(100 * got / due, 1),
                }
            )
        out.append({"zone": z, "cells": cells})
    return {"months": keys, "rows": out}


def batch_digest(batch: ReadingBatch) -> str:
    """The SHA-256 of the batch's readings as stored now (equal to `batch.sha256` unless one was changed)."""
    digest = hashlib.sha256()
    for pk, zone_id, item_id, at, value, within in (
        Reading.objects.filter(batch=batch)
        .order_by("pk")
        .values_list("pk", "zone_id", "item_id", "at", "value", "within")
    ):
        digest.update(table9.reading_line(pk, zone_id, item_id, at, value, within).encode() + b"\n")
    return digest.hexdigest()


def batch_zone_of(batch_id: int) -> BatchZone | None:
    return BatchZone.objects.select_related("zone", "line").filter(batch_id=batch_id).first()
