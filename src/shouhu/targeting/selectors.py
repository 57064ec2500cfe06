"""Targeting reads, scoped to the caller's jurisdiction: versions with their evaluation, the ranking in
force beside the rule-based grade, and the ranking the plan generator asks for (through `core.hooks`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shouhu.core import access
from shouhu.core.access import Actor, division_prefix
from shouhu.core.errors import NotFound

from .models import ModelVersion, Ranking


def _ancestors(code: str) -> list[str]:
    """The division itself, then the city and the province above it (most specific first)."""
    return list(dict.fromkeys([code, code[:4] + "00", code[:2] + "0000"]))


def current(division_code: str) -> ModelVersion | None:
    """The promoted version in force for a division: its own, else its city's, else its province's."""
    for code in _ancestors(division_code):
        version = ModelVersion.objects.filter(division_code=code, promoted=True).order_by(
            "-trained_on", "-pk"
        )
        if (found := version.defer("params").first()) is not None:
            return found
    return None


def _scope(actor: Actor) -> Q:
    if getattr(actor, "role", None) == "platform_admin":
        return Q()
    mine = str(getattr(actor, "division_code", "") or "")
    if not mine:
        return Q(pk__in=[])
    # one's own and everything below, and the versions above one's division that rank it
    return Q(division_code__startswith=division_prefix(mine)) | Q(division_code__in=_ancestors(mine))


def version_list(actor: Actor) -> QuerySet[ModelVersion]:
    access.require(actor, "targeting.view")
    return ModelVersion.objects.filter(_scope(actor)).defer("params")


def version_get(actor: Actor, pk: int) -> ModelVersion:
    access.require(actor, "targeting.view")
    version = ModelVersion.objects.filter(_scope(actor), pk=pk).first()
    if version is None:
        raise NotFound(details={"version": pk})
    return version


def ranking_of(actor: Actor, version: ModelVersion, *, level: str = "") -> QuerySet[Ranking]:
    """The version's ranking of the enterprises in the caller's jurisdiction, riskiest first."""
    access.require(actor, "targeting.view")
    qs = Ranking.objects.filter(version=version).select_related("enterprise")
    mine = str(getattr(actor, "division_code", "") or "")
    if getattr(actor, "role", None) != "platform_admin":
        qs = qs.filter(division_code__startswith=division_prefix(mine)) if mine else qs.none()
    return qs.filter(level=level) if level else qs.order_by("rank")


def plan_ranking(division_code: str, enterprise_ids: list[int]) -> dict[str, Any] | None:
    """For risk's plan generator (`core.hooks.plan_ranking`): the promoted ranking of these enterprises,
    1 = first; those the version never ranked (registered since) come after, in id order."""
    version = current(division_code)
    if version is None:
        return None
    ranks = dict(
        Ranking.objects.filter(version=version, enterprise_id__in=enterprise_ids).values_list(
            "enterprise_id", "rank"
        )
    )
    ordered = sorted(enterprise_ids, key=lambda e: (e not in ranks, ranks.get(e, 0), e))
    return {"version": version.version, "order": {e: i for i, e in enumerate(ordered, start=1)}}


def plan_ranking_of(actor: Actor, plan_id: int) -> dict[str, Any]:
    """A risk plan's enterprises in the learned ranking, riskiest first, each with its top contributions.

    The version is the one the plan recorded when it was ordered by the model; a plan ordered by grade
    shows the ranking in force for its division (`used` says which). Regulators of the plan's jurisdiction
    only (enterprise staff: 403; another jurisdiction's plan: 404)."""
    from shouhu.risk.selectors import plan_get

    access.require(actor, "targeting.view")
    plan = plan_get(actor, plan_id)
    version = None
    if plan.model_version:
        version = ModelVersion.objects.filter(version=plan.model_version).defer("params").first()
    used = version is not None
    if version is None:
        version = current(plan.division_code)
    rows: list[Ranking] = []
    if version is not None:
        ids = set(plan.tasks.values_list("enterprise_id", flat=True))
        rows = list(ranking_of(actor, version).filter(enterprise_id__in=ids).order_by("rank"))
    return {
        "plan_id": plan.pk,
        "division_code": plan.division_code,
        "year": plan.year,
        "ordering": plan.ordering,
        "used_by_plan": used,
        "version": version,
        "rows": rows,
    }
