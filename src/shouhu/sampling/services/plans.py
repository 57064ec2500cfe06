"""Quarterly plans with full coverage (2026 action plan item 14): a task per licensed producing enterprise,
extra tasks for focus enterprises, each an obligation of the jurisdiction's samplers due at quarter end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor, division_prefix
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.core.roles import Role
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise, LicenceStatus
from shouhu.workflow.evidence.models import EvidenceFile
from shouhu.workflow.obligations import services as obligations

from ..error_codes import SamplingError as E
from ..events import SamplingAction as A
from ..models import SamplingPlan, SamplingTask, TaskKind
from ..quarters import label, quarter_bounds
from ..states import TaskStatus

COVERAGE_RULE = "sampling.quarterly-coverage"


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "_meta", None) is not None else None


def _check_division(actor: Actor, code: str) -> str:
    code = str(code or "").strip()
    try:
        prefix = division_prefix(code)
    except ValueError:
        raise refuse(E.DIVISION_INVALID, _("行政区划代码无效"), field="division_code") from None
    if getattr(actor, "role", None) != Role.PLATFORM_ADMIN:
        own = division_prefix(actor.division_code or "000000") if actor.division_code else None
        if not own or not prefix.startswith(own):
            # outside the caller's tenancy: not found, as everywhere (its existence does not leak)
            raise refuse(
                E.DIVISION_INVALID, _("只能为本辖区制定抽检计划"), field="division_code", error=NotFound
            )
    return code


def producing_enterprises(division_code: str) -> list[Enterprise]:
    """Enterprises of the jurisdiction holding an active production licence (获证在产)."""
    prefix = division_prefix(division_code)
    return list(
        Enterprise.objects.filter(
            division_code__startswith=prefix, licences__status=LicenceStatus.ACTIVE
        ).distinct()
    )


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    division_code: str,
    year: int,
    quarter: int,
    focus_enterprise_ids: Iterable[int] = (),
    focus_varieties: Iterable[str] = (),
    focus_items: Iterable[str] = (),
    obligations_for_tasks: bool = True,
) -> SamplingPlan:
    """The quarter's plan: one coverage task per producing enterprise, one more per focus enterprise."""
    access.require(actor, "sampling.plan.manage")
    if quarter not in (1, 2, 3, 4) or not 2000 <= int(year) <= 2100:
        raise refuse(E.QUARTER_INVALID, _("季度应为1—4"), field="quarter")
    code = _check_division(actor, division_code)
    if SamplingPlan.objects.filter(division_code=code, year=year, quarter=quarter).exists():
        raise refuse(
            E.PLAN_EXISTS,
            _("%(quarter)s的抽检计划已存在"),
            params={"quarter": label(year, quarter)},
            field="quarter",
            error=Conflict,
        )
    enterprises = producing_enterprises(code)
    by_id = {e.pk: e for e in enterprises}
    focus = [int(i) for i in focus_enterprise_ids]
    stray = [i for i in focus if i not in by_id]
    if stray:
        raise refuse(E.FOCUS_INVALID, _("重点企业不在本辖区获证在产企业之中"), field="focus_enterprise_ids")
    first, last = quarter_bounds(year, quarter)
    plan = create_record(
        actor=actor,
        instance=SamplingPlan(
            division_code=code,
            year=year,
            quarter=quarter,
            title=f"{label(year, quarter)}监督抽检计划",
            focus_varieties=[str(v) for v in focus_varieties],
            focus_items=[str(v) for v in focus_items],
            created_by=_user(actor),
        ),
        enterprise_id=None,
        action=A.PLAN_CREATE,
    )
    pairs = [(e, TaskKind.COVERAGE) for e in enterprises] + [(by_id[i], TaskKind.FOCUS) for i in focus]
    now = timezone.now()
    for ent, kind in pairs:
        task = create_record(
            actor=actor,
            instance=SamplingTask(plan=plan, enterprise=ent, kind=kind, due_on=last),
            enterprise_id=ent.pk,
            action=A.TASK_CREATE,
        )
        if obligations_for_tasks and last >= now.date():
            start = max(now, timezone.make_aware(dt.datetime.combine(first, dt.time(9))))
            ob = obligations.obligation_create(
                actor=actor,
                subject=task,
                title=f"{label(year, quarter)}抽样：{ent.name}",
                kind="sampling.task",
                rule_id=COVERAGE_RULE,
                owner_kind="office",
                owner_division=ent.division_code,
                unit="calendar_days",
                amount=max((last - timezone.localdate(start)).days, 1),
                starts_at=start,
                notify_owner=False,
            )
            update_record(  # the link to its duty is part of the task's record, in the ledger too
                actor=actor,
                instance=task,
                changes={"obligation_id": ob.pk},
                enterprise_id=task.enterprise_id,
                reason=str(ob.title),
                action=A.TASK_DUTY,
            )
    return plan


def _task(actor: Actor, task_id: int) -> SamplingTask:
    task = (
        access.scope(SamplingTask.objects.select_related("plan", "enterprise"), actor)
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise NotFound(_("未找到该对象或无权查看"))
    return task


@transaction.atomic
def task_no_production(*, actor: Actor, task_id: int, evidence_id: int | None, note: str) -> SamplingTask:
    """Close a coverage task: the enterprise did not produce this quarter (with evidence, never silently)."""
    access.require(actor, "sampling.sample.record")
    task = _task(actor, task_id)
    if task.status != TaskStatus.OPEN:
        raise refuse(E.TASK_CLOSED, _("该任务已完成"), field="task_id", error=Conflict)
    evidence = None
    if evidence_id:
        evidence = EvidenceFile.objects.filter(pk=evidence_id, enterprise_id=task.enterprise_id).first()
    if evidence is None or not str(note or "").strip():
        raise refuse(
            E.EVIDENCE_REQUIRED,
            _("记录未生产须上传该企业的证明材料并说明情况"),
            field="evidence_id",
        )
    task = update_record(
        actor=actor,
        instance=task,
        changes={"status": TaskStatus.NO_PRODUCTION, "evidence_id": evidence.pk, "note": note[:300]},
        enterprise_id=task.enterprise_id,
        reason="本季度未生产",
        action=A.TASK_NO_PRODUCTION,
    )
    _complete_obligation(actor, task)
    return task


def _complete_obligation(actor: Actor, task: SamplingTask) -> None:
    if not task.obligation_id:
        return
    from shouhu.workflow.obligations.models import Obligation, ObligationStatus

    ob = Obligation.objects.filter(pk=task.obligation_id).first()
    if ob is not None and ob.status != ObligationStatus.DONE:
        obligations.obligation_complete(actor=actor, obligation=ob, note=str(TaskStatus(task.status).label))
