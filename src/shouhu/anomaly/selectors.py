"""Anomaly reads: the rows each detector needs for one day (one query per kind of row, no N+1), and the
alerts, scoped to the caller's tenancy.

The detectors read production (batches, consumptions, CCP records, release tests, the gate's refusals,
shipments, 附件1 records), clean-room monitoring (deviations) and self-control (daily checks, stops) —
all below this app — as plain rows (`values_list`), grouped here into the detectors' input types.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.cleanroom.models import Deviation
from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound
from shouhu.production.models import (
    Batch,
    BatchStatus,
    CCPRecord,
    Consumption,
    GateRefusal,
    Record,
    ReleaseTest,
    Shipment,
)
from shouhu.registry.models import Enterprise, Licence, LicenceStatus
from shouhu.selfcontrol.models import DailyCheck, ProductionStop

from . import detectors as d
from .models import Alert, Run, State

HISTORY_DAYS = 90  # a product's own yield from its batches of the last 90 days
REGULAR_DAYS = 7  # series of values over a week
THEATRE_DAYS = 30  # daily checks against monitoring over a month


def _bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    return start, start + dt.timedelta(days=1)


def _local(at: dt.datetime) -> dt.date:
    return timezone.localdate(at)


def _ent(scope: str | int, field: str = "enterprise") -> Q:
    """The rows of a jurisdiction (a division prefix; "" = all) or of one enterprise (its id: a run on push)."""
    if isinstance(scope, int) and not isinstance(scope, bool):
        return Q(**{f"{field}_id": scope})
    return Q(**{f"{field}__division_code__startswith": scope}) if scope else Q()


def mass_rows(day: dt.date, prefix: str | int = "") -> list[d.BatchRow]:
    """Batches finished on `day` and the same products' batches of the 90 days before (their yield)."""
    start, end = _bounds(day)
    finished = Q(updated_at__gte=start, updated_at__lt=end) & ~Q(status=BatchStatus.IN_PRODUCTION)
    new_ids = set(Batch.objects.filter(finished, _ent(prefix)).values_list("id", flat=True))
    if not new_ids:
        return []
    products = set(Batch.objects.filter(id__in=new_ids).values_list("product_id", flat=True))
    since = day - dt.timedelta(days=HISTORY_DAYS)
    batches = list(
        Batch.objects.filter(product_id__in=products, produced_on__gte=since, quantity__gt=0)
        .exclude(status=BatchStatus.IN_PRODUCTION)
        .values_list("id", "enterprise_id", "product_id", "number", "quantity", "product__attributes")
    )
    consumed = dict(
        Consumption.objects.filter(batch_id__in=[b[0] for b in batches])
        .values("batch_id")
        .annotate(q=Sum("quantity"))
        .values_list("batch_id", "q")
    )
    out = []
    for pk, ent, product, number, quantity, attrs in batches:
        declared = (attrs or {}).get("yield_range")
        out.append(
            d.BatchRow(
                pk,
                ent,
                product,
                number,
                float(consumed.get(pk) or 0),
                float(quantity),
                new=pk in new_ids,
                yield_range=tuple(declared) if declared else None,
            )
        )
    return out


