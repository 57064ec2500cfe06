"""Licensing reads, scoped to the actor (enterprise staff: their own; regulators: their jurisdiction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from shouhu.core import access, workdays
from shouhu.core.regulation import today
from shouhu.registry.models import Licence

from . import changes
from .models import (
    Application,
    ApplicationStatus,
    AppliedProduct,
    ChecklistItem,
    ItemScore,
    RecordedConditions,
    Rectification,
    Verification,
)

OPEN_STATES = frozenset(
    {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.DOCUMENT_REVIEW,
        ApplicationStatus.RETURNED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.VERIFICATION,
        ApplicationStatus.VERIFIED_PASS,
        ApplicationStatus.VERIFIED_FAIL,
    }
)


@dataclass(frozen=True)
class Deadline:
    due_on: date
    remaining: int  # working days left (negative: overdue by that many)

    @property
    def overdue(self) -> bool:
        return self.remaining < 0

    @property
    def overdue_by(self) -> int:
        return max(0, -self.remaining)

    def as_dict(self) -> dict[str, Any]:
        return {
            "due_on": self.due_on.isoformat(),
            "remaining_working_days": self.remaining,
            "overdue": self.overdue,
        }


def deadline(due_on: date | None, on: date | None = None) -> Deadline | None:
    if due_on is None:
        return None
    try:
        return Deadline(due_on, workdays.count_working_days(on or today(), due_on))
    except workdays.CalendarNotLoaded:
        return Deadline(due_on, (due_on - (on or today())).days)


def applications(actor: Any) -> QuerySet[Application]:
    return access.scope(Application.objects.select_related("enterprise", "licence"), actor)


def application_list(actor: Any, *, status: str = "", q: str = "", kind: str = "") -> QuerySet[Application]:
    """The reviewer's (or applicant's) list: one query, products counted in SQL."""
    qs = applications(actor)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(site_address__icontains=q))
    # A correlated count per row of the page, not a GROUP BY over every application in the jurisdiction.
    products = (
        AppliedProduct.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return qs.annotate(product_count=Coalesce(Subquery(products), 0)).order_by("-pk")


def application_get(actor: Any, pk: int) -> Application:
    qs = Application.objects.select_related("enterprise", "licence").prefetch_related(
        "products", "equipment", "staff", "zones", "documents", "reviews", "trial_reports", "verifications"
    )
    return access.get_scoped(qs, actor, pk=pk)


def verification_get(actor: Any, pk: int) -> Verification:
    qs = Verification.objects.select_related("enterprise", "application", "licence").prefetch_related(
        Prefetch(
            "items",
            queryset=ChecklistItem.objects.order_by("position").prefetch_related(
                Prefetch("scores", queryset=ItemScore.objects.select_related("inspector"))
            ),
        ),
        "inspectors__inspector",
    )
    return access.get_scoped(qs, actor, pk=pk)


def verifications(actor: Any) -> QuerySet[Verification]:
    return access.scope(Verification.objects.select_related("enterprise", "application", "licence"), actor)


def rectifications(actor: Any, *, state: str = "") -> QuerySet[Rectification]:
    qs = access.scope(Rectification.objects.select_related("enterprise", "verification", "item"), actor)
    return qs.filter(state=state) if state else qs


def licences(actor: Any) -> QuerySet[Licence]:
    return access.scope(Licence.objects.select_related("enterprise").prefetch_related("items"), actor)


def undeclared_changes(actor: Any) -> list[dict[str, Any]]:
    """Licensees whose recorded conditions differ from their licence with no change application pending."""
    out = []
    latest: dict[int, RecordedConditions] = {}
    for rc in access.scope(
        RecordedConditions.objects.select_related("licence", "enterprise"), actor
    ).order_by("pk"):
        latest[rc.licence_id] = rc
    if not latest:
        return out
    granted = {
        a.licence_id: a
        for a in Application.objects.filter(
            licence_id__in=latest, status=ApplicationStatus.APPROVED
        ).order_by("pk")
    }
    pending = set(
        Application.objects.filter(licence_id__in=latest, kind="change", status__in=OPEN_STATES).values_list(
            "licence_id", flat=True
        )
    )
    for lid, rc in latest.items():
        app = granted.get(lid)
        if app is None or not app.licensed_snapshot or lid in pending:
            continue
        diffs = changes.diff(
            app.licensed_snapshot,
            {"site_address": rc.site_address, "processes": rc.processes, "equipment": rc.equipment},
        )
        if diffs:
            out.append(
                {"licence": rc.licence, "enterprise": rc.enterprise, "recorded": rc, "differences": diffs}
            )
    return out
