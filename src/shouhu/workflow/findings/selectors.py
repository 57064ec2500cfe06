"""Findings reads, scoped to the caller's tenancy (rows carry enterprise_id and division_code)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from shouhu.core.access import Actor, division_prefix

from ..subjects import get_scoped, scoped
from .models import Finding, Rectification


def finding_list(actor: Actor) -> QuerySet[Finding]:
    rects = Prefetch("rectifications", queryset=Rectification.objects.order_by("pk"))
    return scoped(Finding.objects.prefetch_related(rects), actor)


def finding_get(actor: Actor, pk: int) -> Finding:
    return get_scoped(finding_list(actor), actor, pk=pk)


def rectification_list(actor: Actor) -> QuerySet[Rectification]:
    return scoped(Rectification.objects.select_related("finding"), actor)


def rectification_get(actor: Actor, pk: int) -> Rectification:
    return get_scoped(rectification_list(actor), actor, pk=pk)


RECT_FILTERS = ("open", "overdue", "ontime")  # not accepted; the enterprise's turn and past due; the rest


def finding_search(
    actor: Actor, *, division: str = "", rect: str = "", today: dt.date | None = None
) -> QuerySet[Finding]:
    """Findings narrowed to a division and to the state of their rectification: `open` (ordered, not yet
    accepted), `overdue` (the enterprise's turn — open or returned — and past its due day) or `ontime` (open
    and not overdue): what the command view's rectification figures count, one rectification per finding."""
    qs = finding_list(actor)
    if division:
        qs = qs.filter(division_code__startswith=division_prefix(division))
    if rect in RECT_FILTERS:
        today = today or timezone.localdate()
        pending = Rectification.objects.filter(finding=OuterRef("pk")).exclude(state="accepted")
        late = Q(state__in=("open", "returned"), due_on__lt=today)
        if rect == "overdue":
            pending = pending.filter(late)
        elif rect == "ontime":
            pending = pending.exclude(late)
        qs = qs.filter(Exists(pending))
    return qs
