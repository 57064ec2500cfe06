"""Sampling reads, scoped: plans, tasks, samples, the coverage matrix, pass-rate statistics, public results."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from shouhu.core import access, regulation, workdays
from shouhu.core.access import Actor, division_prefix, is_regulator
from shouhu.core.roles import Role
from shouhu.registry.models import Enterprise, Licence, LicenceStatus

from .models import LabResult, Sample, SamplingPlan, SamplingTask, Verdict
from .quarters import quarter_bounds, quarter_of
from .states import SampleStatus, TaskStatus


def plan_list(actor: Actor) -> QuerySet[SamplingPlan]:
    access.require(actor, "sampling.coverage.view")
    qs = SamplingPlan.objects.all()
    if getattr(actor, "role", None) == Role.PLATFORM_ADMIN:
        return qs
    return (
        qs.filter(division_code__startswith=division_prefix(actor.division_code))
        if is_regulator(actor)
        else qs.none()
    )


def task_list(actor: Actor, *, open_only: bool = False) -> QuerySet[SamplingTask]:
    access.require(actor, "sampling.view")
    qs = access.scope(SamplingTask.objects.select_related("plan", "enterprise"), actor)
    return qs.filter(status=TaskStatus.OPEN) if open_only else qs


def task_get(actor: Actor, pk: int) -> SamplingTask:
    access.require(actor, "sampling.view")
    return access.get_scoped(SamplingTask.objects.select_related("plan", "enterprise"), actor, pk=pk)


def sample_list(actor: Actor) -> QuerySet[Sample]:
    access.require(actor, "sampling.view")
    return access.scope(Sample.objects.select_related("enterprise", "batch__product"), actor)


def sample_get(actor: Actor, pk: int) -> Sample:
    access.require(actor, "sampling.view")
    return access.get_scoped(
        Sample.objects.select_related("enterprise", "batch__product", "task__plan"), actor, pk=pk
    )


def result_list(sample: Sample) -> QuerySet[LabResult]:
    return sample.results.all()


# ---- coverage ------------------------------------------------------------------------------------
@dataclass
class CoverageRow:
    enterprise_id: int
    name: str
    division_code: str
    cells: list[str] = field(
        default_factory=list
    )  # per quarter: sampled / no_production / open / gap / future


_STATUS_BIT = {TaskStatus.OPEN: 0, TaskStatus.NO_PRODUCTION: 1, TaskStatus.SAMPLED: 2}  # rank order
_CELL = {TaskStatus.OPEN: "open", TaskStatus.NO_PRODUCTION: "no_production", TaskStatus.SAMPLED: "sampled"}


def _bit(quarter: int, status: str) -> int:
    return 1 << (3 * (quarter - 1) + _STATUS_BIT[status])


def _bits(rows: QuerySet, quarter_field: str, status: str | None) -> dict[int, int]:
    """The (quarter, status) pairs of each enterprise's rows as a bit set, grouped in SQL: SUM of DISTINCT
    powers of two is their OR, on SQLite and PostgreSQL alike (one row per enterprise, not per task)."""
    whens = [
        When(**{quarter_field: q, **({} if status is None else {status: st})}, then=Value(_bit(q, st)))
        for q in range(1, 5)
        for st in ([TaskStatus.SAMPLED] if status is None else _STATUS_BIT)
    ]
    bits = Sum(Case(*whens, default=Value(0), output_field=IntegerField()), distinct=True)
    return dict(
        rows.order_by().values("enterprise_id").annotate(bits=bits).values_list("enterprise_id", "bits")
    )


def coverage_matrix(actor: Actor, *, year: int, today: Any = None, division: str = "") -> dict[str, Any]:
    """Enterprise × quarter for the caller's jurisdiction: where full coverage holds and where it has gaps.

    A cell is `sampled` (a sample form exists), `no_production` (closed with evidence), `open` (a task not
    yet done, quarter running), `gap` (quarter over, or running with no task) or `future`.

    Three queries whatever the size: the licensed enterprises in scope, and their tasks' and samples'
    (quarter, status) pairs of the year grouped per enterprise into bit sets in SQL (`_bits`)."""
    access.require(actor, "sampling.coverage.view")
    today = today or timezone.localdate()
    ents = access.scope(Enterprise.objects.all(), actor, enterprise_field=None)
    active = Licence.objects.filter(enterprise_id=OuterRef("pk"), status=LicenceStatus.ACTIVE)
    ents = ents.filter(Exists(active)).order_by("division_code", "name")
    if division:  # a 6-digit code inside the tenancy narrows to its enterprises (the command view's links)
        ents = ents.filter(division_code__startswith=access.division_prefix(division))
    ents = ents.values_list("pk", "name", "division_code")
    # tasks and samples grouped per enterprise in SQL, scoped by the same tenancy join as the enterprises
    task_bits = _bits(
        access.scope(SamplingTask.objects.filter(plan__year=year), actor), "plan__quarter", "status"
    )
    sample_bits = _bits(access.scope(Sample.objects.filter(year=year), actor), "quarter", None)
    now_q = quarter_of(today)
    summary = {q: {"sampled": 0, "no_production": 0, "open": 0, "gap": 0, "future": 0} for q in range(1, 5)}
    rows = []
    for pk, name, code in ents:
        bits = task_bits.get(pk, 0) | sample_bits.get(pk, 0)
        row = CoverageRow(pk, name, code, ["gap"] * 4)
        for q in range(1, 5):
            status = next((st for st in reversed(_STATUS_BIT) if bits & _bit(q, st)), None)
            if status is not None and (status != TaskStatus.OPEN or (year, q) >= now_q):
                cell = _CELL[status]
            elif (year, q) > now_q:
                cell = "future"
            else:
                cell = "gap"
            row.cells[q - 1] = cell
            summary[q][cell] += 1
        rows.append(row)
    return {"year": year, "rows": rows, "summary": summary}


# ---- statistics ------------------------------------------------------------------------------------
def _rate(passed: int, total: int) -> float | None:
    return round(100.0 * passed / total, 1) if total else None


def pass_rates(actor: Actor, *, year: int, quarter: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Pass rates per quarter by variety and by jurisdiction (samples), and by test item (results)."""
    access.require(actor, "sampling.coverage.view")
    samples = access.scope(Sample.objects.filter(year=year, status=SampleStatus.REPORTED), actor)
    if quarter:
        samples = samples.filter(quarter=quarter)
    agg = {"total": Count("pk"), "passed": Count("pk", filter=Q(verdict=Verdict.PASS))}
    out: dict[str, list[dict[str, Any]]] = {}
    for key, field_name in (
        ("variety", "batch__product__variety"),
        ("division", "enterprise__division_code"),
    ):
        rows = samples.values("quarter", field_name).annotate(**agg).order_by("quarter", field_name)
        out[key] = [
            {
                "quarter": r["quarter"],
                "name": r[field_name],
                "total": r["total"],
                "passed": r["passed"],
                "rate": _rate(r["passed"], r["total"]),
            }
            for r in rows
        ]
    results = LabResult.objects.filter(sample__in=samples)
    rows = results.values("sample__quarter", "item").annotate(**agg).order_by("sample__quarter", "item")
    out["item"] = [
        {
            "quarter": r["sample__quarter"],
            "name": r["item"],
            "total": r["total"],
            "passed": r["passed"],
            "rate": _rate(r["passed"], r["total"]),
        }
        for r in rows
    ]
    return out


