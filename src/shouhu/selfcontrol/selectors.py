"""Self-control reads, scoped to the caller: the list and its history, records, and completion.

`completion` is the regulator's view: for each enterprise in the caller's jurisdiction with a list, the
daily records owed (production days since the list was adopted, outside stops) and made, the weekly and
monthly reports owed and filed, open hazards — in a fixed number of queries whatever the period (one per
kind of row, aggregated in the database; daily records from the month tally), so a county of 200
enterprises over a year stays fast.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.registry.models import Enterprise
from shouhu.workflow.checklists.models import ItemResult, TemplateItem
from shouhu.workflow.checklists.schemes import CONFORM, MINOR, NA, NONCONFORM, PASS
from shouhu.workflow.findings.models import Finding, FindingState

from . import generate, periods, tally
from .models import (
    DailyCheck,
    InspectionPlan,
    ProductionStop,
    Report,
    ReportKind,
    RiskList,
    RiskListVersion,
    SelfInspection,
)


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


def completion(
    actor: Actor, first: date, last: date, *, today: date | None = None, division: str = ""
) -> list[Completion]:
    """Completion per enterprise for [first, last], ranked worst first (6 queries, aggregated in the database).

    Daily records are counted from the month tally for whole months and from the records for the partial
    months at the ends (a record cannot be made for a stopped day, so counting is enough); the days owed
    are interval arithmetic over the stops, never a loop per day.
    """
    access.require(actor, "selfcontrol.supervise")
    lists = access.scope(RiskList.objects.all(), actor)
    if division:  # a 6-digit code inside the tenancy narrows to its enterprises (the command view's links)
        lists = lists.filter(enterprise__division_code__startswith=access.division_prefix(division))
    return completion_of(lists, first, last, today=today)


def completion_of(
    lists_qs: QuerySet[RiskList], first: date, last: date, *, today: date | None = None
) -> list[Completion]:
    """`completion` for the enterprises of `lists_qs`, already scoped (risk grading reads it for many
    enterprises as the system, with no caller)."""
    today = today or timezone.localdate()
    grace = grace_days()
    cutoff = today - timedelta(days=grace + 1)  # missing on or before this day: overdue
    lists = list(  # plain tuples: 200 model instances (and their enterprises) cost more than the counting
        lists_qs.filter(adopted_on__lte=last).values_list(
            "enterprise_id", "adopted_on", "enterprise__name", "enterprise__division_code"
        )
    )
    ids = [r[0] for r in lists]
    stops: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for eid, a, b in ProductionStop.objects.filter(
        Q(enterprise_id__in=ids, starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    ).values_list("enterprise_id", "starts_on", "ends_on"):
        stops[eid].append((a, b))
    daily = tally.counted(ids, first, last, cutoff)
    filed = {
        (eid, kind): n
        for eid, kind, n in Report.objects.filter(
            enterprise_id__in=ids, starts_on__gte=first, ends_on__lte=last, ends_on__lt=today
        )
        .values("enterprise_id", "kind")
        .annotate(n=Count("pk"))
        .values_list("enterprise_id", "kind", "n")
    }
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
    out = []
    for eid, adopted_on, name, division_code in lists:
        start = max(first, adopted_on)
        s = stops.get(eid, [])
        d = daily.get(eid, {})
        row = Completion(eid, name, division_code, adopted_on)
        row.days_owed = periods.production_count(start, last, s, today)
        row.days_done = min(d.get("n", 0), row.days_owed)
        yesterday = min(last, today - timedelta(days=1))
        row.overdue_days = max(
            0, periods.production_count(start, min(yesterday, cutoff), s, today) - d.get("before_cutoff", 0)
        )
        row.zero_risk_days = d.get("zero", 0)
        row.problem_days = d.get("n", 0) - row.zero_risk_days
        row.weeks_owed = periods.periods_owed_count("weekly", start, last, s, today)
        row.months_owed = periods.periods_owed_count("monthly", start, last, s, today)
        row.weeks_done = min(filed.get((eid, ReportKind.WEEKLY), 0), row.weeks_owed)
        row.months_done = min(filed.get((eid, ReportKind.MONTHLY), 0), row.months_owed)
        row.open_hazards = hazards.get(eid, 0)
        row.stopped = any(a <= today and (b is None or b >= today) for a, b in s)
        out.append(row)
    out.sort(key=lambda c: (c.rate, -c.overdue_days, c.name))
    return out


def missing_days(enterprise_id: int, first: date, last: date, *, today: date | None = None) -> list[date]:
    """The production days of [first, last] before today without a current daily record (one enterprise)."""
    today = today or timezone.localdate()
    risk_list = RiskList.objects.filter(enterprise_id=enterprise_id).first()
    if risk_list is None:
        return []
    stops = list(
        ProductionStop.objects.filter(enterprise_id=enterprise_id, starts_on__lte=last).values_list(
            "starts_on", "ends_on"
        )
    )
    done = set(
        DailyCheck.objects.filter(
            enterprise_id=enterprise_id, current=True, day__range=(first, last)
        ).values_list("day", flat=True)
    )
    owed = periods.production_days(max(first, risk_list.adopted_on), last, stops, today)
    return [d for d in owed if d not in done and d < today]


def enterprise_get(actor: Actor, enterprise_id: int) -> Enterprise:
    return access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=enterprise_id)


# ---- 自查报告 -------------------------------------------------------------------------------------------


def selfinspection_list(actor: Actor) -> QuerySet[SelfInspection]:
    access.require(actor, "selfcontrol.view")
    return access.scope(SelfInspection.objects.select_related("enterprise"), actor)


def selfinspection_get(actor: Actor, pk: int) -> SelfInspection:
    return access.get_scoped(
        SelfInspection.objects.select_related("enterprise", "run", "template"), actor, pk=pk
    )


def selfinspection_findings(si: SelfInspection) -> list[Finding]:
    return list(Finding.objects.filter(subject_type="selfcontrol.selfinspection", subject_id=str(si.pk)))


@dataclass
class SelfInspectionStatus:
    enterprise_id: int
    name: str
    months: int
    chosen: bool  # the enterprise chose (else the rule's default applies)
    period: tuple[date, date]  # the last period that has ended
    status: str  # submitted | late | missing | due (inside the grace days) | none (no period ended)
    report: SelfInspection | None
    current: SelfInspection | None  # the report of the running period, if opened

    @property
    def status_label(self) -> str:
        return str(SI_STATUS[self.status])


SI_PARAM = "selfcontrol.self-inspection-months"


def default_months() -> int:
    """The rule data's default self-inspection period ([check]: no national minimum was found)."""
    return int(regulation.param(SI_PARAM) or 12)


