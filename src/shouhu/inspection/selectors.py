"""Inspection reads, scoped (`core.access`): lists by state, overdue publications, one inspection's items
with their results and photos, what the enterprise's records show the inspector, the enterprise's own
view, the public results, and which requirements fail most across the jurisdiction."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from shouhu.cleanroom.models import Deviation as RoomDeviation
from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.haccp.models import Deviation as CcpDeviation
from shouhu.labelstore.models import LabelCheck
from shouhu.production.models import GateRefusal
from shouhu.registry.models import Enterprise
from shouhu.risk.models import InspectionTask
from shouhu.sampling.models import Sample, Verdict
from shouhu.selfcontrol.models import RiskList
from shouhu.selfcontrol.selectors import completion_of
from shouhu.workflow.checklists.models import ItemResult, TemplateItem
from shouhu.workflow.findings.models import Rectification, RectificationState
from shouhu.workflow.obligations.models import Obligation, ObligationStatus

from .checklist import engine_for
from .models import FollowUp, Inspection, State

WINDOW = dt.timedelta(days=365)  # what the panel looks back on
SELFCONTROL_DAYS = 30
OPEN_RECT = (RectificationState.OPEN, RectificationState.RETURNED, RectificationState.ANSWERED)


def inspection_list(actor: Actor, *, state: str = "") -> QuerySet[Inspection]:
    access.require(actor, "inspection.view")
    qs = access.scope(Inspection.objects.select_related("enterprise"), actor)
    return qs.filter(state=state) if state in State.values else qs


def inspection_get(actor: Actor, pk: int) -> Inspection:
    inspection = access.get_scoped(
        Inspection.objects.select_related("enterprise", "run", "template", "task"), actor, pk=pk
    )
    access.require(actor, "inspection.view")  # inside the tenancy first: elsewhere it is simply not found
    return inspection


def state_counts(actor: Actor) -> dict[str, int]:
    rows = dict(inspection_list(actor).values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return {s: rows.get(s, 0) for s in State.values}


def overdue_publications(
    actor: Actor, *, now: dt.datetime | None = None
) -> list[tuple[Inspection, Obligation]]:
    """Concluded inspections whose 20-working-day publication duty is past due and not done."""
    access.require(actor, "inspection.supervise")
    pending = list(
        inspection_list(actor).filter(
            state__in=[State.AWAITING_SIGNATURE, State.SIGNED], publication_obligation_id__isnull=False
        )
    )
    late = {
        o.pk: o
        for o in Obligation.objects.filter(
            pk__in=[i.publication_obligation_id for i in pending], due_at__lt=now or timezone.now()
        ).exclude(status=ObligationStatus.DONE)
    }
    return [(i, late[i.publication_obligation_id]) for i in pending if i.publication_obligation_id in late]


def open_tasks(actor: Actor) -> QuerySet[InspectionTask]:
    """Planning tasks of issued plans that have no inspection yet (the regulator starts one from here)."""
    access.require(actor, "inspection.supervise")
    taken = Inspection.objects.filter(task__isnull=False).values("task_id")
    return (
        access.scope(InspectionTask.objects.select_related("enterprise", "plan"), actor)
        .filter(plan__status="issued")
        .exclude(pk__in=taken)
        .order_by("window_end", "pk")
    )


@dataclass
class ItemRow:
    item: TemplateItem
    results: list[ItemResult] = field(default_factory=list)

    @property
    def result(self) -> str:
        values = [r.result for r in self.results if r.result != "na"]
        if not values:
            return "na" if self.results else ""
        return "fail" if "fail" in values else "pass"


def item_rows(inspection: Inspection) -> list[ItemRow]:
    """The checklist's items in order, each with its inspectors' results (and photos): 2 queries."""
    rows = {
        i.pk: ItemRow(i)
        for i in TemplateItem.objects.filter(template_id=inspection.template_id).order_by("position")
    }
    for r in ItemResult.objects.filter(run_id=inspection.run_id).select_related("scorer", "evidence"):
        rows[r.item_id].results.append(r)
    return list(rows.values())


def area_labels() -> dict[str, str]:
    return dict(engine_for(timezone.localdate()).parameter("inspection.areas").value)


def followups(inspection: Inspection) -> list[FollowUp]:
    return list(inspection.followups.all())


@dataclass
class Panel:
    """What the enterprise's own records show an inspector on site."""

    selfcontrol: Any  # selfcontrol.selectors.Completion or None (no risk-control list yet)
    sampling_failures: list[Sample]
    open_rectifications: list[Rectification]
    overdue_rectifications: int
    label_findings: int
    haccp_deviations: list[Any] = field(default_factory=list)  # the latest, a year back
    haccp_count: int = 0
    haccp_open: int = 0
    cleanroom_deviations: list[Any] = field(default_factory=list)
    cleanroom_count: int = 0
    release_refusals: list[GateRefusal] = field(default_factory=list)
    release_refusal_count: int = 0


