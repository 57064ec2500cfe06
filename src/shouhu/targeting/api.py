"""Learned targeting endpoints, mounted at `/api/v1/targeting` (issue 33): every model version with its
time-split evaluation (promoted or not), a risk plan's enterprises in the learned ranking with each one's top
contributions, and retraining on demand as a job (202 with its status URL, as every job endpoint answers).
Regulators only, each in its jurisdiction; enterprise staff get 403, another jurisdiction's plan 404."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from ninja import Path, Router, Status

from shouhu.core.api import ERRORS, Id, Limit, actor
from shouhu.core.api import openapi_text as summary

from . import selectors, services
from .features import FEATURES
from .schemas import (
    TargetingModelVersionOut,
    TargetingPlanRankingOut,
    TargetingRetrainIn,
    TargetingRetrainJobOut,
)

router = Router()
NAMES = dict(FEATURES)


@router.get(
    "/versions",
    response={200: list[TargetingModelVersionOut], **ERRORS},
    summary=summary(_("风险靶向模型版本及评估")),
)
def version_list(request: HttpRequest, limit: Limit = 100) -> list[Any]:
    """Every version seen from the caller's jurisdiction, newest first, whether promoted or not."""
    return list(selectors.version_list(actor(request))[:limit])


@router.get(
    "/plans/{plan_id}/ranking",
    response={200: TargetingPlanRankingOut, **ERRORS},
    summary=summary(_("检查计划的风险靶向排序")),
)
def plan_ranking(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    data = selectors.plan_ranking_of(actor(request), plan_id)
    for row in data["rows"]:  # each feature named in the request's language
        row.contributions = [
            c | {"name": gettext_now(NAMES.get(c["key"], c["key"]))} for c in row.contributions
        ]
    return data


def _job(job: dict[str, Any]) -> dict[str, Any]:
    result = job.get("result") or {}
    return {
        "id": job["id"],
        "status": job["status"],
        "progress": job.get("progress", 0),
        "status_url": reverse("api:targeting_retrain_job", kwargs={"job_id": job["id"]}),
        "version_id": result.get("version_id"),
        "version": result.get("version"),
        "promoted": result.get("promoted"),
        "error": job.get("error"),
    }


@router.post(
    "/retrain", response={202: TargetingRetrainJobOut, **ERRORS}, summary=summary(_("重新训练风险靶向模型"))
)
def retrain(request: HttpRequest, body: TargetingRetrainIn) -> Status:
    """Queue the jurisdiction's retraining (evaluation re-run and kept; promoted only when it beats
    grade-only ordering); poll `status_url` until `status` is `done` (`version`) or `failed` (`error`)."""
    return Status(202, _job(services.retrain_queue(actor=actor(request), division_code=body.division_code)))


@router.get(
    "/retrain/{job_id}",
    response={200: TargetingRetrainJobOut, **ERRORS},
    summary=summary(_("风险靶向模型训练任务")),
    url_name="targeting_retrain_job",
)
def retrain_job(request: HttpRequest, job_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
    return _job(services.retrain_job(actor(request), job_id))
