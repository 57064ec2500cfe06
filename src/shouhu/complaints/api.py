"""Complaints API (`/api/v1/complaints`): the public filing and status (no login, rate-limited), the
county's inbox and actions, the enterprise's answer, rewards."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from shouhu.core.access import is_enterprise_staff
from shouhu.core.api import ERRORS, Filter, Id, Limit
from shouhu.core.api import actor as request_actor

from . import public, selectors, services
from .schemas import (
    ActionIn,
    ChallengeOut,
    ComplaintAnswerIn,
    FiledOut,
    RewardActIn,
    RewardIn,
    RewardOut,
    StatusIn,
    StatusOut,
    SubmissionOut,
    SubmitIn,
    status_out,
    submission_out,
)

router = Router()


@router.post(
    "/public",
    auth=None,
    response={201: FiledOut, **ERRORS},
    summary="File a complaint or a report (no login)",
)
def public_file(request: HttpRequest, body: SubmitIn):
    challenge = public.challenge_check(body.challenge_token, body.challenge_answer)
    filed = services.submission_file(data=body.dict(), client=public.client_ip(request), challenge=challenge)
    s = filed.submission
    return Status(
        201,
        {
            "tracking_no": s.tracking_no,
            "token": filed.token,
            "kind": s.kind,
            "status": s.status,
            "merged": bool(s.merged_into_id),
        },
    )


@router.get(
    "/public/challenge",
    auth=None,
    response={200: ChallengeOut, **ERRORS},
    summary="The arithmetic question to answer when filing (when the setting turns it on)",
)
def public_challenge(request: HttpRequest):
    issued = public.challenge_new() or {"question": None, "token": None}
    return {"level": public.challenge_level(), **issued}


@router.post(
    "/public/status",
    auth=None,
    response={200: StatusOut, **ERRORS},
    summary="A submission's status by tracking number and token",
)
def public_status(request: HttpRequest, body: StatusIn):
    public.check_status(public.client_ip(request))
    s = selectors.public_status(body.tracking_no, body.token)
    return status_out(s, selectors.timeline(s, public_only=True))


@router.get(
    "", response={200: list[SubmissionOut], **ERRORS}, summary="Complaints and reports in your tenancy"
)
def submission_list(
    request: HttpRequest, status: Filter = "", kind: Filter = "", overdue: bool = False, limit: Limit = 100
):
    actor = request_actor(request)
    rows = list(selectors.submission_list(actor, status=status, kind=kind, overdue=overdue)[:limit])
    due = selectors.deadlines(rows)
    staff = is_enterprise_staff(actor)
    return [submission_out(s, due.get(s.pk), staff=staff) for s in rows]


def _one(actor: Any, pk: int) -> dict[str, Any]:
    s = selectors.submission_get(actor, pk)
    return submission_out(s, selectors.deadlines([s]).get(s.pk), staff=is_enterprise_staff(actor))


@router.get("/{submission_id}", response={200: SubmissionOut, **ERRORS}, summary="One complaint or report")
def submission_detail(request: HttpRequest, submission_id: Id):
    return _one(request_actor(request), submission_id)


@router.post("/{submission_id}/actions", response={200: SubmissionOut, **ERRORS}, summary="A handling step")
def submission_action(request: HttpRequest, submission_id: Id, body: ActionIn):
    actor = request_actor(request)
    s = selectors.submission_get(actor, submission_id)
    if body.action in {"pause", "resume", "extend"}:
        services.submission_clock(
            actor=actor,
            submission=s,
            action=body.action,
            reason=body.note,
            kind=body.pause_kind,
            amount=body.amount,
        )
    else:
        services.submission_act(
            actor=actor,
            submission=s,
            action=body.action,
            note=body.note,
            outcome=body.outcome,
            case_opened=body.case_opened,
        )
    return _one(actor, submission_id)


@router.post(
    "/{submission_id}/answer",
    response={200: SubmissionOut, **ERRORS},
    summary="The enterprise answers a forwarded complaint",
)
def submission_answer(request: HttpRequest, submission_id: Id, body: ComplaintAnswerIn):
    actor = request_actor(request)
    s = selectors.submission_get(actor, submission_id)
    services.submission_answer(actor=actor, submission=s, answer=body.answer)
    return _one(actor, submission_id)


@router.post(
    "/{submission_id}/reward", response={201: RewardOut, **ERRORS}, summary="Propose a reward for a report"
)
def reward_propose(request: HttpRequest, submission_id: Id, body: RewardIn):
    actor = request_actor(request)
    s = selectors.submission_get(actor, submission_id)
    return Status(
        201,
        services.reward_propose(
            actor=actor, submission=s, level=body.level, fines=body.fines, penalty_ref=body.penalty_ref
        ),
    )


@router.post(
    "/rewards/{reward_id}/actions",
    response={200: RewardOut, **ERRORS},
    summary="Approve a reward or record its payment",
)
def reward_action(request: HttpRequest, reward_id: Id, body: RewardActIn):
    actor = request_actor(request)
    reward = selectors.reward_get(actor, reward_id)
    return services.reward_act(actor=actor, reward=reward, action=body.action, payment_ref=body.payment_ref)
