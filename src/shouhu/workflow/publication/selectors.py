"""Clue and publication reads: a jurisdiction's clues, its publications (late ones flagged), the public list."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from shouhu.core.access import Actor, owner_q, require

from .models import Clue, Publication, PublicationStatus


def _tenancy(actor: Actor) -> Q:
    return owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")


def clue_list(actor: Actor, *, status: str = "") -> QuerySet[Clue]:
    require(actor, "clues.view")
    qs = Clue.objects.filter(_tenancy(actor)).select_related("subject_type")
    return qs.filter(status=status) if status else qs


def publication_list(actor: Actor) -> QuerySet[Publication]:
    require(actor, "publication.manage")
    return Publication.objects.filter(_tenancy(actor)).order_by("status", "due_by", "pk")


def public_list(*, kind: str = "") -> QuerySet[Publication]:
    """What the public sees: published, not withdrawn, and still within its showing period."""
    today = timezone.localdate()
    qs = Publication.objects.filter(status=PublicationStatus.PUBLISHED).filter(
        Q(shown_until__isnull=True) | Q(shown_until__gte=today)
    )
    return (qs.filter(kind=kind) if kind else qs).order_by("-published_at", "-pk")
