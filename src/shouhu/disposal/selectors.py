"""核查处置 reads, scoped by `core.access`: the cases, their duties (obligations about the case) and timeline."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound
from shouhu.core.models import AuditEntry
from shouhu.sampling import selectors as sampling_selectors
from shouhu.sampling.selectors import ReportDelay
from shouhu.workflow.obligations.models import RUNNING, Obligation

from .models import OPEN_STATUSES, Case


def case_list(
    actor: Actor, *, status: str = "", overdue_only: bool = False, division: str = ""
) -> QuerySet[Case]:
    """`division` (a 6-digit code inside the tenancy) narrows to its enterprises: the command view's links."""
    access.require(actor, "disposal.view")
    qs = access.scope(Case.objects.select_related("enterprise", "batch__product", "recall"), actor)
    if division:
        qs = qs.filter(enterprise__division_code__startswith=access.division_prefix(division))
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if overdue_only:
        qs = qs.filter(pk__in=_overdue_case_ids())
    return qs


def _overdue_case_ids() -> QuerySet[Any]:
    return (
        Obligation.objects.filter(
            subject_type=ContentType.objects.get_for_model(Case),
            status__in=RUNNING,
            paused_since__isnull=True,
            due_at__lt=timezone.now(),
        )
        # subject_id is text (generic subjects): cast it, as PostgreSQL compares no bigint with varchar
        .annotate(case_id=Cast("subject_id", output_field=BigIntegerField()))
        .values_list("case_id", flat=True)
        .distinct()
    )


def overdue_counts(cases: list[Case]) -> dict[int, int]:
    """Per case: how many of its duties are overdue now (one query for the page)."""
    ids = [str(c.pk) for c in cases]
    out: dict[int, int] = {}
    rows = Obligation.objects.filter(
        subject_type=ContentType.objects.get_for_model(Case),
        subject_id__in=ids,
        status__in=RUNNING,
        paused_since__isnull=True,
        due_at__lt=timezone.now(),
    ).values_list("subject_id", flat=True)
    for sid in rows:
        out[int(sid)] = out.get(int(sid), 0) + 1
    return out


def case_get(actor: Actor, pk: int) -> Case:
    access.require(actor, "disposal.view")
    case = (
        access.scope(Case.objects.select_related("enterprise", "batch__product", "sample", "recall"), actor)
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise NotFound(_not_found(), details={"lookup": {"pk": str(pk)}})
    return case


def _not_found() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("未找到该对象或无权查看")


def case_obligations(case: Case) -> QuerySet[Obligation]:
    return Obligation.objects.filter(
        subject_type=ContentType.objects.get_for_model(Case), subject_id=str(case.pk)
    ).order_by("pk")


def case_duties(case: Case) -> dict[str, Obligation]:
    """The latest obligation of each duty (`disposal.<duty>`), by duty code."""
    return {o.kind.removeprefix("disposal."): o for o in case_obligations(case)}


def open_cases_of(enterprise_id: int) -> QuerySet[Case]:
    """Unscoped: the licensing link asks about one enterprise whose application the caller already sees."""
    return Case.objects.filter(enterprise_id=enterprise_id, status__in=OPEN_STATUSES).select_related(
        "batch__product"
    )


def case_timeline(case: Case) -> QuerySet[AuditEntry]:
    """The ledger entries about the case, its requests and its duties, oldest first."""
    ob_ids = [str(pk) for pk in case_obligations(case).values_list("pk", flat=True)]
    req_ids = [str(pk) for pk in case.requests.values_list("pk", flat=True)]
    q = Q(object_type=Case._meta.label, object_id=str(case.pk))
    q |= Q(object_type=Obligation._meta.label, object_id__in=ob_ids)
    q |= Q(object_type="disposal.Request", object_id__in=req_ids)
    return AuditEntry.objects.filter(q).select_related("actor").order_by("at", "seq")


def failures_of(enterprise_id: int, since: Any = None) -> dict[str, int]:
    """For the risk grade and the credit file: this enterprise's cases, open and closed."""
    qs = Case.objects.filter(enterprise_id=enterprise_id)
    if since is not None:
        qs = qs.filter(reported_at__date__gte=since)
    return {
        "failures": qs.exclude(status="ended").count(),
        "open": qs.filter(status__in=OPEN_STATUSES).count(),
    }


def cases_of(enterprise_id: int, limit: int = 50) -> list[Case]:
    """For the 信用档案: this enterprise's 核查处置 cases, newest first (the caller has checked tenancy)."""
    return list(
        Case.objects.filter(enterprise_id=enterprise_id)
        .select_related("batch__product")
        .order_by("-reported_at")[:limit]
    )


def lab_report_delay(case: Case) -> ReportDelay | None:
    """The lab's report of this failure against `disposal.lab-report-working-days` (2 working days from
    the report's 检验结论日期 to the result reaching the platform, by the working-day calendar); None when
    the lab stated no date."""
    sample = case.sample
    reported = sample.reported_on or timezone.localtime(case.reported_at).date()
    return sampling_selectors.report_delay(sample.found_on, reported)


def batches_traced_onward(batch_ids: list[int]) -> set[int]:
    """Which of these batches have anything traced downstream (a shipment, a use as material): only they
    can be on the market (`trace.selectors.recall_scope` of the others finds nothing). One query."""
    from shouhu.trace.models import Node, TraceEdge

    return set(
        TraceEdge.objects.filter(src_type=Node.BATCH, src_id__in=batch_ids)
        .values_list("src_id", flat=True)
        .distinct()
    )
