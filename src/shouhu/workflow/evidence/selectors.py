"""Evidence reads, scoped to the caller's tenancy (kernel rows carry enterprise_id and division_code)."""

from __future__ import annotations

from django.db.models import QuerySet

from shouhu.core.access import Actor

from ..subjects import get_scoped, not_found, scoped
from .models import EvidenceFile


def evidence_list(actor: Actor) -> QuerySet[EvidenceFile]:
    return scoped(EvidenceFile.objects.all(), actor)


def evidence_get(actor: Actor, pk: int) -> EvidenceFile:
    return get_scoped(EvidenceFile.objects.all(), actor, pk=pk)


def evidence_many(actor: Actor, ids: list[int]) -> list[EvidenceFile]:
    """The files named by `ids`, each inside the caller's tenancy; NotFound names the first missing."""
    found = {e.pk: e for e in evidence_list(actor).filter(pk__in=ids)}
    for pk in ids:
        if pk not in found:
            raise not_found(evidence=pk)
    return [found[pk] for pk in ids]
