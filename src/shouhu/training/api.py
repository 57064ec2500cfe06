"""Training endpoints, mounted at `/api/v1/training`: the bank, exams, spot checks and pass rates.

`/exam/answers` and `/exam/submit` need no login: the one-time code in the body is the examinee's key.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router

from shouhu.core import access
from shouhu.core.api import ERRORS, Id, Limit, actor
from shouhu.workflow.obligations.api import summary

from . import selectors, services
from .models import Question
from .schemas import (
    BankSyncOut,
    ExamAnswerIn,
    ExamAnswerOut,
    ExamAssignedOut,
    ExamAssignIn,
    ExamAttemptOut,
    ExamCodeIn,
    ExamPassRatesOut,
    ExamResultOut,
    ExamSpotCheckIn,
    ExamSpotCheckOut,
    PersonTrainingIn,
    TrainingQuestionIn,
    TrainingQuestionOut,
    TrainingQuestionRetireIn,
    TrainingQuestionReviseIn,
    TrainingSessionIn,
    TrainingSessionOut,
)

router = Router()


def _attempt(a: Any) -> dict[str, Any]:
    return {k: getattr(a, k) for k in ExamAttemptOut.model_fields if k != "person_name"} | {
        "person_name": a.person.name,
        "pass_rate": float(a.pass_rate),
    }


@router.get("/questions", response={200: list[TrainingQuestionOut], **ERRORS}, summary=summary(_("考核题库")))
def question_list(request: HttpRequest, limit: Limit = 500) -> list[Question]:
    who = actor(request)
    access.require(who, "training.view")
    return list(selectors.questions(who)[:limit])


@router.post("/questions", response={201: TrainingQuestionOut, **ERRORS}, summary=summary(_("新增考核题目")))
def question_create(request: HttpRequest, body: TrainingQuestionIn) -> tuple[int, Question]:
    return 201, services.question_create(actor=actor(request), **body.dict())


@router.post(
    "/questions/{question_id}/revise",
    response={201: TrainingQuestionOut, **ERRORS},
    summary=summary(_("修订考核题目")),
)
def question_revise(
    request: HttpRequest, question_id: Id, body: TrainingQuestionReviseIn
) -> tuple[int, Question]:
    fields = {k: v for k, v in body.dict().items() if v is not None and k != "reason"}
    return 201, services.question_revise(
        actor=actor(request), question_id=question_id, reason=body.reason, **fields
    )


@router.post(
    "/questions/{question_id}/retire",
    response={200: TrainingQuestionOut, **ERRORS},
    summary=summary(_("停用考核题目")),
)
def question_retire(request: HttpRequest, question_id: Id, body: TrainingQuestionRetireIn) -> Question:
    return services.question_retire(actor=actor(request), question_id=question_id, reason=body.reason)


@router.post("/bank/sync", response={200: BankSyncOut, **ERRORS}, summary=summary(_("按现行规则更新题库")))
def bank_sync(request: HttpRequest) -> dict[str, int]:
    return services.bank_sync(actor=actor(request))


@router.post("/attempts", response={201: ExamAssignedOut, **ERRORS}, summary=summary(_("组卷并发放考核")))
def attempt_assign(request: HttpRequest, body: ExamAssignIn) -> tuple[int, dict[str, Any]]:
    attempt, code = services.attempt_assign(actor=actor(request), **body.dict())
    return 201, _attempt(attempt) | {"code": code}


@router.get("/attempts", response={200: list[ExamAttemptOut], **ERRORS}, summary=summary(_("考核记录")))
def attempt_list(request: HttpRequest, limit: Limit = 200) -> list[dict[str, Any]]:
    who = actor(request)
    access.require(who, "training.view")
    return [_attempt(a) for a in selectors.attempts(who)[:limit]]


@router.post("/spot-checks", response={201: ExamAssignedOut, **ERRORS}, summary=summary(_("监督抽查考核")))
def spotcheck_create(request: HttpRequest, body: ExamSpotCheckIn) -> tuple[int, dict[str, Any]]:
    spot, code = services.spotcheck_create(
        actor=actor(request), person_id=body.person_id or 0, context=body.context, retest_of=body.retest_of
    )
    return 201, _attempt(spot.attempt) | {"code": code, "spot_check_id": spot.pk}


@router.get(
    "/spot-checks", response={200: list[ExamSpotCheckOut], **ERRORS}, summary=summary(_("抽查考核记录"))
)
def spotcheck_list(request: HttpRequest, limit: Limit = 200) -> list[Any]:
    who = actor(request)
    access.require(who, "training.view")
    return list(selectors.spot_checks(who)[:limit])


@router.get("/pass-rates", response={200: ExamPassRatesOut, **ERRORS}, summary=summary(_("抽查考核合格率")))
def pass_rates(request: HttpRequest) -> dict[str, Any]:
    who = actor(request)
    access.require(who, "training.supervise")
    return selectors.pass_rates(who)


@router.post(
    "/sessions", response={201: TrainingSessionOut, **ERRORS}, summary=summary(_("记录培训（附件1第8项）"))
)
def session_create(request: HttpRequest, body: TrainingSessionIn) -> tuple[int, Any]:
    return 201, services.session_record(actor=actor(request), **body.dict())


@router.get("/sessions", response={200: list[TrainingSessionOut], **ERRORS}, summary=summary(_("培训记录")))
def session_list(request: HttpRequest, limit: Limit = 200) -> list[Any]:
    who = actor(request)
    access.require(who, "training.view")
    return list(selectors.sessions(who).prefetch_related("attendees")[:limit])


@router.post(
    "/people/{person_id}/trainings",
    response={201: TrainingSessionOut, **ERRORS},
    summary=summary(_("登记个人培训")),
)
def person_training_create(request: HttpRequest, person_id: Id, body: PersonTrainingIn) -> tuple[int, Any]:
    return 201, services.person_training_record(actor=actor(request), person_id=person_id, **body.dict())


@router.post(
    "/exam/answers", auth=None, response={200: ExamAnswerOut, **ERRORS}, summary=summary(_("保存答案"))
)
def answer_save(request: HttpRequest, body: ExamAnswerIn) -> dict[str, Any]:
    services.answer_save(code=body.code, question_id=body.question_id, chosen=body.chosen)
    return {"question_id": body.question_id, "saved": True}


@router.post("/exam/submit", auth=None, response={200: ExamResultOut, **ERRORS}, summary=summary(_("交卷")))
def attempt_submit(request: HttpRequest, body: ExamCodeIn) -> dict[str, Any]:
    a = services.attempt_submit(code=body.code)
    wrong = [{"question_id": r["q"], "citation": r["citation"]} for r in a.result if not r["right"]]
    return {
        "total": a.total,
        "correct": a.correct,
        "passed": a.passed,
        "score_percent": a.score_percent,
        "wrong": wrong,
    }
