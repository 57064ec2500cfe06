"""Enforcement reads, scoped by `core.access`: cases (by state, deadline, violation), their time limits and
timeline, the open clues waiting for a case, the credit facts the risk grade reads, and typical cases."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound
from shouhu.core.models import AuditEntry
from shouhu.workflow.obligations.models import Obligation
from shouhu.workflow.publication.models import Clue, ClueStatus, Publication, PublicationStatus

from .models import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
    CreditListEntry,
    CreditRepair,
    ListStatus,
    RepairStatus,
    TypicalCase,
    Violation,
)

PAGE = 50
DECIDED = (CaseStatus.DECIDED, CaseStatus.EXECUTED, CaseStatus.CLOSED)


def _not_found(pk: Any) -> NotFound:
    return NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})


def _tenancy(actor: Actor) -> Q:
    """The case's own division code (not the enterprise's, through a join): the list's index serves it."""
    return access.owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")


def case_list(
    actor: Actor, *, status: str = "", violation: str = "", overdue_only: bool = False
) -> QuerySet[Case]:
    """The jurisdiction's cases, nearest deadline first (one indexed query on the case table)."""
    access.require(actor, "enforcement.view")
    qs = Case.objects.select_related("enterprise").filter(_tenancy(actor))
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status in CaseStatus.values:
        qs = qs.filter(status=status)
    if violation in Violation.values:
        qs = qs.filter(violation=violation)
    if overdue_only:
        qs = qs.filter(rank_at__lt=timezone.now(), paused=False)
    return qs.order_by("rank_at", "pk")


