"""Checklist reads, scoped to the caller's tenancy; the run page's data in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from shouhu.core.access import Actor

from ..subjects import get_scoped, not_found, scoped
from .models import ChecklistRun, ChecklistTemplate, ItemResult, Signature, TemplateItem


def template_list(actor: Actor) -> QuerySet[ChecklistTemplate]:
    """The actor's tenancy's templates, plus platform-wide ones (no owner)."""
    own = scoped(ChecklistTemplate.objects.all(), actor).values("pk")
    if not getattr(actor, "is_authenticated", False):
        return ChecklistTemplate.objects.none()
    return ChecklistTemplate.objects.filter(Q(pk__in=own) | Q(enterprise_id=None, division_code=""))


def template_get(actor: Actor, pk: int) -> ChecklistTemplate:
    try:
        found = template_list(actor).filter(pk=pk).first()
    except (ValueError, TypeError):
        found = None
    if found is None:
        raise not_found(template=pk)
    return found


def run_list(actor: Actor) -> QuerySet[ChecklistRun]:
    return scoped(ChecklistRun.objects.select_related("template"), actor)


def run_get(actor: Actor, pk: int) -> ChecklistRun:
    return get_scoped(ChecklistRun.objects.select_related("template"), actor, pk=pk)


def run_sheet(actor: Actor, pk: int) -> tuple[ChecklistRun, list[TemplateItem], list[Signature]]:
    """A run with its items, each item's results (scorer and evidence joined) and the signatures: 4 queries."""
    run = run_get(actor, pk)
    results = Prefetch(
        "results",
        queryset=ItemResult.objects.filter(run=run).select_related("scorer", "evidence").order_by("pk"),
        to_attr="run_results",
    )
    items = list(
        TemplateItem.objects.filter(template_id=run.template_id)
        .order_by("position")
        .prefetch_related(results)
    )
    signatures = list(
        Signature.objects.filter(subject_type="checklists.checklistrun", subject_id=str(run.pk))
    )
    return run, items, signatures


def signature_list(actor: Actor, subject_type: str, subject_id: str) -> QuerySet[Signature]:
    return scoped(Signature.objects.filter(subject_type=subject_type, subject_id=str(subject_id)), actor)
