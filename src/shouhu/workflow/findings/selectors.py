"""Findings reads, scoped to the caller's tenancy (rows carry enterprise_id and division_code)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from shouhu.core.access import Actor

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