def case_page(actor: Actor, *, page: int = 1, **filters: Any) -> dict[str, Any]:
    """One page of the list (PAGE rows) with its total: two queries whatever the size of the province."""
    qs = case_list(actor, **filters)
    total = qs.count()
    pages = max(1, -(-total // PAGE))
    page = min(max(1, page), pages)
    rows = list(
        qs.only(
            "pk", "number", "status", "violation", "summary", "deadline_at", "deadline_kind", "paused",
            "rank_at", "division_code", "found_at", "enterprise__name",
        )[(page - 1) * PAGE : page * PAGE]
    )  # fmt: skip
    return {"rows": rows, "total": total, "page": page, "pages": pages, "now": timezone.now()}


def case_get(actor: Actor, pk: Any) -> Case:
    """One case: outside the tenancy 404 (before any 403, so existence does not leak), then permission."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise _not_found(pk) from None
    case = (
        Case.objects.select_related("enterprise", "clue__subject_type", "handler")
        .filter(_tenancy(actor), pk=pk)
        .first()
    )
    if case is None:
        raise _not_found(pk)
    access.require(actor, "enforcement.view")
    return case


def clue_get(actor: Actor, pk: Any) -> Clue:
    """An open clue of the jurisdiction (404 outside it)."""
    clue = open_clues(actor).filter(pk=pk).first()
    if clue is None:
        raise _not_found(pk)
    return clue


def case_obligations(case: Case) -> QuerySet[Obligation]:
    return (
        Obligation.objects.filter(
            subject_type=ContentType.objects.get_for_model(Case), subject_id=str(case.pk)
        )
        .prefetch_related("pauses", "extensions")
        .order_by("pk")
    )


def case_limits(case: Case) -> dict[str, Obligation]:
    """The latest obligation of each time limit (`enforcement.<limit>`), by limit code."""
    return {o.kind.removeprefix("enforcement."): o for o in case_obligations(case)}


def case_publication(case: Case) -> Publication | None:
    return Publication.objects.filter(pk=case.publication_id).first() if case.publication_id else None


def case_timeline(case: Case) -> QuerySet[AuditEntry]:
    ob_ids = [str(pk) for pk in case_obligations(case).values_list("pk", flat=True)]
    q = Q(object_type=Case._meta.label, object_id=str(case.pk))
    q |= Q(object_type=Obligation._meta.label, object_id__in=ob_ids)
    if case.publication_id:
        q |= Q(object_type=Publication._meta.label, object_id=str(case.publication_id))
    return AuditEntry.objects.filter(q).select_related("actor").order_by("at", "seq")


def open_clues(actor: Actor) -> QuerySet[Clue]:
    """Kernel clues of the jurisdiction not yet taken up (raised by inspections, sampling, complaints …)."""
    access.require(actor, "enforcement.view")
    return (
        Clue.objects.filter(
            access.owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code"),
            status=ClueStatus.OPEN,
            enterprise_id__isnull=False,
        )
        .exclude(pk__in=Case.objects.filter(clue__isnull=False).values("clue_id"))
        .order_by("-raised_at", "-pk")
    )


def statistics(actor: Actor) -> dict[str, Any]:
    """Counts by violation type and by state, and how many are overdue now."""
    qs = case_list(actor)
    by_violation = dict(qs.order_by().values_list("violation").annotate(n=Count("pk")))
    by_status = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    overdue = qs.filter(deadline_at__lt=timezone.now(), paused=False).count()
    return {
        "violations": [(v, label, by_violation.get(v, 0)) for v, label in Violation.choices],
        "statuses": [(s, label, by_status.get(s, 0)) for s, label in CaseStatus.choices],
        "overdue": overdue,
        "total": sum(by_status.values()),
    }


# ---- the credit file ----


def enterprise_get(actor: Actor, enterprise_id: Any) -> Any:
    from shouhu.registry.models import Enterprise

    access.require(actor, "enforcement.credit.view")
    try:
        pk = int(enterprise_id)
    except (TypeError, ValueError):
        raise _not_found(enterprise_id) from None
    return access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=pk)


def penalties_of(enterprise_id: int) -> QuerySet[Case]:
    return Case.objects.filter(
        enterprise_id=enterprise_id, status__in=(*DECIDED, CaseStatus.ANNULLED)
    ).order_by("-decided_at")


def list_entries_of(enterprise_id: int) -> QuerySet[CreditListEntry]:
    return CreditListEntry.objects.filter(enterprise_id=enterprise_id).select_related("case")


def is_listed(entry: CreditListEntry, on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    return entry.status == ListStatus.LISTED and entry.listed_on <= on < entry.removal_on


def shown_publications(enterprise_id: int) -> dict[int, Publication]:
    """Case id → its penalty publication, if the public may see it today (published, within its period)."""
    today = timezone.localdate()
    rows = Publication.objects.filter(
        subject_type=ContentType.objects.get_for_model(Case),
        enterprise_id=enterprise_id,
        status=PublicationStatus.PUBLISHED,
    ).filter(Q(shown_until__isnull=True) | Q(shown_until__gte=today))
    return {int(p.subject_id): p for p in rows}


def credit_file(enterprise: Any) -> dict[str, Any]:
    """Everything the 信用档案 holds about one enterprise (the caller has checked tenancy)."""
    from shouhu.complaints.models import Kind, Submission
    from shouhu.core import hooks
    from shouhu.disposal.selectors import cases_of
    from shouhu.sampling.models import Sample

    eid = enterprise.pk
    shown = shown_publications(eid)
    penalties = list(penalties_of(eid))
    for c in penalties:
        c.shown = shown.get(c.pk)
    return {
        "enterprise": enterprise,
        "inspections": [r for r in hooks.credit_records(eid) if r.get("kind") == "inspection"],
        "samples": list(
            Sample.objects.filter(enterprise_id=eid, verdict__in=("pass", "fail"))
            .order_by("-sampled_on")
            .only("pk", "number", "sampled_on", "verdict")[:50]
        ),
        "disposals": cases_of(eid),
        "penalties": penalties,
        "complaints": list(
            Submission.objects.filter(enterprise_id=eid, kind=Kind.REPORT, case_opened=True)
            .order_by("-case_decided_at")
            .only("pk", "tracking_no", "case_decided_at", "description")[:50]
        ),
        "list_entries": [(e, is_listed(e)) for e in list_entries_of(eid)],
        "repairs": list(CreditRepair.objects.filter(enterprise_id=eid).select_related("case")),
    }


def public_credit(enterprise: Any) -> dict[str, Any]:
    """What the rules make public, for as long as they say: shown penalties, current list entries,
    published inspection results."""
    from shouhu.core import hooks

    eid = enterprise.pk
    shown = shown_publications(eid)
    cases = {c.pk: c for c in Case.objects.filter(pk__in=list(shown))}
    return {
        "enterprise": enterprise,
        "penalties": [(cases[pk], p) for pk, p in shown.items() if pk in cases],
        "listed": [e for e in list_entries_of(eid) if is_listed(e)],
        "inspections": [
            r for r in hooks.credit_records(eid) if r.get("kind") == "inspection" and r.get("public")
        ],
    }


def credit_facts(ids: Sequence[int], on: dt.date) -> dict[int, dict[str, Any]]:
    """For the risk grade: penalties decided in the year before `on`, whether listed on `on`, repairs done."""
    since = dt.datetime.combine(on - dt.timedelta(days=365), dt.time.min, tzinfo=dt.UTC)
    until = dt.datetime.combine(on, dt.time.max, tzinfo=dt.UTC)
    out: dict[int, dict[str, Any]] = {eid: {"penalties": [], "listed": [], "repairs": 0} for eid in ids}
    for eid, number in (
        Case.objects.filter(enterprise_id__in=ids, status__in=DECIDED, decided_at__range=(since, until))
        .order_by("decided_at")
        .values_list("enterprise_id", "decision_no")
    ):
        out[eid]["penalties"].append(number)
    for e in CreditListEntry.objects.filter(enterprise_id__in=ids, status=ListStatus.LISTED):
        if is_listed(e, on):
            out[e.enterprise_id]["listed"].append(e.listed_on.isoformat())
    repaired: dict[int, int] = defaultdict(int)
    for eid in CreditRepair.objects.filter(
        enterprise_id__in=ids, status=RepairStatus.APPROVED, decided_at__lte=until
    ).values_list("enterprise_id", flat=True):
        repaired[eid] += 1
    for eid, n in repaired.items():
        out[eid]["repairs"] = n
    return out


def typical_public() -> QuerySet[TypicalCase]:
    return TypicalCase.objects.order_by("-published_at", "-pk")