def record_rows(day: dt.date, prefix: str | int = "") -> list[d.RecordRow]:
    """Every record pushed on `day` with the day it states (CCP, batching, release tests, 附件1, daily checks)."""
    start, end = _bounds(day)
    pushed = Q(created_at__gte=start, created_at__lt=end) & _ent(prefix)
    rows: list[d.RecordRow] = []
    for model, stated in ((CCPRecord, "at"), (Consumption, "at")):
        for pk, ent, at, created in model.objects.filter(pushed).values_list(
            "id", "enterprise_id", stated, "created_at"
        ):
            rows.append(d.RecordRow(model._meta.label_lower, pk, ent, _local(at), _local(created)))
    for pk, ent, stated, created, number in Record.objects.filter(pushed).values_list(
        "id", "enterprise_id", "occurred_on", "created_at", "number"
    ):
        rows.append(d.RecordRow("production.record", pk, ent, stated, _local(created), f"#{number}"))
    for pk, ent, stated, created, item, released in ReleaseTest.objects.filter(pushed).values_list(
        "id", "enterprise_id", "tested_on", "created_at", "item", "batch__released_on"
    ):
        rows.append(d.RecordRow("production.releasetest", pk, ent, stated, _local(created), item, released))
    for pk, ent, stated, created in DailyCheck.objects.filter(
        Q(recorded_at__gte=start, recorded_at__lt=end) & _ent(prefix)
    ).values_list("id", "enterprise_id", "day", "recorded_at"):
        rows.append(d.RecordRow("selfcontrol.dailycheck", pk, ent, stated, _local(created)))
    return rows


def refusal_rows(day: dt.date, prefix: str | int = "") -> list[d.RefusalRow]:
    start, end = _bounds(day)
    qs = GateRefusal.objects.filter(Q(at__gte=start, at__lt=end) & _ent(prefix))
    return [
        d.RefusalRow(*row)
        for row in qs.values_list("id", "enterprise_id", "batch_id", "gate", "reason", "at")
    ]


def series_rows(day: dt.date, prefix: str | int = "") -> list[d.Series]:
    """CCP values of the week to `day`, one series per enterprise, point and parameter."""
    start, end = _bounds(day)
    qs = CCPRecord.objects.filter(
        Q(at__gte=start - dt.timedelta(days=REGULAR_DAYS - 1), at__lt=end) & _ent(prefix)
    ).order_by("id")
    series: dict[tuple[int, str, str], d.Series] = {}
    for pk, ent, point, param, value, lo, hi in qs.values_list(
        "id", "enterprise_id", "point", "parameter", "value", "limit_min", "limit_max"
    ):
        s = series.get((ent, point, param))
        if s is None:
            s = series[(ent, point, param)] = d.Series(
                ent,
                "production.ccprecord",
                f"{point} {param}",
                limit_min=float(lo) if lo is not None else None,
                limit_max=float(hi) if hi is not None else None,
            )
        s.ids.append(pk)
        s.values.append(float(value))
    return list(series.values())


def activity_rows(day: dt.date, prefix: str | int = "") -> list[d.Activity]:
    """Per licensed enterprise: production pushes and shipments of the 14 days to `day`, and stops."""
    start, end = _bounds(day)
    since = start - dt.timedelta(days=int(d.THRESHOLDS["silence.window_days"]) - 1)
    window = Q(created_at__gte=since, created_at__lt=end) & _ent(prefix)
    pushes: dict[int, int] = defaultdict(int)
    for model in (Batch, Consumption, CCPRecord):
        for ent, n in (
            model.objects.filter(window)
            .values("enterprise_id")
            .annotate(n=Count("id"))
            .values_list("enterprise_id", "n")
        ):
            pushes[ent] += n
    ships: dict[int, list[int]] = defaultdict(list)
    for pk, ent in Shipment.objects.filter(window).values_list("id", "enterprise_id"):
        ships[ent].append(pk)
    licensed = set(
        Licence.objects.filter(Q(status=LicenceStatus.ACTIVE) & _ent(prefix)).values_list(
            "enterprise_id", flat=True
        )
    )
    stopped = set(
        ProductionStop.objects.filter(
            Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=_local(since))) & _ent(prefix)
        ).values_list("enterprise_id", flat=True)
    )
    return [
        d.Activity(ent, ent in licensed, pushes.get(ent, 0), len(ids), tuple(ids), ent in stopped)
        for ent, ids in ships.items()
    ]