def plan_for(enterprise_id: int, adopted_on: date | None = None) -> tuple[int, date, InspectionPlan | None]:
    """(months, first period's start, the plan row or None when the rule's default applies)."""
    plan = InspectionPlan.objects.filter(enterprise_id=enterprise_id, current=True).first()
    if plan is not None:
        return plan.months, plan.starts_on, plan
    if adopted_on is None:
        adopted_on = (
            RiskList.objects.filter(enterprise_id=enterprise_id).values_list("adopted_on", flat=True).first()
            or timezone.localdate()
        )
    return default_months(), adopted_on.replace(day=1), None


def plan_history(actor: Actor) -> list[InspectionPlan]:
    access.require(actor, "selfcontrol.view")
    return list(access.scope(InspectionPlan.objects.all(), actor))


SI_STATUS = {
    "submitted": _("按时提交"),
    "late": _("逾期提交"),
    "missing": _("逾期未交"),
    "due": _("待提交"),
    "none": _("首个周期未结束"),
}


def selfinspection_overview(actor: Actor, *, today: date | None = None) -> list[SelfInspectionStatus]:
    """Per enterprise in the caller's jurisdiction with a list: its frequency (chosen or default) and
    whether the last ended period's report was submitted, late or is missing (3 queries)."""
    access.require(actor, "selfcontrol.supervise")
    today = today or timezone.localdate()
    grace = grace_days()
    lists = list(
        access.scope(RiskList.objects.all(), actor)
        .select_related("enterprise")
        .only("enterprise_id", "adopted_on", "enterprise__name")
    )
    ids = [r.enterprise_id for r in lists]
    plans = {p.enterprise_id: p for p in InspectionPlan.objects.filter(enterprise_id__in=ids, current=True)}
    reports = {
        (s.enterprise_id, s.starts_on): s
        for s in SelfInspection.objects.filter(
            enterprise_id__in=ids, starts_on__gte=today - timedelta(days=800)
        )
    }
    out = []
    for r in lists:
        plan = plans.get(r.enterprise_id)
        months = plan.months if plan else default_months()
        start = plan.starts_on if plan else r.adopted_on.replace(day=1)
        running = periods.period_of(start, months, max(today, start))
        ended = (
            periods.period_of(start, months, running[0] - timedelta(days=1)) if running[0] > start else None
        )
        report = reports.get((r.enterprise_id, ended[0])) if ended else None
        if ended is None:
            status = "none"
        elif report is not None and report.submitted_at is not None:
            status = "late" if report.late else "submitted"
        else:
            status = "missing" if today > ended[1] + timedelta(days=grace) else "due"
        out.append(
            SelfInspectionStatus(
                r.enterprise_id,
                r.enterprise.name,
                months,
                plan is not None,
                ended or running,
                status,
                report,
                reports.get((r.enterprise_id, running[0])),
            )
        )
    order = {"missing": 0, "late": 1, "due": 2, "submitted": 3, "none": 4}
    out.sort(key=lambda s: (order[s.status], s.name))
    return out


def report_data(si: SelfInspection) -> dict[str, Any]:
    """The report as structured data: period, items with their results, findings and their state."""
    results = {
        item_id: (result, note, measured)
        for item_id, result, note, measured in ItemResult.objects.filter(run_id=si.run_id).values_list(
            "item__item_id", "result", "note", "measured"
        )
    }
    items = []
    for it in TemplateItem.objects.filter(template_id=si.template_id).order_by("position"):
        result, note, measured = results.get(it.item_id, ("", "", None))
        items.append(
            {
                "item_id": it.item_id,
                "group": it.group,
                "title": it.title,
                "citation": it.citation,
                "result": result,
                "measured": None if measured is None else str(measured),
                "note": note,
            }
        )
    findings = [
        {"id": f.pk, "title": f.title, "severity": f.severity, "state": f.state, "item_id": f.item_id}
        for f in Finding.objects.filter(subject_type="selfcontrol.selfinspection", subject_id=str(si.pk))
    ]
    counts = {k: sum(1 for i in items if i["result"] == k) for k in (CONFORM, MINOR, NONCONFORM, NA, PASS)}
    return {
        "enterprise": {"id": si.enterprise_id, "name": si.enterprise.name, "uscc": si.enterprise.uscc},
        "period": {"starts_on": si.starts_on.isoformat(), "ends_on": si.ends_on.isoformat()},
        "due_on": si.due_on.isoformat(),
        "months": si.months,
        "items": items,
        "counts": counts,
        "unscored": sum(1 for i in items if not i["result"]),
        "findings": findings,
        "open_findings": sum(1 for f in findings if f["state"] != "closed"),
        "verdict": si.run.verdict or {},
    }