def enterprise_panel(enterprise: Enterprise, *, today: dt.date | None = None) -> Panel:
    """Self-control completion (30 days), sampling failures and label findings (a year), open rectifications.
    The caller has already found the enterprise inside its tenancy (an inspection of it)."""
    today = today or timezone.localdate()
    rows = completion_of(
        RiskList.objects.filter(enterprise=enterprise),
        today - dt.timedelta(days=SELFCONTROL_DAYS),
        today,
        today=today,
    )
    failures = list(
        Sample.objects.filter(
            enterprise=enterprise, verdict=Verdict.FAIL, sampled_on__gt=today - WINDOW
        ).select_related("batch__product")[:10]
    )
    rects = list(
        Rectification.objects.filter(enterprise_id=enterprise.pk, state__in=OPEN_RECT)
        .select_related("finding")
        .order_by("due_on")[:20]
    )
    labels = LabelCheck.objects.filter(enterprise=enterprise, as_of__gt=today - WINDOW).aggregate(
        n=Sum("finding_count")
    )["n"]
    since = timezone.now() - WINDOW
    ccp = CcpDeviation.objects.filter(enterprise=enterprise, started_at__gte=since)
    room = RoomDeviation.objects.filter(enterprise=enterprise, started_at__gte=since)
    gate = GateRefusal.objects.filter(enterprise=enterprise, at__gte=since)
    return Panel(
        haccp_deviations=list(ccp.select_related("ccp").order_by("-started_at", "-pk")[:5]),
        haccp_count=ccp.count(),
        haccp_open=ccp.filter(closed_at__isnull=True).count(),
        cleanroom_deviations=list(room.select_related("zone", "item").order_by("-started_at", "-pk")[:5]),
        cleanroom_count=room.count(),
        release_refusals=list(gate.select_related("batch").order_by("-at", "-pk")[:5]),
        release_refusal_count=gate.count(),
        selfcontrol=rows[0] if rows else None,
        sampling_failures=failures,
        open_rectifications=rects,
        overdue_rectifications=sum(
            1 for r in rects if r.due_on < today and r.state != RectificationState.ANSWERED
        ),
        label_findings=labels or 0,
    )


def enterprise_inspections(actor: Actor) -> QuerySet[Inspection]:
    """The enterprise's own inspections (concluded ones first: their results, rectifications, display duty)."""
    access.require(actor, "inspection.view")
    return access.scope(Inspection.objects.select_related("enterprise"), actor).exclude(
        state__in=[State.PLANNED, State.IN_PROGRESS]
    )


def enterprise_rectifications(inspections: list[Inspection]) -> dict[int, list[Rectification]]:
    ids = [
        f.rectification_id for f in FollowUp.objects.filter(inspection__in=inspections) if f.rectification_id
    ]
    out: dict[int, list[Rectification]] = {}
    for r in Rectification.objects.filter(pk__in=ids).select_related("finding"):
        out.setdefault(int(r.finding.subject_id), []).append(r)
    return out


def published_results(*, limit: int = 200) -> list[Inspection]:
    """Published inspections for the public page (no login): enterprise, date, kind, outcome."""
    return list(
        Inspection.objects.filter(state=State.PUBLISHED)
        .select_related("enterprise")
        .annotate(failed=Count("followups"))
        .order_by("-published_at", "-pk")[:limit]
    )


def failing_items(actor: Actor, *, limit: int = 15) -> list[dict[str, Any]]:
    """Which requirements fail most in the actor's jurisdiction (one query over the inspections' runs)."""
    access.require(actor, "inspection.supervise")
    runs = inspection_list(actor).exclude(run__isnull=True).values("run_id")
    return list(
        ItemResult.objects.filter(run_id__in=runs, result="fail")
        .values("item__item_id", "item__title", "item__key")
        .annotate(n=Count("run_id", distinct=True))
        .filter(~Q(n=0))
        .order_by("-n", "item__item_id")[:limit]
    )


def item_results(inspection: Inspection, item_id: str) -> list[ItemResult]:
    """Every team member's result of one item (who scored, what), for the sync's notice of a second
    inspector's different result."""
    return list(
        ItemResult.objects.filter(run_id=inspection.run_id, item__item_id=item_id)
        .select_related("scorer", "item")
        .order_by("scored_at", "pk")
    )


def signature_image_uri(signature: Any) -> str:
    """A signature drawn on screen as a data URI for the printed 结果记录表 ("" when only confirmed, or
    when the stored file no longer matches its SHA-256 — a swapped image is not printed as a signature)."""
    image = getattr(signature, "image", None)
    if image is None:
        return ""
    try:
        with image.file.open("rb") as fh:
            data = fh.read()
    except (FileNotFoundError, OSError):
        return ""
    if hashlib.sha256(data).hexdigest() != image.sha256:
        return ""
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def exam_links(inspection: Inspection) -> list[Any]:
    """The manager spot-check exams started from this inspection, with their people and results."""
    return list(inspection.exams.select_related("spot_check__person", "spot_check__attempt").order_by("pk"))


def exam_candidates(inspection: Inspection) -> list[Any]:
    """The inspected enterprise's managers who may be examined (principal, director, officers, active)."""
    from shouhu.registry.models import Person
    from shouhu.training import bank

    return list(
        Person.objects.filter(enterprise=inspection.enterprise, role__in=bank.MANAGERS, active=True).order_by(
            "role", "name"
        )
    )
