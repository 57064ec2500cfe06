"""Self-control reads, scoped to the caller: the list and its history, records, and completion.

`completion` is the regulator's view: for each enterprise in the caller's jurisdiction with a list, the
daily records owed (production days since the list was adopted, outside stops) and made, the weekly and
monthly reports owed and filed, open hazards — in a fixed number of queries whatever the period (one per
kind of row, aggregated in the database), so a county of 200 enterprises over a year stays fast.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.registry.models import Enterprise
from shouhu.workflow.findings.models import Finding, FindingState

from . import generate, periods
from .models import DailyCheck, ProductionStop, Report, ReportKind, RiskList, RiskListVersion


def risklist_get(actor: Actor, enterprise_id: int) -> RiskList:
    access.require(actor, "selfcontrol.view")
    return access.get_scoped(
        RiskList.objects.select_related("enterprise"), actor, enterprise_id=enterprise_id
    )


def version_list(actor: Actor, enterprise_id: int) -> QuerySet[RiskListVersion]:
    return access.scope(RiskListVersion.objects.filter(enterprise_id=enterprise_id), actor).order_by(
        "-number"
    )


def version_get(actor: Actor, enterprise_id: int, number: int) -> RiskListVersion:
    return access.get_scoped(RiskListVersion.objects.all(), actor, enterprise_id=enterprise_id, number=number)


def version_diff(actor: Actor, enterprise_id: int, a: int, b: int) -> dict[str, Any]:
    old, new = version_get(actor, enterprise_id, a), version_get(actor, enterprise_id, b)
    return generate.diff(old.points, new.points)


def daily_list(actor: Actor) -> QuerySet[DailyCheck]:
    access.require(actor, "selfcontrol.view")
    return access.scope(DailyCheck.objects.select_related("enterprise"), actor)


def daily_get(actor: Actor, pk: int) -> DailyCheck:
    return access.get_scoped(DailyCheck.objects.select_related("enterprise", "list_version"), actor, pk=pk)


def daily_findings(check: DailyCheck) -> list[Finding]:
    return list(Finding.objects.filter(subject_type="selfcontrol.dailycheck", subject_id=str(check.pk)))


def report_list(actor: Actor) -> QuerySet[Report]:
    access.require(actor, "selfcontrol.view")
    return access.scope(Report.objects.select_related("enterprise", "signature"), actor)


def report_get(actor: Actor, pk: int) -> Report:
    return access.get_scoped(Report.objects.select_related("enterprise", "signature"), actor, pk=pk)


def stop_list(actor: Actor) -> QuerySet[ProductionStop]:
    access.require(actor, "selfcontrol.view")
    return access.scope(ProductionStop.objects.all(), actor)


@dataclass
class Completion:
    enterprise_id: int
    name: str
    division_code: str
    adopted_on: date
    days_owed: int = 0
    days_done: int = 0
    weeks_owed: int = 0
    weeks_done: int = 0
    months_owed: int = 0
    months_done: int = 0
    zero_risk_days: int = 0
    problem_days: int = 0
    open_hazards: int = 0
    stopped: bool = False
    missing_days: list[date] = field(default_factory=list)
    overdue_days: int = 0  # missing days past the grace period

    @property
    def owed(self) -> int:
        return self.days_owed + self.weeks_owed + self.months_owed

    @property
    def done(self) -> int:
        return self.days_done + self.weeks_done + self.months_done

    @property
    def rate(self) -> float:
        return 1.0 if not self.owed else self.done / self.owed

    @property
    def percent(self) -> int:
        return int(self.rate * 100)

    @property
    def complies(self) -> bool:
        return self.overdue_days == 0 and self.open_hazards == 0 and self.rate >= 0.9


def grace_days() -> int:
    return int(regulation.param("selfcontrol.grace-days") or 0)


def completion(actor: Actor, first: date, last: date, *, today: date | None = None) -> list[Completion]:
    """Completion per enterprise for [first, last], ranked worst first (6 queries)."""
    access.require(actor, "selfcontrol.supervise")
    today = today or timezone.localdate()
    lists = list(
        access.scope(RiskList.objects.filter(adopted_on__lte=last), actor)
        .select_related("enterprise")
        .only("enterprise_id", "adopted_on", "enterprise__name", "enterprise__division_code")
    )
    ids = [r.enterprise_id for r in lists]
    stops: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for eid, a, b in ProductionStop.objects.filter(
        Q(enterprise_id__in=ids, starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    ).values_list("enterprise_id", "starts_on", "ends_on"):
        stops[eid].append((a, b))
    days: dict[int, set[date]] = defaultdict(set)
    zero: dict[int, int] = defaultdict(int)
    for eid, day, zr in DailyCheck.objects.filter(
        enterprise_id__in=ids, current=True, day__range=(first, last)
    ).values_list("enterprise_id", "day", "zero_risk"):
        days[eid].add(day)
        zero[eid] += 1 if zr else 0
    filed: dict[tuple[int, str], set[date]] = defaultdict(set)
    for eid, kind, start in Report.objects.filter(
        enterprise_id__in=ids, starts_on__gte=first - timedelta(days=6), starts_on__lte=last
    ).values_list("enterprise_id", "kind", "starts_on"):
        filed[(eid, kind)].add(start)
    hazards = dict(
        Finding.objects.filter(
            enterprise_id__in=ids,
            subject_type="selfcontrol.dailycheck",
            severity="critical",
            state=FindingState.OPEN,
        )
        .values("enterprise_id")
        .annotate(n=Count("pk"))
        .values_list("enterprise_id", "n")
    )
    grace = grace_days()
    out = []
    for r in lists:
        eid, start = r.enterprise_id, max(first, r.adopted_on)
        s = stops.get(eid, [])
        owed = periods.production_days(start, last, s, today)
        done = days.get(eid, set())
        row = Completion(eid, r.enterprise.name, r.enterprise.division_code, r.adopted_on)
        row.days_owed = len(owed)
        row.days_done = len(done & set(owed))
        row.missing_days = [d for d in owed if d not in done and d < today]
        row.overdue_days = sum(1 for d in row.missing_days if (today - d).days > grace)
        row.zero_risk_days = zero.get(eid, 0)
        row.problem_days = len(done) - row.zero_risk_days
        weeks = periods.periods_owed("weekly", start, last, s, today)
        months = periods.periods_owed("monthly", start, last, s, today)
        row.weeks_owed, row.months_owed = len(weeks), len(months)
        row.weeks_done = len({a for a, _b in weeks} & filed.get((eid, ReportKind.WEEKLY), set()))
        row.months_done = len({a for a, _b in months} & filed.get((eid, ReportKind.MONTHLY), set()))
        row.open_hazards = hazards.get(eid, 0)
        row.stopped = any(a <= today and (b is None or b >= today) for a, b in s)
        out.append(row)
    out.sort(key=lambda c: (c.rate, -c.overdue_days, c.name))
    return out


def enterprise_get(actor: Actor, enterprise_id: int) -> Enterprise:
    return access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=enterprise_id)