def selfcontrol_rows(day: dt.date, prefix: str | int = "") -> list[d.SelfControl]:
    """Daily checks of the 30 days to `day` and the monitoring deviations of those days."""
    first = day - dt.timedelta(days=THEATRE_DAYS - 1)
    start, end = _bounds(day)
    since = start - dt.timedelta(days=THEATRE_DAYS - 1)
    checks: dict[int, list[tuple[int, dt.date, bool]]] = defaultdict(list)
    for pk, ent, on, zero in DailyCheck.objects.filter(
        Q(day__gte=first, day__lte=day, current=True) & _ent(prefix)
    ).values_list("id", "enterprise_id", "day", "zero_risk"):
        checks[ent].append((pk, on, zero))
    devs: dict[int, list[tuple[str, int, dt.date]]] = defaultdict(list)
    if checks:
        ents = list(checks)
        for pk, ent, at in CCPRecord.objects.filter(
            enterprise_id__in=ents, deviation=True, at__gte=since, at__lt=end
        ).values_list("id", "enterprise_id", "at"):
            devs[ent].append(("production.ccprecord", pk, _local(at)))
        for pk, ent, at in Deviation.objects.filter(
            enterprise_id__in=ents, started_at__gte=since, started_at__lt=end
        ).values_list("id", "enterprise_id", "started_at"):
            devs[ent].append(("cleanroom.deviation", pk, _local(at)))
    return [d.SelfControl(ent, tuple(c), tuple(devs.get(ent, ()))) for ent, c in checks.items()]


INPUTS = {
    "mass_balance": mass_rows,
    "back_dating": record_rows,
    "refused_attempts": refusal_rows,
    "too_regular": series_rows,
    "silence": activity_rows,
    "theatre": selfcontrol_rows,
}


def enterprise_divisions(ids: set[int]) -> dict[int, str]:
    return dict(Enterprise.objects.filter(id__in=ids).values_list("id", "division_code"))


def enterprise_count(scope: str | int = "") -> int:
    if isinstance(scope, int):
        return 1
    return Enterprise.objects.filter(division_code__startswith=scope).count()


# ---- alerts --------------------------------------------------------------------------------------------


def alert_list(actor: Actor, *, state: str = "", detector: str = "", division: str = "") -> QuerySet[Alert]:
    access.require(actor, "anomaly.view")
    qs = Alert.objects.filter(
        access.owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")
    ).select_related("enterprise")
    if state:
        qs = qs.filter(state=state)
    if detector:
        qs = qs.filter(detector=detector)
    if division:
        qs = qs.filter(division_code__startswith=access.division_prefix(division))
    return qs


def alert_get(actor: Actor, pk: int) -> Alert:
    """One alert: outside the tenancy not found (404), inside it refused to roles that may not read (403)."""
    alert = (
        Alert.objects.filter(
            access.owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")
        )
        .select_related("enterprise")
        .filter(pk=pk)
        .first()
    )
    if alert is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    access.require(actor, "anomaly.view")
    return alert


def open_counts(actor: Actor) -> dict[str, int]:
    """Open alerts per detector in the caller's jurisdiction (the command view shows them)."""
    rows = alert_list(actor, state=State.OPEN).values("detector").annotate(n=Count("id"))
    return {r["detector"]: r["n"] for r in rows}


def open_counts_by_division(prefix: str = "") -> dict[str, int]:
    """Open alerts per county code (for the command view's snapshot, which runs as the system)."""
    rows = (
        Alert.objects.filter(state=State.OPEN, division_code__startswith=prefix)
        .values("division_code")
        .annotate(n=Count("id"))
    )
    return {r["division_code"]: r["n"] for r in rows}


def triage_outcomes() -> list[dict[str, Any]]:
    """Every triaged alert as a labelled example (detector, score, params → outcome): the next model's data."""
    return list(
        Alert.objects.exclude(state=State.OPEN)
        .order_by("id")
        .values("id", "detector", "score", "params", "rule_id", "state", "outcome", "note", "triaged_at")
    )


def run_list(limit: int = 10) -> list[Run]:
    return list(Run.objects.all()[:limit])
