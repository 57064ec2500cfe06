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

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor, division_prefix
from shouhu.core.errors import NotFound, ServiceError, refuse
from shouhu.core.services import create_record
from shouhu.registry.models import Enterprise

from .. import history, learn
from ..error_codes import TargetingError as E
from ..events import TargetingAction as A
from ..measure import K_SHARE, SEEDS, TOP, measure  # noqa: F401  (the figures, re-exported)
from ..models import Decision, ModelVersion, Ranking


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
    return _store(actor, code, measure(history.load(code), history.enterprise_ids(code), today), trigger)


def _store(actor: Actor, code: str, m: dict[str, Any], trigger: str) -> ModelVersion:
    """Keep what `measure` found: the version with its evaluation and decision, and its ranking."""
    evaluation = m["evaluation"]
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
                version=_version_label(code, m["today"]),
                algorithm=learn.ALGORITHM,
                trained_on=m["today"],
                cutoff=m["cutoff"],
                params=m["params"],
                train_rows=m["train_rows"],
                train_serious=m["train_serious"],
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
        ids = [r["enterprise_id"] for r in m["ranking"]]
        divisions = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "division_code"))
        Ranking.objects.bulk_create(
            [
                Ranking(version=version, division_code=divisions[r["enterprise_id"]], **r)
                for r in m["ranking"]
            ],
            batch_size=1000,
        )
    return version


def retrain_all(*, actor: Actor, today: dt.date | None = None) -> list[ModelVersion]:
    """The scheduled retraining: one version per province that has enterprises."""
    provinces = sorted({c[:2] + "0000" for c in Enterprise.objects.values_list("division_code", flat=True)})
    return [model_train(actor=actor, division_code=p, today=today, trigger="schedule") for p in provinces]


# ---- retraining on demand, as a job (core.jobs): the request answers 202 with the job's status URL ----

JOB_KIND = "targeting.retrain"


def retrain_queue(*, actor: Actor, division_code: str) -> dict[str, Any]:
    """Queue a retraining of the jurisdiction's model. Who may and where is checked now (403 / 404 / 422
    before anything is queued) and the history read (three queries); the evaluation and the fits run in the
    job's isolated child (`measure.job`), and `retrain_finish` stores them in the requester's name."""
    from shouhu.core import jobs

    access.require(actor, "targeting.train")
    code = _in_jurisdiction(actor, division_code)
    payload = {
        "division_code": code,
        "history": history.load(code),
        "ids": history.enterprise_ids(code),
        "today": timezone.localdate(),
    }
    job_id = jobs.submit(
        kind=JOB_KIND,
        target="shouhu.targeting.measure:job",
        finish="shouhu.targeting.services.training:retrain_finish",
        payload=payload,
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
    access.require(user, "targeting.train")  # still allowed, still in the jurisdiction, when the job ends
    code = _in_jurisdiction(user, value["division_code"])
    version = _store(user, code, value, "manual")
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
