"""举报奖励 (国市监稽规〔2021〕4号): a recorded decision on a report that led to a penalty.

The amount is the rule data's: the level's rate of the fines and confiscations, at least the level's
minimum, at most the cap per case (`complaints.reward-levels`, `complaints.reward-cap-yuan`). Proposed by
the handler, approved by the office's administrator, its payment recorded with the voucher number.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.core.services import create_record, update_record
from shouhu.workflow.subjects import in_scope

from ..error_codes import ComplaintError as E
from ..events import ComplaintAction as A
from ..models import REWARD_FLOW, Kind, Reward, Submission
from .common import label_of, step

LEVELS_RULE = "complaints.reward-levels"
CAP_RULE = "complaints.reward-cap-yuan"
MAX_FINES = Decimal("1e12")


def reward_amount(level: int, fines: Decimal) -> Decimal:
    """The reward for `fines` (yuan) at `level` by the rule data: rate × fines, at least the minimum, capped."""
    levels = regulation.param(LEVELS_RULE)
    row = levels.get(str(level))
    if row is None:
        raise refuse(
            E.LEVEL_INVALID,
            _("奖励等级须为 %(levels)s"),
            params={"levels": "、".join(sorted(levels))},
            field="level",
        )
    raw = (Decimal(str(row["rate"])) * fines).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return min(max(raw, Decimal(str(row["minimum"]))), Decimal(str(regulation.param(CAP_RULE))))


def _fines(value: Any) -> Decimal:
    try:
        fines = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        fines = Decimal(-1)
    if not fines.is_finite() or fines <= 0 or fines > MAX_FINES:
        raise refuse(E.FINES_INVALID, _("罚没款金额须为正数（元）"), field="fines")
    return fines.quantize(Decimal("0.01"))


def reward_propose(
    *, actor: Actor, submission: Submission, level: Any, fines: Any, penalty_ref: str
) -> Reward:
    access.require(actor, "complaints.reward.propose")
    if not in_scope(actor, submission.enterprise_id, submission.division_code):
        raise NotFound(_("未找到该对象或无权查看"))
    submission = Submission.objects.get(pk=submission.pk)  # judged on the stored row, not a stale copy
    if submission.kind != Kind.REPORT or not submission.case_opened or submission.anonymous:
        raise refuse(
            E.REWARD_NOT_ELIGIBLE, _("只有已立案且具名的举报可以给予奖励"), field="submission", error=Conflict
        )
    if Reward.objects.filter(submission=submission).exists():
        raise refuse(E.REWARD_EXISTS, _("该举报已有奖励记录"), field="submission", error=Conflict)
    penalty_ref = (penalty_ref or "").strip()[:100]
    if not penalty_ref:
        raise refuse(E.PENALTY_REQUIRED, _("请填写行政处罚决定书文号"), field="penalty_ref")
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    fines = _fines(fines)
    amount = reward_amount(level, fines)
    basis = f"{regulation.cite(LEVELS_RULE)}；{regulation.cite(CAP_RULE)}"
    reward = Reward(
        submission=submission,
        enterprise_id=submission.enterprise_id,
        division_code=submission.division_code,
        level=level,
        fines=fines,
        amount=amount,
        rule_id=LEVELS_RULE,
        basis=basis[:500],
        penalty_ref=penalty_ref,
        proposed_by=actor if getattr(actor, "_meta", None) is not None else None,
    )
    with transaction.atomic():
        made = create_record(
            actor=actor, instance=reward, enterprise_id=submission.enterprise_id, action=A.REWARD_PROPOSE
        )
        step(submission, "reward", _("提出举报奖励"), f"{amount} 元", actor=actor, public=False)
    return made


def reward_act(*, actor: Actor, reward: Reward, action: str, payment_ref: str = "") -> Reward:
    """`approve` (the office's administrator) or `pay` (with the voucher number)."""
    access.require(actor, "complaints.reward.approve")
    if not in_scope(actor, reward.enterprise_id, reward.division_code):
        raise NotFound(_("未找到该对象或无权查看"))
    if action not in REWARD_FLOW.transitions:
        raise refuse(E.ACTION_INVALID, _("不是允许的操作"), field="action")
    with transaction.atomic():
        locked = Reward.objects.select_for_update(of=("self",)).get(pk=reward.pk)
        changes: dict[str, Any] = {"status": REWARD_FLOW.require(action, locked.status)}
        if action == "approve":
            changes.update(approved_by_label=label_of(actor), approved_at=timezone.now())
        else:
            payment_ref = (payment_ref or "").strip()[:100]
            if not payment_ref:
                raise refuse(E.PAYMENT_REF_REQUIRED, _("请填写发放凭证号"), field="payment_ref")
            changes.update(paid_at=timezone.now(), payment_ref=payment_ref)
        updated = update_record(
            actor=actor,
            instance=locked,
            changes=changes,
            enterprise_id=locked.enterprise_id,
            reason=str(REWARD_FLOW.transitions[action].label),
            action=A.REWARD_APPROVE if action == "approve" else A.REWARD_PAY,
        )
        if action == "pay":
            step(locked.submission, "reward-paid", _("举报奖励已发放"), actor=actor)
    return updated
