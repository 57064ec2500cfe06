"""Train a model version of a jurisdiction on its history, measure it on a time split, keep both.

1. Evaluation (time split): fit on the events of the two years before `cutoff` (= a year before today),
   rank every enterprise visited in the year after it with what was known on `cutoff`, and count the share
   of that year's serious findings caught in the first 20 % — against the rule-based grade alone and a
   random order, over 20 bootstrap seeds (`learn.evaluate`).
2. The version itself is fitted on the three years up to today and ranks every enterprise of the
   jurisdiction as of today, with each one's top feature contributions.
3. It is promoted (the plan generator may use its ranking) only when the whole 95 % interval of its lift
   over grade-only ordering lies above 1 (`learn.promotable`); otherwise it is kept, with its evaluation and the reason, and the last promoted version
   stays in force. Nothing is ever promoted without a measurement.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor, division_prefix
from shouhu.core.errors import NotFound, ServiceError, refuse
from shouhu.core.services import create_record
from shouhu.registry.models import Enterprise

from .. import features, history, learn
from ..error_codes import TargetingError as E
from ..events import TargetingAction as A
from ..models import Decision, ModelVersion, Ranking

YEAR = features.YEAR
SEEDS = 20
K_SHARE = 0.2
TOP = 3  # contributions shown per enterprise


def _in_jurisdiction(actor: Actor, division_code: str) -> str:
    code = str(division_code or "").strip()
    if len(code) != 6 or not code.isdigit():
        raise refuse(E.DIVISION_OUTSIDE, _("须指定辖区（6位行政区划代码）"), field="division_code")
    if getattr(actor, "role", None) == "platform_admin":
        return code
    mine = str(getattr(actor, "division_code", "") or "")
    if not mine or not code.startswith(division_prefix(mine)):
        raise NotFound(_("未找到该对象或无权查看"), details={"division_code": code})
    return code


def _version_label(division_code: str, today: dt.date) -> str:
    n = ModelVersion.objects.filter(division_code=division_code, trained_on=today).count() + 1
    return f"TGT-{division_code}-{today:%Y%m%d}-{n}"


def model_train(
    *, actor: Actor, division_code: str, today: dt.date | None = None, trigger: str = "manual"
) -> ModelVersion:
    access.require(actor, "targeting.train")
    code = _in_jurisdiction(actor, division_code)
    today = today or timezone.localdate()
    hist = history.load(code)
    cutoff = today - YEAR
    evaluation = learn.evaluate(
        features.training_rows(hist, cutoff - 2 * YEAR, cutoff),
        features.next_event_rows(hist, cutoff, YEAR),
        seeds=SEEDS,
        k_share=K_SHARE,
    )
    final = features.training_rows(hist, today - 3 * YEAR, today)
    model = learn.fit(final.X, final.y)
    lift = evaluation["lift_grade"]
    if lift["mean"] is None:
        decision = Decision.NO_EVALUATION
    else:
        decision = Decision.PROMOTED if learn.promotable(evaluation) else Decision.BELOW_GRADE
    with transaction.atomic():
        version = create_record(
            actor=actor,
            instance=ModelVersion(
                division_code=code,
                version=_version_label(code, today),
                algorithm=learn.ALGORITHM,
                trained_on=today,
                cutoff=cutoff,
                params=model.params,
                train_rows=len(final),
                train_serious=int(sum(final.y)),
                evaluation=evaluation,
                lift=lift["mean"],
                lift_low=lift["low"],
                lift_high=lift["high"],
                decision=decision,
                promoted=decision == Decision.PROMOTED,
                trigger=trigger[:16],
            ),
            enterprise_id=None,
            action=A.MODEL_TRAIN,
        )
        _write_ranking(version, model, hist, today)
    return version


def _write_ranking(version: ModelVersion, model: learn.Model, hist: features.History, today: dt.date) -> None:
    ids = history.enterprise_ids(version.division_code)
    rows = features.ranking_rows(hist, ids, today)
    prob = model.probability(rows.X)
    contrib = model.contributions(rows.X)
    gkey = [learn.grade_key(lv, s) for lv, s in zip(rows.level, rows.score, strict=True)]
    order = sorted(range(len(ids)), key=lambda i: (-prob[i], -gkey[i], ids[i]))
    divisions = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "division_code"))
    out = []
    for rank, i in enumerate(order, start=1):
        top = np.argsort(-np.abs(contrib[i]))[:TOP]
        out.append(
            Ranking(
                version=version,
                enterprise_id=ids[i],
                division_code=divisions[ids[i]],
                rank=rank,
                probability=round(float(prob[i]), 4),
                level=rows.level[i],
                score=rows.score[i],
                contributions=[
                    {
                        "key": features.KEYS[j],
                        "value": round(float(rows.X[i][j]), 3),
                        "effect": round(float(contrib[i][j]), 3),
                    }
                    for j in top
                ],
            )
        )
    Ranking.objects.bulk_create(out, batch_size=1000)


def retrain_all(*, actor: Actor, today: dt.date | None = None) -> list[ModelVersion]:
    """The scheduled retraining: one version per province that has enterprises."""
    provinces = sorted({c[:2] + "0000" for c in Enterprise.objects.values_list("division_code", flat=True)})
    return [model_train(actor=actor, division_code=p, today=today, trigger="schedule") for p in provinces]


# ---- retraining on demand, as a job (core.jobs): the request answers 202 with the job's status URL ----

JOB_KIND = "targeting.retrain"


def retrain_queue(*, actor: Actor, division_code: str) -> dict[str, Any]:
    """Queue a retraining of the jurisdiction's model; who may and where is checked now (403 / 404 / 422
    before anything is queued), the training itself runs in the job and records the requester."""
    from shouhu.core import jobs

    access.require(actor, "targeting.train")
    code = _in_jurisdiction(actor, division_code)
    job_id = jobs.submit(
        kind=JOB_KIND,
        target="shouhu.targeting.jobs:echo",
        finish="shouhu.targeting.services.training:retrain_finish",
        payload={"division_code": code},
        owner={"user": getattr(actor, "pk", None), "division": code},
    )
    return jobs.get(job_id) or {"id": job_id, "status": jobs.QUEUED}


def retrain_finish(job: dict[str, Any], outcome: tuple[str, Any]) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    status, value = outcome
    if status != "ok":
        raise ServiceError(_("模型训练任务失败"), details={"reason": "job.failed"})
    owner = job["owner"]
    user = get_user_model().objects.filter(pk=owner.get("user"), is_active=True).first()
    if user is None:
        raise ServiceError(_("模型训练任务失败"), details={"reason": "job.owner_gone"})
    version = model_train(actor=user, division_code=value["division_code"])
    return {"version_id": version.pk, "version": version.version, "promoted": version.promoted}


def retrain_job(actor: Actor, job_id: str) -> dict[str, Any]:
    """A queued retraining's status, for the one who queued it (anyone else: not found)."""
    from shouhu.core import jobs

    job = jobs.get(job_id) if job_id.isalnum() else None
    mine = (
        job is not None
        and job.get("kind") == JOB_KIND
        and getattr(actor, "pk", None) is not None
        and job["owner"].get("user") == actor.pk
    )
    if not mine:
        raise NotFound(_("未找到该对象或无权查看"), details={"reason": "job.unknown"})
    return job