# ---- public --------------------------------------------------------------------------------------
def published_results(*, year: int | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """What the public page shows: published results, a failure with its enterprise, batch and items."""
    qs = Sample.objects.filter(published_on__isnull=False).select_related("enterprise", "batch__product")
    if year:
        qs = qs.filter(year=year)
    qs = qs.order_by("-published_on", "-pk")[:limit]
    fails: dict[int, list[str]] = defaultdict(list)
    ids = [s.pk for s in qs]
    for sid, item, measured, unit in LabResult.objects.filter(
        sample_id__in=ids, verdict=Verdict.FAIL
    ).values_list("sample_id", "item", "measured", "unit"):
        fails[sid].append(f"{item} {measured} {unit}".strip())
    return [
        {
            "number": s.number,
            "enterprise": s.enterprise.name,
            "product": s.batch.product.name,
            "variety": s.batch.product.variety,
            "batch": s.batch.number,
            "produced_on": s.batch.produced_on,
            "sampled_on": s.sampled_on,
            "verdict": s.verdict,
            "failed_items": fails.get(s.pk, []),
            "published_on": s.published_on,
        }
        for s in qs
    ]


def quarter_dates(year: int, quarter: int) -> tuple[Any, Any]:
    return quarter_bounds(year, quarter)


def sample_search(
    actor: Actor, *, year: int, quarter: int | None = None, division: str = "", verdict: str = ""
) -> QuerySet[Sample]:
    """Samples of a year (and quarter), narrowed to a division and a verdict — the list the command view's
    sample figures open."""
    qs = sample_list(actor).filter(year=year)
    if quarter:
        qs = qs.filter(quarter=quarter)
    if division:
        qs = qs.filter(enterprise__division_code__startswith=access.division_prefix(division))
    if verdict in Verdict.values:
        qs = qs.filter(verdict=verdict)
    return qs.order_by("-sampled_on", "-pk")


# ---- the lab's report of a failure: 2 working days from its finding (disposal.lab-report-working-days) ----
LAB_REPORT_RULE = "disposal.lab-report-working-days"


@dataclass(frozen=True)
class ReportDelay:
    """How long the lab took from its finding (the report's 检验结论日期) to the platform having the result,
    in working days by the calendar (holidays and make-up days counted; the finding's day not counted)."""

    found_on: Any
    reported_on: Any
    working_days: int
    limit: int
    cite: str

    @property
    def late(self) -> bool:
        return self.working_days > self.limit


def report_delay(found_on: Any, reported_on: Any) -> ReportDelay | None:
    """None when the lab stated no 检验结论日期 (or nothing is reported yet)."""
    if found_on is None or reported_on is None:
        return None
    try:
        days = workdays.count_working_days(found_on, reported_on)
    except workdays.CalendarNotLoaded:
        return None
    limit = int(regulation.param(LAB_REPORT_RULE, found_on))
    return ReportDelay(found_on, reported_on, days, limit, regulation.cite(LAB_REPORT_RULE, found_on))


def sample_report_delay(sample: Sample) -> ReportDelay | None:
    """For a failed sample: its lab's report delay (a pass has no 2-day clock)."""
    if sample.verdict != Verdict.FAIL:
        return None
    return report_delay(sample.found_on, sample.reported_on)


def lab_report_record(actor: Actor, names: list[str]) -> dict[str, dict[str, int]]:
    """Per lab name: its failed samples in the actor's scope, how many stated their finding's date, how
    many were reported late (one query)."""
    out: dict[str, dict[str, int]] = {n: {"failed": 0, "dated": 0, "late": 0} for n in names}
    scoped = access.scope(Sample.objects.all(), actor)
    rows = scoped.filter(lab_name__in=names, verdict=Verdict.FAIL).values_list(
        "lab_name", "found_on", "reported_on"
    )
    for name, found_on, reported_on in rows:
        rec = out[name]
        rec["failed"] += 1
        delay = report_delay(found_on, reported_on)
        if delay is not None:
            rec["dated"] += 1
            rec["late"] += delay.late
    return out
